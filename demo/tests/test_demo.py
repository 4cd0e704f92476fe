"""The demo data: the facts of the parliamentary question of 28 February 2019 (DOMAIN.md), loaded idempotently.

The tests check the facts of the source text, not the demo's own made-up figures (a test that restates
partners/demo/data.py cannot catch a bug in it). The demo is loaded once for the module, inside a
transaction that is rolled back after the last test; each test runs in a savepoint of it, so what a test
changes is undone before the next one.
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
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from budgets.models import BudgetYear, Project
from demo.load import _DemoBuilder, load_demo
from evaluations.models import Evaluation
from notifications.tests.test_preferences import checked_choice
from partners.models import AccountManager, AccountManagerAssignment, Agreement, ConsultationMoment, Partner

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")
PORTAL_APPS = ("auth", "accounts", "partners", "evaluations", "budgets", "library", "announcements")

# The public announcement of October 2017.
STRUCTURAL_PARTNERS = {
    "Agoria",
    "B-Hive",
    "Belgo-Indian Chamber of Commerce & Industry",
    "Belgo-Chinese Chamber of Commerce",
    "DSP Valley",
    "essenscia",
    "EUKA",
    "Fevia Vlaanderen",
    "Fedustria",
    "Flanders Cleantech Association",
    "Vlaams-Chinese Kamer van Koophandel",
    "VIL",
    "flanders.bio",
    "Startups.be",
    "Voka",
    "UNIZO",
    "VKW Limburg",
}
SPEARHEAD_CLUSTERS = {"Catalisti", "SIM", "Flux50", "VIL", "Flanders' FOOD", "De Blauwe Cluster"}
RESEARCH_CENTRES = {"imec", "VITO", "VIB", "Flanders Make"}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
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
    city = Partner.objects.get(slug="voka").city
    Partner.objects.filter(slug="voka").update(city="Elders")
    user = User.objects.get(username="partner-voka")
    user.set_password("a longer secret of its own")
    user.save()

    summary = load_demo()

    assert summary.updated == Counter({"partners.Partner": 1})
    assert not summary.created
    assert Partner.objects.get(slug="voka").city == city
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


# The facts of the source text.


def test_the_17_structural_partners_of_the_announcement_signed_on_3_october_2017_for_2017_2021_at_50_50(demo):
    assert set(Partner.objects.structural().values_list("name", flat=True)) == STRUCTURAL_PARTNERS
    agreements = Agreement.objects.select_related("partner")
    assert {agreement.partner.name for agreement in agreements} == STRUCTURAL_PARTNERS
    for agreement in agreements:
        assert agreement.signed_on == datetime.date(2017, 10, 3), agreement
        assert (agreement.start_date.year, agreement.end_date.year) == (2017, 2021), agreement
        assert agreement.partner_share == agreement.fit_share, agreement


def test_15_account_managers_look_after_the_17_partners_one_each(demo):
    assert AccountManager.objects.count() == 15
    for partner in Partner.objects.structural().with_current_account_manager():
        assert len(partner.current_assignments) == 1, partner
    # ...so two of them look after two partners, and none after none.
    current = AccountManagerAssignment.objects.current()
    assert not AccountManager.objects.exclude(pk__in=current.values("account_manager")).exists()


def test_six_spearhead_clusters_and_four_research_centres_with_vil_one_organisation(demo):
    spearheads = Partner.objects.filter(kind=Partner.Kind.SPEARHEAD_CLUSTER)
    assert set(spearheads.values_list("name", flat=True)) == SPEARHEAD_CLUSTERS
    centres = Partner.objects.filter(kind=Partner.Kind.RESEARCH_CENTRE)
    assert set(centres.values_list("name", flat=True)) == RESEARCH_CENTRES
    # VIL is a structural partner and a spearhead cluster: one organisation, one agreement.
    vil = Partner.objects.get(name="VIL")
    assert vil.is_structural and vil.kind == Partner.Kind.SPEARHEAD_CLUSTER
    assert Agreement.objects.filter(partner=vil).count() == 1
    assert Partner.objects.count() == len(STRUCTURAL_PARTNERS | SPEARHEAD_CLUSTERS | RESEARCH_CENTRES) == 26


def test_budget_2019_has_905000_euro_to_commit_and_1000000_to_pay(demo):
    budget = BudgetYear.objects.with_totals().get(year=2019)

    assert budget.commitment_authorisation == Decimal("905000.00")
    assert budget.payment_authorisation == Decimal("1000000.00")
    assert budget.committed <= budget.commitment_authorisation
    assert Decimal(0) < budget.paid <= budget.payment_authorisation


def test_the_erdf_project_of_2000051_75_euro_splits_40_45_15_to_the_cent(demo):
    project = Project.objects.get(name="Vlaanderen Versnelt")
    amounts = {share.source: amount for share, amount in project.funding_amounts()}

    assert project.total_cost == Decimal("2000051.75")
    assert amounts == {"erdf": Decimal("800020.70"), "hermes": Decimal("900023.29"), "fit_vlaio": Decimal("300007.76")}
    assert sum(amounts.values()) == project.total_cost


def test_the_partner_day_of_18_september_2018_gave_the_two_improvement_points(demo):
    partner_day = ConsultationMoment.objects.get(kind=ConsultationMoment.Kind.PARTNER_DAY, starts_at__year=2018)
    assert partner_day.starts_at.astimezone(BRUSSELS).date() == datetime.date(2018, 9, 18)
    assert partner_day.status == ConsultationMoment.Status.HELD
    assert set(partner_day.invitations.values_list("partner__name", flat=True)) == STRUCTURAL_PARTNERS
    evaluation = Evaluation.objects.programme_wide().get(moment=partner_day)
    assert {point.title for point in evaluation.improvement_points.all()} == {
        "Meer afstemming, communicatie en informatie-uitwisseling tussen de partners en FIT",
        "Meer samenwerking tussen de partners onderling",
    }


def test_four_formal_consultations_in_2019_in_march_may_june_and_september(demo):
    moments = ConsultationMoment.objects.filter(kind=ConsultationMoment.Kind.FORMAL, starts_at__year=2019).order_by(
        "starts_at"
    )
    starts = [moment.starts_at.astimezone(BRUSSELS) for moment in moments]

    assert [(start.year, start.month) for start in starts] == [(2019, 3), (2019, 5), (2019, 6), (2019, 9)]
    assert not [moment for moment in moments if moment.holiday_warning]


# Log-ins and the command.


def test_every_demo_login_finds_something_on_its_to_do_list(demo, rf):
    from django.contrib.sessions.backends.db import SessionStore

    from portal.todo import todo_items

    empty = []
    for login in demo.logins:
        request = rf.get("/")
        request.user = User.objects.get(username=login.username)
        request.session = SessionStore()
        if not todo_items(request):
            empty.append(login.username)
    assert empty == []


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
    assert not partner_voka.is_staff
    assert not User.objects.filter(username__startswith="partner-", is_staff=True).exists()


def test_the_command_forced_with_debug_off_prints_the_summary_and_the_logins(demo, settings):
    settings.DEBUG = False
    out = StringIO()

    call_command("load_demo", "--force", stdout=out)

    text = out.getvalue()
    assert "nothing changed" in text
    assert "€\u00a0905.000,00" in text
    assert "partner-voka" in text
    assert "account manager of Voka and UNIZO" in text


def test_the_command_refuses_to_run_with_debug_off(demo, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo", stdout=StringIO())


def test_extra_partners_join_the_demo_on_its_own_kpis_and_a_second_run_adds_none(demo, client):
    out = StringIO()
    call_command("load_demo", extra_partners=3, force=True, stdout=out)
    assert "Extra partners: 3 added" in out.getvalue()
    extra = Partner.objects.filter(slug__startswith="extra").order_by("slug")
    assert extra.count() == 3
    # They report on the demo's own indicators, for the agreements' years, and leave the seed's facts alone.
    codes = set(extra[0].agreements.get().kpi_targets.values_list("kpi__code", flat=True))
    assert codes and not any(code.startswith("T") and code[1:].isdigit() for code in codes)
    assert BudgetYear.objects.get(year=2019).commitment_authorisation == Decimal("905000")
    assert ConsultationMoment.objects.filter(kind="formal", starts_at__year=2019).count() == 4
    call_command("load_demo", extra_partners=3, force=True, stdout=StringIO())
    assert Partner.objects.filter(slug__startswith="extra").count() == 3
    client.force_login(User.objects.get(username="manager"))
    html = client.get("/dashboards/evaluations/", {"year": 2019}).content.decode()
    assert "EXTRA partner 000" in html


def test_the_demos_improvement_points_were_entered_on_the_day_of_their_evaluation(demo):
    from evaluations.models import ImprovementPoint

    points = ImprovementPoint.objects.select_related("evaluation__moment")
    assert points.count() >= 5
    for point in points:
        assert point.evaluation.date is not None
        assert timezone.localtime(point.created_at).date() == point.evaluation.date == point.raised_on


# -- notice preferences (issue 14) --


def test_voka_reads_announcements_in_a_daily_digest_at_eight_on_its_notices_page(demo, client):
    client.force_login(User.objects.get(username="partner-voka"))
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert checked_choice(page, "kind_announcement") == "digest"
    assert '<option value="8" selected>08:00</option>' in page


# The library and the announcements (issue 14).


def test_voka_sees_the_branding_toolkit_and_its_own_agreement_and_agoria_not_vokas_agreement(demo):
    from library.models import Document

    voka = User.objects.get(username="partner-voka")
    agoria = User.objects.get(username="partner-agoria")
    titles = set(Document.objects.visible_to(voka).values_list("title", flat=True))
    assert {"Huisstijlgids Vlaanderen Versnelt", "Getekende samenwerkingsovereenkomst 2017-2021"} <= titles
    assert "Getekende samenwerkingsovereenkomst 2017-2021" not in set(
        Document.objects.visible_to(agoria).values_list("title", flat=True)
    )
    assert Document.objects.get(title="Huisstijlgids Vlaanderen Versnelt").versions.count() == 2


def test_the_demos_files_pass_the_portals_own_upload_check():
    from django.core.files.base import ContentFile

    from demo.load import demo_pdf, demo_png
    from portal.uploads import validate_document

    validate_document(ContentFile(demo_pdf("Huisstijlgids (v1)"), name="huisstijlgids.pdf"))
    validate_document(ContentFile(demo_png("logos.png"), name="logos.png"))


def test_partner_voka_finds_one_unread_announcement_on_the_home(demo, client):
    client.force_login(User.objects.get(username="partner-voka"))
    response = client.get("/partner/")
    assert len(response.context["unread_announcements"]) == 1


def test_the_programmes_2019_to_2021_are_public_with_a_change_log_and_later_years_are_not(demo, client):
    """Issue 15: "vanaf Actieprogramma 2019 ook de acties van de structurele partners", published without log-in;
    after publication one action was added, one moved and one cancelled."""
    from evaluations.models import ProgrammeChange, ProgrammePublication

    assert ProgrammePublication.objects.published_years() == [2021, 2020, 2019]
    changes = ProgrammePublication.objects.get(year=2019).changes()
    assert sorted(change.kind for change in changes) == [
        ProgrammeChange.ADDED,
        ProgrammeChange.CANCELLED,
        ProgrammeChange.MOVED,
    ]
    assert all(change.at.year == 2019 for change in changes)
    page = client.get(reverse("evaluations:public_programme", args=[2019])).content.decode()
    assert "Brexit-workshops voor kmo&#x27;s" in page and "Voka" in page  # a partner's action, by its partner
    assert "Fintechreis naar Singapore" not in page  # declined
    assert "Handelsmissie naar Londen voor kmo" not in page  # still a proposal
    assert "verplaatst" in page and "geannuleerd" in page and "toegevoegd" in page
    for year in (2020, 2021):
        assert ProgrammePublication.objects.get(year=year).changes() == []
        assert client.get(reverse("evaluations:public_programme", args=[year])).status_code == 200
    assert client.get(reverse("evaluations:public_programme", args=[2022])).status_code == 404


def test_voka_meets_the_partner_network_in_the_demo(demo, client):
    """Issue 15: profiles with markets and listed contacts, a partner not shown in who-comes lists, and the
    directory's use in 2019-2021 for the cooperation figures."""
    from partners.models import ProfileView

    client.force_login(User.objects.get(username="partner-voka"))
    directory = client.get(reverse("partners:directory"), {"country": "Verenigd Koninkrijk"})
    assert {"UNIZO", "Agoria", "Voka"} <= {partner.name for partner in directory.context["page"]}
    unizo = client.get(reverse("partners:profile", args=["unizo"]))
    assert unizo.context["partner"].listed, "UNIZO lists a contact"
    march = ConsultationMoment.objects.get(kind="formal", starts_at__year=2019, starts_at__month=3)
    coming = client.get(reverse("partners:moment_detail", args=[march.pk])).context["coming"]
    assert "Agoria" in {p.name for p in coming} and "B-Hive" not in {p.name for p in coming}
    assert march.invitations.filter(partner__slug="b-hive", rsvp="yes").exists()  # it comes, unseen
    for year in (2019, 2020, 2021):
        assert ProfileView.objects.use_in(year)["viewers"] > 1
