"""Every dashboard runs a constant number of queries, whatever the number of partners, KPIs and years."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from demo.world import build_world

pytestmark = pytest.mark.django_db

# The bound per page: the same on 3 partners with 3 KPIs over 2 years as on 30 partners with 5 KPIs over 4.
# A handful are the portal's own on every page: the session, the user, their roles, the years of the header's
# working-year picker, what its middleware writes, and the header's unread-messages badge (conversations: the
# count, and for FIT users the account-manager lookup of the threads they follow).
BOUNDS = {
    # 7 for the page, + 6 for the manager's to-do list on top (portal.todo, a constant cost: the contact and
    # account-manager lookups of the roles' providers, the evaluations to sign off, and the three queries
    # of the escalations; evaluations/tests/test_todo.py bounds them on their own), + 1 since issue 15 for the
    # invitations and requests to join an action that wait for FIT's answer.
    "index": 15,
    "overview": 16,
    "overview-xlsx": 14,  # the page's queries plus the audit log entry of the export
    "partner": 24,
    # + the agreements in force (split, FIT's share) and the reasons for commitments above it; the sums per
    # partner are two grouped queries and the partners' names one (issue 18: no subqueries per partner)
    "budget": 18,
    "consultation": 17,  # + the rhythms agreed per year, and the bilateral meetings per partner (with its manager)
    "communication": 27,  # conversations, announcements, library, minutes approved and surveys: ~3 queries each
    # The joint actions' organisers, the structural partners of the year, the names of the other organisers, the
    # overlaps' outcomes and the directory's use (issue 15).
    "cooperation": 14,
    "value": 15,
    "account_managers": 13,
    # The budget per partner (+ the agreements in force and the reasons above FIT's share) and, since issue 14,
    # the year's communication figures (those of the communication dashboard); since issue 15 the partners per
    # versnelling, the projects' tool folders with their documents and their downloads per partner, and the
    # KPI results of two years for the signal "missed two years running", and the cooperation figures (those of
    # the cooperation dashboard: 5). Since issue 18 the tables too long to read are summarised in SQL: the
    # structural partners, the partners of the year, the evaluations and the improvement points per status
    # are counted first (+5, the budget's sums included), so that their rows are read only when shown.
    "annual_report": 64,
}


def urls(partner) -> dict[str, str]:
    return {
        "index": reverse("dashboards:index"),
        "overview": reverse("dashboards:overview") + "?year=2019",
        "overview-xlsx": reverse("dashboards:overview") + "?year=2019&export=xlsx&table=overview",
        "partner": reverse("dashboards:partner", args=[partner.pk]),
        "budget": reverse("dashboards:budget") + "?year=2019",
        "consultation": reverse("dashboards:consultation") + "?year=2019",
        "communication": reverse("dashboards:communication") + "?year=2019",
        "cooperation": reverse("dashboards:cooperation") + "?year=2019",
        "value": reverse("dashboards:value") + "?year=2019",
        "account_managers": reverse("dashboards:account_managers"),
        "annual_report": reverse("dashboards:annual_report", args=[2019]),
    }


def query_counts(client, partner) -> dict[str, int]:
    counts = {}
    for name, url in urls(partner).items():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts[name] = len(queries)
    return counts


def test_small_data_stays_under_the_bounds(client, manager, django_assert_max_num_queries):
    world = build_world(3, kpis=3, years=(2018, 2019))
    client.force_login(manager)
    for name, url in urls(world.partners[0]).items():
        with django_assert_max_num_queries(BOUNDS[name]):
            response = client.get(url)
        assert response.status_code == 200, url  # a refusal (403) runs fewer queries


def test_large_data_stays_under_the_same_bounds(client, manager, django_assert_max_num_queries):
    world = build_world(30, kpis=5, years=(2017, 2018, 2019, 2020))
    client.force_login(manager)
    for name, url in urls(world.partners[0]).items():
        with django_assert_max_num_queries(BOUNDS[name]):
            response = client.get(url)
        assert response.status_code == 200, url  # a refusal (403) runs fewer queries


def test_the_number_of_queries_does_not_grow_with_partners_kpis_or_years(client, manager):
    small = build_world(2, kpis=2, years=(2019,), prefix="a")
    client.force_login(manager)
    before = query_counts(client, small.partners[0])
    build_world(12, kpis=4, years=(2017, 2018, 2019, 2020), prefix="b")
    after = query_counts(client, small.partners[0])
    assert after == before


def test_an_annual_report_too_long_to_read_asks_as_many_queries_for_many_partners_as_for_few(client, manager, settings):
    """With every table summarised (more rows than DASHBOARDS["REPORT_TABLE_ROWS"]), the report reads the
    same number of queries at 3 partners as at 14, and stays within the report's bound."""
    settings.DASHBOARDS = {"REPORT_TABLE_ROWS": 1}
    url = reverse("dashboards:annual_report", args=[2019])
    client.force_login(manager)
    build_world(3, kpis=2, years=(2018, 2019), prefix="a")
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert 'id="full-report-partners"' in response.content.decode()  # the partners are summarised
    build_world(11, kpis=4, years=(2017, 2018, 2019), prefix="b")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few) <= BOUNDS["annual_report"]
