"""Issue 15 in Chromium on a phone: two partners turn an overlap into a joint action. Voka proposes a mission that
overlaps UNIZO's, invites UNIZO as co-organiser from the warning; UNIZO logs in and accepts; once FIT has accepted
Voka's proposal the programme shows both organisers."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import UserFactory
from evaluations.models import Action, ActionOverlap
from evaluations.services import action_decide, action_submit
from evaluations.tests.factories import ActionFactory
from evaluations.tests.test_browser import log_in, log_out
from partners.tests.factories import PartnerFactory, PartnerUserFactory
from portal.tests.browser_checks import FITS, LOW_CONTRAST

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEXT = timezone.localdate().year + 1


def test_two_partners_turn_an_overlap_into_a_joint_action(page, live_server):
    voka = PartnerFactory(name="Voka", slug="voka", is_structural=True)
    unizo = PartnerFactory(name="UNIZO", slug="unizo", is_structural=True)
    voka_user = PartnerUserFactory(username="partner-voka", first_name="Lies", contact__partner=voka)
    PartnerUserFactory(username="partner-unizo", first_name="Ufuk", contact__partner=unizo)
    day = datetime.date(NEXT, 5, 10)
    ActionFactory(
        partner=unizo,
        year=NEXT,
        title="UNIZO in Londen",
        start_date=day,
        end_date=day,
        country="Verenigd Koninkrijk",
        status=Action.Status.ACCEPTED,
    )
    page.set_default_timeout(10_000)
    page.set_viewport_size({"width": 390, "height": 844})

    log_in(page, live_server, "partner-voka")
    page.goto(f"{live_server.url}{reverse('evaluations:action_create')}")
    page.locator("#id_year").fill(str(NEXT))
    page.locator("#id_title").fill("Brexit-missie naar Londen")
    page.locator("#id_type").select_option("mission")
    page.locator("#id_start_date").fill(f"{NEXT}-05-12")
    page.locator("#id_country").fill("Verenigd Koninkrijk")
    page.get_by_role("button", name="Voorstellen aan FIT", exact=True).click()
    warning = page.get_by_role("alert").filter(has_text="Deze actie overlapt met andere acties")
    assert f"UNIZO plant een handelsmissie naar Verenigd Koninkrijk op 10/05/{NEXT}" in warning.inner_text()
    width, viewport = page.evaluate(FITS)
    assert width <= viewport and page.evaluate(LOW_CONTRAST) == []
    page.get_by_role("button", name="UNIZO uitnodigen als mede-organisator").click()
    page.get_by_text("UNIZO is uitgenodigd om uw actie mee te organiseren").wait_for()
    action = Action.objects.get(title="Brexit-missie naar Londen")
    assert action.status == Action.Status.DRAFT
    log_out(page)

    log_in(page, live_server, "partner-unizo")
    page.goto(f"{live_server.url}{reverse('evaluations:action_list')}")
    invitation = page.locator("#to-answer")
    assert "Voka nodigt u uit om ‘Brexit-missie naar Londen’ mee te organiseren" in invitation.inner_text()
    width, viewport = page.evaluate(FITS)
    assert width <= viewport and page.evaluate(LOW_CONTRAST) == []
    invitation.get_by_role("button", name="Aanvaarden").click()
    page.get_by_text("Aanvaard: ‘Brexit-missie naar Londen’ is nu een gezamenlijke actie.").wait_for()
    # UNIZO co-organises it now: the action is on its own list, with both organisers.
    row = page.locator(f"#action-{action.pk}")
    assert "Voka, UNIZO" in row.inner_text()
    assert ActionOverlap.objects.get(action=action).outcome == ActionOverlap.Outcome.MERGED

    # FIT accepts Voka's proposal into the programme (FIT's side is tested elsewhere).
    action_submit(action=action, user=voka_user)
    action_decide(action=action, user=UserFactory(roles=[Role.FIT_STAFF], is_staff=True), accept=True)
    page.goto(f"{live_server.url}{reverse('evaluations:programme_year', args=[NEXT])}")
    programme_row = page.locator(f"#action-{action.pk}")
    assert "Voka, UNIZO" in programme_row.inner_text()
    width, viewport = page.evaluate(FITS)
    assert width <= viewport and page.evaluate(LOW_CONTRAST) == []
