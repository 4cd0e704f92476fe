"""The demo data: the facts of the parliamentary question of 28 February 2019 (DOMAIN.md), loaded idempotently.

The demo is loaded once for the module, inside a transaction that is rolled back after the last test; each
test runs in a savepoint of it, so what a test changes is undone before the next one.
"""

import datetime
from collections import Counter
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings

from accounts.models import Role, User
from budgets.models import BudgetLine, BudgetYear, Payment, Project
from demo.load import _DemoBuilder, load_demo
from evaluations.models import KPI, Action, Evaluation, KPIReport, KPIResult, KPITarget, Rating
from partners.models import (
    AccountManager,
    AccountManagerAssignment,
    Agreement,
    AgreementYear,
    ConsultationMoment,
    Contact,
    Partner,
    Theme,
    Versnelling,
)
from portal.validators import enterprise_number_is_valid

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")
PORTAL_APPS = ("auth", "accounts", "partners", "evaluations", "budgets")
# The demo log-ins are hashed with PBKDF2 in real life; the tests need no slow hashing.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

STRUCTURAL_KINDS = {
    "Agoria": Partner.Kind.FEDERATION,
    "B-Hive": Partner.Kind.OTHER,
    "Belgo-Indian Chamber of Commerce & Industry": Partner.Kind.CHAMBER,
    "Belgo-Chinese Chamber of Commerce": Partner.Kind.CHAMBER,
    "DSP Valley": Partner.Kind.CLUSTER,
    "essenscia": Partner.Kind.FEDERATION,
    "EUKA": Partner.Kind.OTHER,
    "Fevia Vlaanderen": Partner.Kind.FEDERATION,
    "Fedustria": Partner.Kind.FEDERATION,
    "Flanders Cleantech Association": Partner.Kind.CLUSTER,
    "Vlaams-Chinese Kamer van Koophandel": Partner.Kind.CHAMBER,
    "VIL": Partner.Kind.SPEARHEAD_CLUSTER,
    "flanders.bio": Partner.Kind.CLUSTER,
    "Startups.be": Partner.Kind.OTHER,
    "Voka": Partner.Kind.EMPLOYERS,
    "UNIZO": Partner.Kind.EMPLOYERS,
    "VKW Limburg": Partner.Kind.EMPLOYERS,
}
SPEARHEAD_CLUSTERS = {"Catalisti", "SIM", "Flux50", "VIL", "Flanders' FOOD", "De Blauwe Cluster"}
RESEARCH_CENTRES = {"imec", "VITO", "VIB", "Flanders Make"}
VERSNELLINGEN = {
    "Life Sciences",
    "Food",
    "Smart Logistics",
    "Solution Driven Engineering & Technologies",
    "Sustainable Resources",
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)


def row_counts() -> dict[str, int]:
    """Rows per model of the portal, history and many-to-many tables included."""
    return {
        model._meta.label: model._default_manager.count()
        for app_label in PORTAL_APPS
        for model in apps.get_app_config(app_label).get_models(include_auto_created=True)
    }


# Idempotence and validity.


def test_a_second_run_changes_nothing_and_writes_no_history(demo):
    before = row_counts()

    summary = load_demo()

    assert not summary.changed
    assert row_counts() == before
    assert before["partners.HistoricalPartner"] > 0  # the history tables are among the counted ones


def test_a_run_restores_a_changed_fact_and_nothing_else_not_even_a_changed_password(demo):
    Partner.objects.filter(slug="voka").update(city="Gent")
    user = User.objects.get(username="partner-voka")
    user.set_password("a longer secret of its own")
    user.save()

    summary = load_demo()

    assert summary.updated == Counter({"partners.Partner": 1})
    assert not summary.created
    assert Partner.objects.get(slug="voka").city == "Brussel"
    user.refresh_from_db()
    assert user.check_password("a longer secret of its own")


def test_a_failing_run_leaves_the_database_as_it_was(demo, monkeypatch):
    Partner.objects.filter(slug="voka").update(city="Gent")

    def fail(self):
        raise RuntimeError("boom")

    monkeypatch.setattr(_DemoBuilder, "assignments", fail)  # the step after the partners are restored
    with pytest.raises(RuntimeError):
        load_demo()

    assert Partner.objects.get(slug="voka").city == "Gent"


def test_every_row_of_the_demo_passes_full_clean(demo):
    for app_label in ("accounts", "partners", "evaluations", "budgets"):
        for model in apps.get_app_config(app_label).get_models():
            if model._meta.object_name.startswith("Historical"):
                continue
            for obj in model._default_manager.select_related():
                obj.full_clean()


# Partners and their people.


