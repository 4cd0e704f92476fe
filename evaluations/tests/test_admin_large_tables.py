"""The admin's change lists of the tables that grow with every partner, KPI and year (issue 18): their cost
stays the same whatever the number of rows, and the huge ones are not counted row by row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations.models import KPI, KPIResult, KPITarget
from evaluations.tests.factories import KPIFactory, KPIResultFactory
from partners.tests.factories import AgreementFactory, PartnerFactory
from portal.admin_tools import EstimatedCountPaginator

pytestmark = pytest.mark.django_db

RESULTS = reverse("admin:evaluations_kpiresult_changelist")


def _results(partners: int, *, start: int = 0) -> None:
    """Two KPIs' results in two years for each of `partners` new partners."""
    kpis = (
        [KPIFactory(code=f"L{i}") for i in range(2)] if start == 0 else list(KPI.objects.filter(code__in=["L0", "L1"]))
    )
    for i in range(start, start + partners):
        agreement = AgreementFactory(partner=PartnerFactory(name=f"Partner {i}", slug=f"partner-{i}"))
        for year in (2019, 2020):
            for kpi in kpis:
                KPIResultFactory(target__agreement=agreement, target__kpi=kpi, target__year=year)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_kpi_results_list_asks_as_many_queries_for_many_rows_as_for_few(client, superuser):
    client.force_login(superuser)
    _results(2)
    client.get(RESULTS)  # the session and the content types are cached after the first request
    few = _queries(client, RESULTS)
    _results(20, start=2)  # 88 results: a page of 88 rows, each naming its partner, KPI, target and report

    many = _queries(client, RESULTS)

    assert many == few
    response = client.get(RESULTS)
    assert response.context["cl"].result_count == KPIResult.objects.count() == 88
    assert "Partner 21" in response.content.decode()


def test_an_unfiltered_huge_table_is_counted_from_the_statistics_and_a_filtered_one_exactly(
    client, superuser, monkeypatch
):
    client.force_login(superuser)
    _results(3)  # 12 results, 6 of 2020
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE evaluations_kpiresult")
    monkeypatch.setattr(EstimatedCountPaginator, "ESTIMATE_ABOVE", 10)  # "huge" from 10 rows on

    with CaptureQueriesContext(connection) as queries:
        response = client.get(RESULTS)
    assert response.context["cl"].result_count == 12  # what ANALYZE counted
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper() and "evaluations_kpiresult" in q["sql"]]
    assert counts == []

    KPIResult.objects.filter(target__year=2019).delete()  # the statistics still say 12 rows
    assert client.get(RESULTS).context["cl"].result_count == 12
    filtered = client.get(RESULTS, {"report__year": "2020"})
    assert filtered.context["cl"].result_count == 6  # counted: a filter's count is exact


def test_the_year_filters_offer_the_years_there_are(client, superuser):
    client.force_login(superuser)
    _results(1)

    for url, parameter in [(RESULTS, "report__year"), (reverse("admin:evaluations_kpitarget_changelist"), "year")]:
        content = client.get(url).content.decode()
        assert f"?{parameter}=2020" in content and f"?{parameter}=2019" in content
        assert f"?{parameter}=2021" not in content
        assert client.get(url, {parameter: "2020"}).context["cl"].result_count == 2


def test_the_years_of_the_targets_newest_first_confirmed_and_up_to_a_year():
    agreement = AgreementFactory()
    kpi = KPIFactory()
    for year, status in [(2018, "confirmed"), (2019, "draft"), (2020, "confirmed"), (2022, "confirmed")]:
        KPITarget.objects.create(agreement=agreement, kpi=kpi, year=year, target_value=1, status=status)

    assert KPITarget.objects.years() == [2022, 2020, 2019, 2018]
    assert KPITarget.objects.years(status="confirmed", until=2021) == [2020, 2018]
    # a scoped queryset gives the same answer the plain way
    assert KPITarget.objects.filter(agreement=agreement).years(status="confirmed", until=2021) == [2020, 2018]


def test_a_row_of_a_big_list_is_selected_for_an_action_as_in_any_admin_list(client, superuser):
    """The checkbox the mixin writes itself is Django's own: same name, value and spoken label (in Dutch)."""
    from django.contrib import admin
    from django.contrib.admin import ModelAdmin

    _results(1)
    result = KPIResult.objects.first()
    client.force_login(superuser)
    page = client.get(RESULTS).content.decode()
    ours = admin.site._registry[KPIResult].action_checkbox(result)
    assert ours == ModelAdmin.action_checkbox(admin.site._registry[KPIResult], result)
    assert ours in page and "Selecteer dit object voor een actie" in ours
    response = client.post(RESULTS, {"action": "delete_selected", "_selected_action": [str(result.pk)], "index": "0"})
    assert response.status_code == 200 and str(result) in response.content.decode()  # the confirmation page
