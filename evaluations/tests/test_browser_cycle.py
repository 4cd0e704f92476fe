"""End to end in Chromium: one full yearly cycle, from preparing 2020 to the partner's response on 2019."""

import re
from decimal import Decimal

import pytest

from accounts.models import Role
from accounts.tests.factories import UserFactory
from evaluations.models import Evaluation, ImprovementPoint, KPIReport, KPITarget
from evaluations.tests.factories import KPIFactory, KPIResultFactory
from evaluations.tests.test_browser import log_in, log_out
from partners.tests.factories import (
    AccountManagerFactory,
    AgreementFactory,
    AssignmentFactory,
    PartnerFactory,
    PartnerUserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def voka_2019():
    voka = PartnerFactory(name="Voka", slug="voka")
    PartnerUserFactory(username="partner-voka", first_name="Lies", contact__partner=voka)
    manager = AccountManagerFactory(user__username="accountmanager", user__first_name="An", user__last_name="Claes")
    AssignmentFactory(partner=voka, account_manager=manager)
    UserFactory(username="manager", first_name="Marc", roles=[Role.MANAGER], is_staff=True)
    agreement = AgreementFactory(partner=voka)
    for code, name, target, actual in [
        ("KPI01", "Begeleide bedrijven", 100, 120),
        ("KPI02", "Startende exporteurs", 10, 6),
    ]:
        KPIResultFactory(
            target__agreement=agreement,
            target__year=2019,
            target__kpi=KPIFactory(code=code, name=name),
            target__target_value=Decimal(target),
            actual_value=Decimal(actual),
        )
    KPIReport.objects.update(status="validated")
    return agreement


def test_one_full_cycle(page, live_server, voka_2019):
    page.set_default_timeout(10_000)
    agreement = voka_2019

    # The account manager prepares 2020 from 2019 and raises one target.
    log_in(page, live_server, "accountmanager")
    page.goto(f"{live_server.url}/staff/prepare/2020/{agreement.pk}/")
    page.get_by_role("button", name="Overnemen uit 2019 als ontwerp").click()
    page.get_by_text("2 doelstellingen en 0 begrotingslijnen voorbereid").wait_for()
    page.get_by_label("KPI01 Begeleide bedrijven, streefwaarde (bedrijven)").fill("110")
    page.get_by_role("button", name="Ontwerpen voor 2020 bevestigen").click()
    page.get_by_text("2 ontwerpen bevestigd").wait_for()
    assert KPITarget.objects.get(year=2020, kpi__code="KPI01").target_value == Decimal("110")
    assert set(KPITarget.objects.filter(year=2020).values_list("status", flat=True)) == {"confirmed"}

    # ...then evaluates 2019: KPI02 was missed and becomes an improvement point.
    page.goto(f"{live_server.url}/staff/evaluations/?year=2019")
    page.get_by_role("button", name=re.compile(r"^Evaluatie starten\W+Voka$")).click()
    page.get_by_text("Voorstel: KPI02 haalde de streefwaarde niet.").wait_for()
    for select in page.get_by_label("Score", exact=True).all():
        select.select_option("4")
    page.get_by_label("Totaalscore").select_option("4")
    page.get_by_label("Conclusie").fill("Sterk jaar; de startende exporteurs blijven achter.")
    page.get_by_role("button", name="Indienen ter goedkeuring").click()
    page.get_by_text("De evaluatie is ingediend ter goedkeuring").wait_for()
    point = ImprovementPoint.objects.get()
    assert point.kpi.code == "KPI02" and point.partner == agreement.partner
    evaluation = Evaluation.objects.get()
    log_out(page)

    # The manager signs it off and shares it.
    log_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/staff/evaluations/{evaluation.pk}/")
    page.get_by_role("button", name="Goedkeuren").click()
    page.get_by_text("De evaluatie is goedgekeurd").wait_for()
    page.get_by_role("button", name="Delen met de partner").click()
    page.get_by_text("De evaluatie is gedeeld met de partner").wait_for()
    log_out(page)

    # The partner reads it and responds.
    log_in(page, live_server, "partner-voka")
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    menu.get_by_role("button", name="Opvolging").click()
    menu.get_by_role("link", name="Evaluaties").click()
    page.get_by_role("link", name="Evaluatie Voka 2019").click()
    page.get_by_text("Sterk jaar; de startende exporteurs blijven achter.").wait_for()
    page.get_by_text("KPI02 Startende exporteurs: streefwaarde niet gehaald in 2019").wait_for()
    page.get_by_role("textbox", name="Uw reactie").fill("Akkoord. We plannen een startersdag export.")
    page.get_by_role("button", name="Reactie bewaren").click()
    page.get_by_text("Uw reactie is bewaard").wait_for()
    evaluation.refresh_from_db()
    assert evaluation.status == "shared"
    assert evaluation.partner_response == "Akkoord. We plannen een startersdag export."
    assert list(evaluation.transitions.values_list("to_status", flat=True)) == ["submitted", "signed_off", "shared"]