def test_the_17_structural_partners_are_those_of_the_announcement_with_their_kinds(demo):
    structural = dict(Partner.objects.structural().values_list("name", "kind"))

    assert structural == STRUCTURAL_KINDS
    assert Partner.objects.get(slug="voka").is_structural


def test_every_partner_has_a_valid_enterprise_number_a_city_and_a_website(demo):
    for partner in Partner.objects.all():
        assert enterprise_number_is_valid(partner.enterprise_number), partner
        assert partner.city, partner
        assert partner.website.startswith("https://"), partner


def test_six_spearhead_clusters_with_vil_once_both_structural_and_spearhead(demo):
    spearheads = Partner.objects.filter(kind=Partner.Kind.SPEARHEAD_CLUSTER)

    assert set(spearheads.values_list("name", flat=True)) == SPEARHEAD_CLUSTERS
    assert set(spearheads.filter(is_structural=True).values_list("slug", flat=True)) == {"vil"}
    assert Partner.objects.filter(name="VIL").count() == 1
    assert set(spearheads.values_list("associated_since", flat=True)) == {datetime.date(2018, 9, 1)}


def test_four_strategic_research_centres_are_associated_since_september_2018(demo):
    centres = Partner.objects.filter(kind=Partner.Kind.RESEARCH_CENTRE)

    assert set(centres.values_list("name", flat=True)) == RESEARCH_CENTRES
    assert not centres.filter(is_structural=True).exists()
    assert Partner.objects.associated().count() == 9  # VIL is structural, so not merely associated


def test_the_five_versnellingen_and_the_partners_in_them(demo):
    assert set(Versnelling.objects.values_list("name", flat=True)) == VERSNELLINGEN
    assert Partner.objects.get(slug="fevia").versnellingen.get().name == "Food"


def test_brexit_runs_through_several_partnerships_and_actions(demo):
    brexit = Theme.objects.get(name="Brexit")

    assert brexit.partners.structural().count() >= 3
    assert brexit.actions.filter(year=2019, status=Action.Status.ACCEPTED).count() >= 3


def test_every_partner_has_two_contacts_one_of_whom_reports(demo):
    for partner in Partner.objects.prefetch_related("contacts"):
        contacts = list(partner.contacts.all())
        assert len(contacts) == 2, partner
        assert sum(contact.is_reporting_contact for contact in contacts) == 1, partner

    assert Contact.objects.filter(partner__slug="belgo-indian", language="en").exists()
    assert Contact.objects.filter(language="nl").count() > 2 * Contact.objects.filter(language="en").count()


# Account managers.


def test_15_account_managers_are_staff_with_part_of_their_time(demo):
    managers = AccountManager.objects.select_related("user")

    assert managers.count() == 15
    for manager in managers:
        assert manager.user.is_staff
        assert manager.user.has_role(Role.ACCOUNT_MANAGER)
        assert Decimal(20) <= manager.time_share <= Decimal(50)


def test_every_structural_partner_has_exactly_one_current_account_manager(demo):
    for partner in Partner.objects.structural().with_current_account_manager():
        assert len(partner.current_assignments) == 1, partner


def test_two_account_managers_look_after_two_partners_and_accountmanager_looks_after_voka(demo):
    current = AccountManagerAssignment.objects.current()
    partners_per_manager = Counter(current.values_list("account_manager__user__username", flat=True))

    assert sorted(partners_per_manager.values()) == [1] * 13 + [2, 2]
    assert partners_per_manager["accountmanager"] == 2
    assert Partner.objects.get(slug="voka").current_account_manager.user.username == "accountmanager"


# Agreements, KPIs and reports.


def test_the_agreements_run_2017_2021_signed_on_3_october_2017_at_50_50(demo):
    agreements = Agreement.objects.select_related("partner")

    assert agreements.count() == 17
    for agreement in agreements:
        assert agreement.partner.is_structural
        assert (agreement.start_date, agreement.end_date) == (datetime.date(2017, 1, 1), datetime.date(2021, 12, 31))
        assert agreement.signed_on == datetime.date(2017, 10, 3)
        assert agreement.partner_share == agreement.fit_share == Decimal(50)
        assert list(agreement.year_amounts.values_list("year", flat=True)) == [2017, 2018, 2019, 2020, 2021]
    assert Agreement.objects.get(partner__slug="voka").reference == "SO-2017-VOKA"


def test_fits_parts_of_the_2019_yearly_amounts_are_its_2019_budget_lines(demo):
    years = AgreementYear.objects.filter(year=2019).select_related("agreement")
    lines = {line.agreement_id: line.amount for line in BudgetLine.objects.filter(budget_year__year=2019)}

    assert sum(year.fit_amount for year in years) <= Decimal("905000.00")
    assert {year.agreement_id: year.fit_amount for year in years} == lines


