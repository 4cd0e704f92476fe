"""What the dashboards show: filters, sorting, statuses, warnings, cadence, value for money, account managers."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from budgets.tests.factories import BudgetLineFactory, BudgetYearFactory, PaymentFactory
from dashboards.queries.account_managers import account_manager_dashboard
from dashboards.queries.budget import budget_dashboard
from dashboards.queries.consultation import attendance_chart, consultation_dashboard
from dashboards.queries.overview import evaluation_overview
from dashboards.queries.value import value_for_money
from demo.world import at, build_world
from evaluations.tests.factories import KPIFactory
from partners.models import Versnelling
from partners.tests.factories import (
    AccountManagerFactory,
    AgreementFactory,
    AssignmentFactory,
    MomentFactory,
    PartnerFactory,
)

from .factories import report_with_results

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2020, 6, 1)


def badge_codes(rows, key="report"):
    return {row["partner"]: row[key].code for row in rows}


def test_the_report_status_is_none_draft_submitted_validated_returned_or_late():
    kpi = KPIFactory(code="K1")
    statuses = {
        "Geen": None,
        "Ontwerp": ("draft", datetime.date(2020, 12, 31)),
        "Te laat": ("draft", datetime.date(2020, 3, 31)),
        "Terug te laat": ("returned", datetime.date(2020, 3, 31)),
        "Ingediend": ("submitted", datetime.date(2020, 3, 31)),
        "Gevalideerd": ("validated", datetime.date(2020, 3, 31)),
    }
    for name, status in statuses.items():
        agreement = AgreementFactory(partner=PartnerFactory(name=name, slug=name.lower().replace(" ", "-")))
        if status:
            report_with_results(agreement, 2019, {kpi: (10, 10)}, status=status[0], deadline=status[1])
    codes = badge_codes(evaluation_overview(2019, today=TODAY).table.rows)
    assert codes == {
        "Geen": "none",
        "Ontwerp": "draft",
        "Te laat": "late",
        "Terug te laat": "late",
        "Ingediend": "submitted",
        "Gevalideerd": "validated",
    }


def test_the_overview_shows_score_and_open_improvement_points_and_missing_targets():
    world = build_world(2)
    only_some = AgreementFactory(partner=PartnerFactory(name="Zonder alles", slug="zonder"))
    report_with_results(only_some, 2019, {world.kpis[0]: (100, None)}, status="draft")
    rows = {row["partner"]: row for row in evaluation_overview(2019).table.rows}
    assert rows["P partner 000"]["score"] == 1 and rows["P partner 001"]["score"] == 2
    assert rows["P partner 000"]["open_points"] == 2  # one per evaluated year, both open
    empty = rows["Zonder alles"]
    assert empty["kpi-T00"].label == "geen resultaat"
    assert empty["kpi-T01"].label == "geen streefwaarde"
    assert empty["score"] is None and empty["open_points"] == 0


def test_the_overview_filters_by_kind_account_manager_and_versnelling(client, manager):
    world = build_world(4)
    first = world.partners[0]
    food = Versnelling.objects.create(code="food", name="Food")
    first.versnellingen.add(food)
    assert {r["partner"] for r in evaluation_overview(2019, kind="cluster").table.rows} == {"P partner 002"}
    manager_of_first = first.assignments.get().account_manager
    assert [r["partner"] for r in evaluation_overview(2019, account_manager=manager_of_first).table.rows] == [
        first.name
    ]
    assert [r["partner"] for r in evaluation_overview(2019, versnelling=food.pk).table.rows] == [first.name]
    client.force_login(manager)
    html = client.get(reverse("dashboards:overview"), {"year": 2019, "kind": "chamber"}).content.decode()
    assert "P partner 001" in html and "P partner 000" not in html


def test_an_invalid_filter_falls_back_to_the_defaults(client, manager):
    build_world(1)
    client.force_login(manager)
    response = client.get(reverse("dashboards:overview"), {"year": "abc", "kind": "nonsense", "account_manager": "x"})
    assert response.status_code == 200
    assert "P partner 000" in response.content.decode()


def test_the_overview_sorts_by_any_column_and_says_so_with_aria_sort(client, manager):
    world = build_world(3)
    # Make the three partners differ on the first KPI of 2019.
    for partner, actual in zip(world.partners, (80, 120, 100), strict=True):
        result = partner.agreements.get().kpi_targets.get(year=2019, kpi__code="T00").result
        result.actual_value = Decimal(actual)
        result.save()
    client.force_login(manager)
    html = client.get(reverse("dashboards:overview"), {"year": 2019, "o-overview": "-kpi-T00"}).content.decode()
    order = re.findall(r"P partner 00\d", html.split('id="table-overview"')[1])
    assert order[:3] == ["P partner 001", "P partner 002", "P partner 000"]
    assert re.search(r'<th scope="col" aria-sort="descending"[^>]*>\s*<a class="sort-link"[^>]*>T00', html)
    # The header links toggle the direction and keep the filters.
    assert 'href="?year=2019&amp;o-overview=kpi-T00' in html


def test_every_dashboard_page_has_one_h1_a_unique_title_and_accessible_tables(client, manager):
    world = build_world(2)
    client.force_login(manager)
    urls = [
        reverse("dashboards:index"),
        reverse("dashboards:overview"),
        reverse("dashboards:partner", args=[world.partners[0].pk]),
        reverse("dashboards:budget"),
        reverse("dashboards:consultation"),
        reverse("dashboards:value"),
        reverse("dashboards:account_managers"),
        reverse("dashboards:annual_report", args=[2019]),
    ]
    titles = set()
    for url in urls:
        html = client.get(url).content.decode()
        assert html.count("<h1") == 1, url
        titles.add(re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip())
        for table in re.findall(r"<table.*?</table>", html, re.S):
            assert "<caption" in table, url
            assert '<th scope="col"' in table, url
        assert " style=" not in html, url
        assert "<script>" not in html and "<script type" not in html, url  # only scripts with a src
        ids = re.findall(r' id="([^"]+)"', html)
        assert len(ids) == len(set(ids)), (url, [i for i in ids if ids.count(i) > 1])
    assert len(titles) == len(urls)


def test_charts_are_svg_images_with_a_name_and_unlocalised_numbers(client, manager):
    world = build_world(2)
    client.force_login(manager)
    html = client.get(reverse("dashboards:partner", args=[world.partners[0].pk])).content.decode()
    svgs = re.findall(r"<svg xmlns.*?</svg>", html, re.S)
    assert svgs
    for svg in svgs:
        assert 'role="img"' in svg and "aria-labelledby=" in svg and "<title id=" in svg
        assert not re.search(r'(?:x|y|width|height)="\d+,\d', svg), "a decimal comma in an SVG coordinate"
    assert "Cijfers in de tabel" in html


def test_the_budget_warns_about_over_commitment_and_lagging_payments():
    by = BudgetYearFactory(year=2019, commitment_authorisation=Decimal("100000"), payment_authorisation=Decimal("1"))
    agreement = AgreementFactory(partner=PartnerFactory(name="Laat", slug="laat"))
    line = BudgetLineFactory(budget_year=by, partner=agreement.partner, agreement=agreement, amount=Decimal("50000"))
    PaymentFactory(line=line, date=datetime.date(2019, 4, 15), amount=Decimal("30000"))
    agreement.year_amounts.create(year=2019, amount=Decimal("60000"))  # FIT's part: 30.000, less than committed
    data = budget_dashboard(2019, today=datetime.date(2020, 7, 1))
    (year_row,) = data.years.rows
    assert year_row["committed"] == Decimal("50000") and year_row["paid"] == Decimal("30000")
    assert [str(w) for w in year_row["warnings"]] == ["uitbetalingsmachtiging overschreden"]
    (row,) = data.partners.rows
    assert row["open"] == Decimal("20000") and row["paid_share"] == Decimal("60.0")
    warnings = [str(w) for w in row["warnings"]]
    assert "meer vastgelegd dan het aandeel van FIT in de overeenkomst" in warnings
    assert any(w.startswith("betalingsachterstand") for w in warnings)
    # Before the balance is due, the open amount is no warning yet.
    (early,) = budget_dashboard(2019, today=datetime.date(2020, 5, 1)).partners.rows
    assert not any(str(w).startswith("betalingsachterstand") for w in early["warnings"])


def test_the_budget_of_a_year_lists_the_partners_with_money_in_it():
    y2018, y2019 = (BudgetYearFactory(year=year) for year in (2018, 2019))
    committed, paid_late, idle = (PartnerFactory(name=name, slug=name.lower()) for name in ("Vast", "Laat", "Stil"))
    BudgetLineFactory(budget_year=y2019, partner=committed, amount=Decimal("1000"))
    old_line = BudgetLineFactory(budget_year=y2018, partner=paid_late, amount=Decimal("500"))
    PaymentFactory(line=old_line, date=datetime.date(2019, 3, 1), amount=Decimal("200"))  # paid in 2019
    BudgetLineFactory(budget_year=y2018, partner=idle, amount=Decimal("700"))  # nothing in 2019
    rows = {row["partner"]: row for row in budget_dashboard(2019).partners.rows}
    assert set(rows) == {"Vast", "Laat"}
    assert rows["Vast"]["committed"] == Decimal("1000") and rows["Vast"]["paid_in_year"] == Decimal("0")
    assert rows["Laat"]["committed"] == Decimal("0") and rows["Laat"]["paid_in_year"] == Decimal("200")


def test_the_budget_shows_the_co_funded_project_to_the_cent(client, manager):
    from budgets.tests.factories import FundingShareFactory, ProjectFactory

    project = ProjectFactory(name="Vlaanderen Versnelt", total_cost=Decimal("2000051.75"))
    for source, percentage in (("erdf", 40), ("hermes", 45), ("fit_vlaio", 15)):
        FundingShareFactory(project=project, source=source, percentage=Decimal(percentage))
    client.force_login(manager)
    html = client.get(reverse("dashboards:budget")).content.decode()
    for amount in ("€\u00a0800.020,70", "€\u00a0900.023,29", "€\u00a0300.007,76", "€\u00a02.000.051,75"):
        assert amount in html


def test_consultation_counts_answers_attendance_and_cadence():
    world = build_world(3)
    MomentFactory(kind="partner_day", status="held", starts_at=at(datetime.date(2019, 9, 18)))
    now = at(datetime.date(2019, 12, 31), 23)
    data = consultation_dashboard(2019, [2019], now=now)
    attendance = {row["partner"]: row for row in data.attendance.rows}
    # Invited to two formal moments and one bilateral meeting; partner 000 missed the formal ones.
    assert attendance["P partner 000"]["invited"] == 2 and attendance["P partner 000"]["present"] == 0
    assert attendance["P partner 001"]["rate"] == Decimal("100.0")
    cadence = {(row["year"], row["kind"]): row for row in data.cadence.rows}
    assert cadence[2019, "formeel overlegmoment"]["held"] == 2
    assert cadence[2019, "formeel overlegmoment"]["verdict"].code == "not-ok"  # 2 of the 4 a year
    assert cadence[2019, "partnerdag"]["verdict"].code == "ok"
    assert cadence[2019, "bilateraal overleg"]["held"] == len(world.partners)
    MomentFactory(kind="formal", status="planned", starts_at=at(datetime.date(2019, 12, 31), 8))  # not over yet
    assert consultation_dashboard(2019, [2019], now=at(datetime.date(2019, 12, 30))).cadence.rows[1][
        "verdict"
    ].code == (
        "not-ok"  # 2 held + 1 planned: still fewer than 4
    )
    upcoming = consultation_dashboard(2019, [2019]).upcoming.rows
    assert [(r["title"], r["invited"], r["yes"], r["pending"]) for r in upcoming] == [("Komend overleg", 3, 1, 2)]


def test_value_for_money_divides_what_was_paid_by_each_validated_volume_kpi():
    world = build_world(1, years=(2018, 2019))
    assert world.partners[0].budget_lines.get().budget_year.year == 2019  # paid 30.000 in April 2019
    rows = {row["year"]: row for row in value_for_money(None).table.rows}
    assert rows[2019]["paid"] == Decimal("30000") and rows[2019]["final"] == 0  # 2019 is submitted, not validated
    assert rows[2019]["per-T00"] is None
    assert rows[2018]["final"] == 3 and rows[2018]["achieved"] == 1  # 90 %, 100 % and 100/110 = 90,9 % (lower)
    assert rows[2018]["paid"] == Decimal("0") and rows[2018]["per-T00"] is None


def test_value_for_money_gives_euro_per_unit():
    kpi = KPIFactory(code="BED", name="Begeleide bedrijven", is_volume=True)
    agreement = AgreementFactory()
    report_with_results(agreement, 2019, {kpi: (100, 120)})
    line = BudgetLineFactory(
        budget_year=BudgetYearFactory(year=2019),
        partner=agreement.partner,
        agreement=agreement,
        amount=Decimal("60000"),
    )
    PaymentFactory(line=line, amount=Decimal("60000"))
    (row,) = value_for_money(2019).table.rows
    assert row["per-BED"] == Decimal("500.00")
    assert row["average"] == Decimal("120.0")


def test_account_managers_with_their_partners_time_share_and_reports_to_validate():
    world = build_world(2)
    second = AccountManagerFactory(user__first_name="Bart", user__last_name="Twee", time_share=Decimal("50"))
    extra = PartnerFactory(name="Extra", slug="extra")
    AssignmentFactory(partner=extra, account_manager=second)
    data = account_manager_dashboard()
    rows = {row["name"]: row for row in data.managers.rows}
    assert rows["Bart Twee"]["partners"] == ["Extra"] and rows["Bart Twee"]["awaiting"] == 0
    manager_of_first = str(world.partners[0].assignments.get().account_manager)
    assert rows[manager_of_first]["awaiting"] == 1  # the submitted 2019 report
    assert data.count == 3 and data.total_time_share == Decimal("90")
    assert len(data.awaiting.rows) == 2


def test_value_for_money_can_show_every_year_at_once(client, manager):
    build_world(1, years=(2018, 2019))
    client.force_login(manager)
    html = client.get(reverse("dashboards:value"), {"year": ""}).content.decode()
    assert "<h1>Waarde voor geld, alle jaren</h1>" in html
    assert '<option value="" selected>Alle jaren</option>' in html
    table = html.split('id="table-value"')[1]
    assert table.count("P partner 000") == 2  # one row per year


def test_the_budget_page_shows_each_partners_split_and_the_reasons(client, manager):
    by = BudgetYearFactory(year=2019, commitment_authorisation=Decimal("905000"))
    equal = AgreementFactory(partner=PartnerFactory(name="Gelijk", slug="gelijk"))
    other = AgreementFactory(
        partner=PartnerFactory(name="Anders", slug="anders"),
        partner_share=Decimal("40"),
        fit_share=Decimal("60"),
        split_reason="Regeringsbeslissing van 12/04/2019",
    )
    other.year_amounts.create(year=2019, amount=Decimal("10000"))
    BudgetLineFactory(budget_year=by, partner=equal.partner, agreement=equal, amount=Decimal("1000"))
    BudgetLineFactory(
        budget_year=by,
        partner=other.partner,
        agreement=other,
        amount=Decimal("7000"),
        over_share_reason="Extra handelsmissie",
    )
    client.force_login(manager)
    html = client.get(reverse("dashboards:budget"), {"year": 2019}).content.decode()
    assert "Cofinanciering partner / FIT (%)" in html
    assert "50 / 50" in html and "40 / 60" in html
    assert "verdeling: Regeringsbeslissing van 12/04/2019" in html
    assert "boven het aandeel van FIT: Extra handelsmissie" in html


def test_an_alert_shared_by_several_rows_becomes_one_note_and_a_marker():
    from dashboards.tables import LIST, Column, Table, shared_texts_as_notes

    rows = [{"p": "A", "w": ["late", "over"]}, {"p": "B", "w": ["late", "over"]}, {"p": "C", "w": ["late", "own"]}]
    table = Table("t", "T", [Column("p", "Partner"), Column("w", "Alerts", LIST)], rows)
    shortened, notes = shared_texts_as_notes(table, "w")
    assert [row["w"] for row in shortened.rows] == [["(1)"], ["(1)"], ["own"]]
    assert [note.label for note in notes] == ["Alle 3 partners in de tabel: late", "(1) over (2 partners)"]
    rows = [{"p": "A", "w": ["late"]}, {"p": "B", "w": ["late"]}]
    shortened, notes = shared_texts_as_notes(Table("t", "T", table.columns, rows), "w")
    assert [c.key for c in shortened.columns] == ["p"]  # nothing left to say per row: the column goes


def test_the_bilateral_row_holds_the_meetings_held_against_the_rhythm_agreed():
    from partners.tests.factories import AgreementFactory, PartnerFactory

    voka = PartnerFactory(name="Voka", slug="voka", bilaterals_per_year=4)
    unizo = PartnerFactory(name="UNIZO", slug="unizo", bilaterals_per_year=2)
    AgreementFactory(partner=voka, start_date=datetime.date(2017, 10, 3), end_date=datetime.date(2021, 12, 31))
    AgreementFactory(partner=unizo, start_date=datetime.date(2017, 10, 3), end_date=datetime.date(2021, 12, 31))
    for month in (2, 5, 9, 11):
        MomentFactory(kind="bilateral", status="held", partner=voka, starts_at=at(datetime.date(2019, month, 12)))
    MomentFactory(kind="bilateral", status="held", partner=unizo, starts_at=at(datetime.date(2019, 2, 14)))
    now = at(datetime.date(2019, 12, 31), 23)

    data = consultation_dashboard(2019, [2019], now=now)

    cadence = {(row["year"], row["kind"]): row for row in data.cadence.rows}
    row = cadence[2019, "bilateraal overleg"]
    assert (row["required"], row["held"], row["verdict"].code) == (6, 5, "not-ok")  # 4 + 2 agreed, 5 held
    per_partner = {row["partner"]: row for row in data.bilaterals.rows}
    assert (per_partner["Voka"]["agreed"], per_partner["Voka"]["held"]) == (4, 4)
    assert per_partner["Voka"]["verdict"].code == "ok"
    assert per_partner["UNIZO"]["verdict"].code == "not-ok"
    assert per_partner["UNIZO"]["next"] == datetime.date(2019, 8, 15)  # 14 February + 182 days


def test_foreign_network_representatives_do_not_count_as_a_partner_in_the_attendance():
    from partners.tests.factories import ForeignRepresentativeFactory, InvitationFactory

    world = build_world(1)
    moment = world.partners[0].invitations.filter(moment__kind="formal").first().moment
    InvitationFactory(moment=moment, contact=None, representative=ForeignRepresentativeFactory(), attended=True)
    data = consultation_dashboard(2019, [2019], now=at(datetime.date(2019, 12, 31), 23))
    assert [row["partner"] for row in data.attendance.rows] == [world.partners[0].name]
    assert attendance_chart(data.attendance.rows, 2019) is not None  # every bar has a partner's name


def test_a_year_without_an_agreed_rhythm_or_bilateral_meetings_is_not_called_met():
    from dashboards.queries.consultation import cadence_rows

    row = next(r for r in cadence_rows({}, [2025]) if r["kind"] == "bilateraal overleg")
    assert (row["required"], row["held"], row["verdict"].code) == (0, 0, "none")


def test_a_manager_finds_the_evaluation_to_sign_off_on_the_dashboards_index_too(manager_client, partner):
    from evaluations.models import EvaluationStatus
    from evaluations.tests.factories import EvaluationFactory

    evaluation = EvaluationFactory(
        agreement=AgreementFactory(partner=partner), year=2019, status=EvaluationStatus.SUBMITTED
    )
    html = manager_client.get(reverse("dashboards:index")).content.decode()
    todo = html[html.index('id="todo-heading"') : html.index("</section>")]
    assert "Te doen" in todo and "Een evaluatie goed te keuren" in todo
    edit = reverse("evaluations:evaluation_edit", args=[evaluation.pk])
    assert f'href="{edit}"' in todo
    assert html.index("</h1>") < html.index('id="todo-heading"') < html.index('class="lead"')  # on top
