"""In Chromium, at a laptop's and a phone's size: FIT staff plan a consultation moment and publish it without
the admin, seeing the holiday warning while they choose the date."""

import datetime

import pytest
from django.utils import timezone

from evaluations.tests.test_browser import log_in
from notifications.models import Kind, OutboxMessage
from partners.models import ConsultationMoment
from partners.tests.factories import ContactFactory, ForeignRepresentativeFactory, PartnerFactory
from partners.tests.test_staff_moments import a_weekday

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits_the_width(page) -> bool:
    """Measured once the page has loaded: a click on a link only starts the navigation, and measuring the
    document being replaced fails."""
    page.wait_for_load_state("load")
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("viewport", [(1366, 768), (390, 844)], ids=["laptop", "phone"])
def test_staff_plan_and_publish_a_moment_without_the_admin(page, live_server, staff, viewport):
    width, height = viewport
    page.set_viewport_size({"width": width, "height": height})
    page.set_default_timeout(10_000)
    page.on("dialog", lambda dialog: dialog.accept())
    voka = PartnerFactory(name="Voka", slug="voka", is_structural=True)
    ContactFactory(partner=voka, first_name="Lies", last_name="Peeters")
    ContactFactory(partner=PartnerFactory(name="Agoria", slug="agoria", is_structural=True), last_name="Janssens")
    london = ForeignRepresentativeFactory(
        office__city="Londen", office__country="Verenigd Koninkrijk", first_name="Lotte", last_name="Vermeersch"
    )

    log_in(page, live_server, staff.username)
    page.get_by_role("link", name="Overlegmomenten plannen en opvolgen").click()
    page.get_by_role("link", name="Een overlegmoment plannen").click()
    page.get_by_label("Titel").wait_for()
    assert fits_the_width(page)

    page.get_by_label("Titel").fill("Formeel overleg met Londen")
    christmas = f"{timezone.localdate().year + 1}-12-25"
    page.get_by_label("Datum").fill(christmas)
    warning = page.locator("#date-warning")
    warning.get_by_text("Kerstmis").wait_for()  # shown while choosing, before saving
    day = a_weekday()
    page.get_by_label("Datum").fill(day.isoformat())
    warning.wait_for(state="hidden")
    page.get_by_label("Beginuur").fill("14:00")
    page.get_by_label("Einduur").fill("17:00")
    page.get_by_label("alle structurele partners").check()
    page.get_by_label("Londen (Verenigd Koninkrijk) – Lotte Vermeersch").check()
    page.get_by_role("button", name="Plannen").click()

    page.get_by_text("Het overlegmoment is gepland. 3 genodigden toegevoegd.").wait_for()
    assert fits_the_width(page)
    page.locator(".invitee-who").get_by_text("Lotte Vermeersch").wait_for()
    page.get_by_text("nog niet gepubliceerd").wait_for()
    moment = ConsultationMoment.objects.get()
    assert timezone.localtime(moment.starts_at) == timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(14))
    )
    assert not OutboxMessage.objects.exists()

    page.get_by_role("button", name="Publiceren: de uitnodigingen versturen").click()
    page.get_by_text("Gepubliceerd: 3 genodigden krijgen de uitnodiging.").wait_for()
    assert fits_the_width(page)
    assert set(OutboxMessage.objects.filter(kind=Kind.INVITATION).values_list("recipient_email", flat=True)) == {
        *(i.invitee.email for i in moment.invitations.all())
    }
    assert london.email in OutboxMessage.objects.values_list("recipient_email", flat=True)