def test_the_eight_kpis_are_higher_is_better_and_only_the_satisfaction_score_is_a_percentage(demo):
    kpis = {kpi.code: kpi for kpi in KPI.objects.all()}

    assert sorted(kpis) == [f"KPI0{n}" for n in range(1, 9)]
    assert {kpi.direction for kpi in kpis.values()} == {"higher"}
    assert kpis["KPI07"].unit == "%"
    assert [code for code, kpi in kpis.items() if not kpi.is_volume] == ["KPI07"]
    assert kpis["KPI01"].name == "Aantal begeleide bedrijven"


def test_every_agreement_has_targets_2017_2020_and_reports_2017_2019_with_a_result_per_target(demo):
    assert Counter(KPITarget.objects.values_list("year", flat=True)) == {2017: 136, 2018: 136, 2019: 136, 2020: 136}
    for report in KPIReport.objects.all():
        assert report.results.count() == 8
        assert report.deadline == datetime.date(report.year + 1, 3, 31)
    assert Counter(KPIReport.objects.values_list("year", flat=True)) == {2017: 17, 2018: 17, 2019: 17}


def test_earlier_reports_are_validated_and_2019_shows_every_state_of_the_workflow(demo):
    statuses_2019 = Counter(KPIReport.objects.filter(year=2019).values_list("status", flat=True))

    assert not KPIReport.objects.filter(year__lt=2019).exclude(status="validated").exists()
    assert statuses_2019["draft"] == 1
    assert statuses_2019["returned"] == 1
    assert statuses_2019["submitted"] >= 2
    assert statuses_2019["validated"] > statuses_2019["submitted"]
    returned = KPIReport.objects.get(year=2019, status="returned")
    assert returned.review_comment
    assert returned.transitions.filter(to_status="returned").exists()


def test_a_few_targets_are_missed_and_one_badly(demo):
    results = list(KPIResult.objects.filter(actual_value__isnull=False).select_related("target__kpi"))
    ratings = Counter(result.rating() for result in results)

    missed = ratings[Rating.AMBER] + ratings[Rating.RED]
    assert 0 < missed < len(results) / 4
    assert ratings[Rating.RED] > 0


# Consultation moments and evaluations.


def test_the_partner_day_was_held_on_18_september_2018_in_brussels_with_the_structural_partners(demo):
    partner_day = ConsultationMoment.objects.get(kind=ConsultationMoment.Kind.PARTNER_DAY)
    starts, ends = partner_day.starts_at.astimezone(BRUSSELS), partner_day.ends_at.astimezone(BRUSSELS)

    assert starts.date() == datetime.date(2018, 9, 18)
    assert (starts.time(), ends.time()) == (datetime.time(9, 30), datetime.time(16, 30))
    assert partner_day.status == ConsultationMoment.Status.HELD
    assert partner_day.published_at < partner_day.starts_at
    invitations = partner_day.invitations.all()
    assert {invitation.partner.name for invitation in invitations} == set(STRUCTURAL_KINDS)
    assert not invitations.filter(rsvp="pending").exists()
    assert invitations.filter(attended=True).count() > invitations.filter(attended=False).count() > 0


def test_the_2018_programme_evaluation_has_the_two_improvement_points_of_the_partner_day(demo):
    evaluation = Evaluation.objects.programme_wide().get(year=2018)
    points = list(evaluation.improvement_points.all())

    assert evaluation.moment.kind == ConsultationMoment.Kind.PARTNER_DAY
    assert evaluation.status == Evaluation.Status.SHARED
    assert len(points) == 2
    assert {point.title for point in points} == {
        "Meer afstemming, communicatie en informatie-uitwisseling tussen de partners en FIT",
        "Meer samenwerking tussen de partners onderling",
    }
    for point in points:
        assert point.is_programme_wide
        assert point.owner is not None
        assert point.due_date.year == 2019
        assert point.notes.count() == 1


def test_every_agreement_has_a_shared_evaluation_of_2018_with_a_score(demo):
    evaluations = Evaluation.objects.filter(year=2018, agreement__isnull=False)

    assert evaluations.count() == 17
    assert set(evaluations.values_list("status", flat=True)) == {Evaluation.Status.SHARED}
    assert not evaluations.filter(score__isnull=True).exists()


def test_the_four_formal_consultations_of_2019_are_in_march_may_june_and_september_not_on_holidays(demo):
    moments = list(ConsultationMoment.objects.filter(kind=ConsultationMoment.Kind.FORMAL).order_by("starts_at"))

    assert [moment.starts_at.astimezone(BRUSSELS).month for moment in moments] == [3, 5, 6, 9]
    assert {moment.starts_at.astimezone(BRUSSELS).year for moment in moments} == {2019}
    for moment in moments:
        assert moment.status == ConsultationMoment.Status.HELD
        assert moment.holiday_warning is None, moment
        assert set(moment.invitations.values_list("partner__name", flat=True)) >= set(STRUCTURAL_KINDS)


