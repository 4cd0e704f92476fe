"""The staff home's reporting grid at FIT's size and far beyond (issue 18): paged, filtered by partner, account
manager and the working year's report status, reading only the shown partners' reports, in a number of queries
that does not grow with the partners."""

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.tests.factories import KPIReportFactory, KPITargetFactory
from partners.tests.factories import AccountManagerFactory, AgreementFactory, AssignmentFactory, PartnerFactory

pytestmark = pytest.mark.django_db

HOME = reverse("evaluations:staff_home")


def partners_with_targets(count: int, *, prefix: str = "Partner", year: int = 2021, report_status=None):
    made = []
    for i in range(count):
        partner = PartnerFactory(name=f"{prefix} {i:03d}", slug=f"{prefix.lower()}-{i:03d}", is_structural=True)
        agreement = AgreementFactory(partner=partner)
        KPITargetFactory(agreement=agreement, year=year)
        if report_status:
            KPIReportFactory(agreement=agreement, year=year, status=report_status, submitted_at=timezone.now())
        made.append(partner)
    return made


def grid(response) -> list[str]:
    return [row["partner"].name for row in response.context["rows"]]


def test_the_grid_comes_in_pages_of_fifty(client, staff):
    partners_with_targets(60)
    client.force_login(staff)
    first = client.get(HOME)
    assert len(grid(first)) == 50
    assert "60 partners" in first.content.decode()
    second = client.get(HOME, {"page": 2})
    assert grid(second) == [f"Partner {i:03d}" for i in range(50, 60)]
    assert client.get(HOME, {"page": "laatste"}).status_code == 200  # a bad page number: the first page


def test_the_grid_filters_by_name_account_manager_and_report_status(client, staff):
    not_started = partners_with_targets(3, prefix="Kamer")
    submitted = partners_with_targets(2, prefix="Federatie", report_status="submitted")
    an = AccountManagerFactory(user__first_name="An")
    AssignmentFactory(partner=submitted[0], account_manager=an)
    client.force_login(staff)

    assert grid(client.get(HOME, {"q": "kamer"})) == [p.name for p in not_started]
    assert grid(client.get(HOME, {"account_manager": an.pk})) == [submitted[0].name]
    assert grid(client.get(HOME, {"status": "not_started"})) == [p.name for p in not_started]
    assert grid(client.get(HOME, {"status": "submitted"})) == [p.name for p in submitted]
    response = client.get(HOME, {"status": "validated"})
    assert grid(response) == []
    assert "Geen partners voldoen aan deze filters." in response.content.decode()


@pytest.mark.parametrize("query", [{"status": "verloren"}, {"account_manager": "abc"}, {"q": "x" * 200}])
def test_a_bad_filter_is_a_message_and_filters_nothing(client, staff, query):
    partners_with_targets(2)
    client.force_login(staff)
    response = client.get(HOME, query)
    assert response.status_code == 200
    assert response.context["filters"].errors
    assert len(grid(response)) == 2


def test_an_account_manager_opens_on_their_partners_and_reaches_all_in_one_click(client, account_manager, partner):
    KPITargetFactory(agreement=AgreementFactory(partner=partner), year=2021)
    others = partners_with_targets(2)
    client.force_login(account_manager)
    assert grid(client.get(HOME)) == ["Voka"]
    assert grid(client.get(HOME, {"all": "1"})) == [*(p.name for p in others), "Voka"]


def test_the_grid_costs_the_same_queries_for_5_or_120_partners(client, staff, django_assert_max_num_queries):
    partners_with_targets(5, report_status="submitted")
    client.force_login(staff)
    client.get(HOME)  # the session's first request
    with django_assert_max_num_queries(40) as captured:
        client.get(HOME)
    small = len(captured)
    partners_with_targets(115, prefix="Extra", report_status="submitted")
    with django_assert_max_num_queries(small):
        response = client.get(HOME)
    assert len(grid(response)) == 50
    assert len(response.context["awaiting"]) == 20
    assert response.context["more_awaiting"]
