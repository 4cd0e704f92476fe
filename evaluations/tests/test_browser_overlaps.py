"""Issue 15 in Chromium on a phone: the proposer sees the overlap, keeps the action with a reason; FIT sees it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from demo.load import load_demo
from evaluations.models import Action, ActionOverlap
from portal.tests.browser_checks import FITS, LOW_CONTRAST, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_proposer_keeps_an_overlapping_mission_with_a_reason_on_a_phone(page, live_server):
    load_demo()
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "partner-voka")
    page.goto(f"{live_server.url}{reverse('evaluations:action_create')}")
    page.locator("#id_year").fill(str(timezone.localdate().year + 1))
    page.locator("#id_title").fill("Tweede missie naar Londen")
    page.locator("#id_type").select_option("mission")
    page.locator("#id_start_date").fill("2019-05-10")
    page.locator("#id_country").fill("verenigd koninkrijk")
    page.get_by_role("button", name="Voorstellen aan FIT", exact=True).click()
    warning = page.get_by_role("alert").filter(has_text="Deze actie overlapt met andere acties")
    assert "Een andere partner plant een handelsmissie naar Verenigd Koninkrijk op 10/05/2019" in warning.inner_text()
    width, viewport = page.evaluate(FITS)
    assert width <= viewport and page.evaluate(LOW_CONTRAST) == []
    assert not Action.objects.filter(title="Tweede missie naar Londen").exists()
    page.get_by_role("button", name="Behouden en voorstellen aan FIT").click()
    assert "Zeg waarom u deze actie toch behoudt." in page.content()
    page.get_by_label("Waarom behoudt u deze actie toch?").fill("Een ander publiek")
    page.get_by_role("button", name="Behouden en voorstellen aan FIT").click()
    page.get_by_text("Uw actie is voorgesteld aan FIT.").wait_for()
    action = Action.objects.get(title="Tweede missie naar Londen")
    assert action.status == Action.Status.SUBMITTED
    assert set(ActionOverlap.objects.filter(action=action).values_list("reason", flat=True)) == {"Een ander publiek"}