def test_the_foreign_network_joins_several_consultations_and_brexit_is_on_an_agenda(demo):
    moments = ConsultationMoment.objects.filter(kind=ConsultationMoment.Kind.FORMAL).prefetch_related("foreign_offices")

    assert sum(1 for moment in moments if moment.foreign_offices.all()) >= 2
    assert any("Brexit" in moment.agenda for moment in moments)
    assert moments.filter(foreign_offices__city="Londen").exists()


# Action programme, budget and ERDF project.


def test_the_action_programme_2019_holds_fits_and_accepted_partner_actions_and_2020_has_proposals(demo):
    programme = Action.objects.in_programme(2019)

    assert programme.of_fit().exists()
    assert programme.filter(partner__isnull=False).count() >= 10
    assert programme.filter(themes__name="Brexit", versnelling__isnull=False).exists()
    assert Action.objects.filter(year=2019, status=Action.Status.DECLINED).exclude(decision_reason="").exists()
    assert set(Action.objects.filter(year=2020).values_list("status", flat=True)) == {"submitted", "draft"}


def test_budget_2019_commits_905000_and_pays_at_most_1000000(demo):
    budget = BudgetYear.objects.with_totals().get(year=2019)

    assert budget.commitment_authorisation == Decimal("905000.00")
    assert budget.payment_authorisation == Decimal("1000000.00")
    assert budget.budget_article
    assert budget.committed == Decimal("905000.00")
    assert Decimal(0) < budget.paid <= Decimal("1000000.00")
    assert budget.lines.count() == 17
    assert set(Payment.objects.filter(date__year=2019).values_list("date__year", flat=True)) == {2019}


def test_no_budget_line_is_paid_beyond_its_amount_nor_any_year_beyond_its_authorisations(demo):
    for line in BudgetLine.objects.all():
        assert line.paid_total() <= line.amount, line
    for budget in BudgetYear.objects.with_totals():
        assert budget.committed <= budget.commitment_authorisation
        assert budget.paid <= budget.payment_authorisation


def test_the_erdf_project_splits_its_cost_40_45_15_to_the_cent(demo):
    project = Project.objects.get(name="Vlaanderen Versnelt")
    amounts = {share.source: amount for share, amount in project.funding_amounts()}

    assert amounts == {"erdf": Decimal("800020.70"), "hermes": Decimal("900023.29"), "fit_vlaio": Decimal("300007.76")}
    assert sum(amounts.values()) == project.total_cost == Decimal("2000051.75")
    deliverables = project.deliverables.lower()
    assert "retentiemanager" in deliverables
    assert "verover de wereld" in deliverables
    assert "brandingtoolkit" in deliverables


# Log-ins and the command.


def test_the_demo_logins_authenticate_with_the_password_demo(demo, rf):
    usernames = {login.username for login in demo.logins}
    partner_slugs = Partner.objects.filter(is_structural=True) | Partner.objects.associated()

    assert {"admin", "accountmanager", "manager"} <= usernames
    assert {f"partner-{slug}" for slug in partner_slugs.values_list("slug", flat=True)} <= usernames
    for username in usernames:
        assert authenticate(rf.get("/"), username=username, password="demo") is not None, username
    assert authenticate(rf.get("/"), username="admin", password="wrong") is None


def test_the_demo_logins_have_their_roles(demo):
    admin = User.objects.get(username="admin")
    manager = User.objects.get(username="manager")
    partner_voka = User.objects.get(username="partner-voka")

    assert admin.is_superuser and admin.is_staff
    assert manager.is_staff and manager.has_role(Role.MANAGER) and not manager.is_superuser
    assert User.objects.get(username="accountmanager").account_manager.current_partners().count() == 2
    assert partner_voka.contact.partner.slug == "voka"
    assert partner_voka.contact.is_reporting_contact
    assert partner_voka.is_partner_user and not partner_voka.is_staff
    assert not User.objects.filter(username__startswith="partner-", is_staff=True).exists()


def test_the_command_forced_with_debug_off_prints_the_summary_and_the_logins(demo, settings):
    settings.DEBUG = False
    out = StringIO()

    call_command("load_demo", "--force", stdout=out)

    text = out.getvalue()
    assert "nothing changed" in text
    assert "€ 905.000,00" in text
    assert "partner-voka" in text
    assert "account manager of Voka and UNIZO" in text


def test_the_command_refuses_to_run_with_debug_off(demo, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo", stdout=StringIO())
