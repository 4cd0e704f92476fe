import datetime
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import AuditEvent, Role, User
from announcements.models import AnnouncementRead
from announcements.tests.factories import AnnouncementFactory
from api.models import ApiToken
from budgets.tests.factories import (
    BudgetLineFactory,
    BudgetYearFactory,
    FundingShareFactory,
    PaymentFactory,
    ProjectFactory,
)
from conversations.models import Attachment, Message, Thread
from evaluations.models import (
    EvaluationScore,
    EvaluationTransition,
    ImprovementNote,
    OverlapRule,
    ProgrammePublication,
    ReportTransition,
)
from evaluations.tests.factories import (
    ActionFactory,
    EvaluationFactory,
    ImprovementPointFactory,
    KPIFactory,
    KPIResultFactory,
    KPITargetFactory,
)
from library.models import Download
from library.tests.factories import DocumentFactory, DocumentVersionFactory, FolderFactory
from notifications.models import DEFAULT_POLICIES, Heartbeat, Kind, OutboxMessage, ReminderPolicy
from partners.models import (
    AgreementYear,
    CalendarFeed,
    ConsultationMoment,
    Contact,
    ForeignOffice,
    Invitation,
    Partner,
    PartnerMarket,
    ProfileView,
    Theme,
    Versnelling,
)
from partners.tests.factories import (
    AccountManagerFactory,
    AgreementFactory,
    AssignmentFactory,
    ContactFactory,
    ForeignRepresentativeFactory,
    InvitationFactory,
    MomentFactory,
    PartnerFactory,
    PartnerUserFactory,
)
from portal.tests.admin_helpers import form_data, messages_of
from surveys.models import SurveyAnswer, SurveyResponse
from surveys.tests.factories import SurveyFactory

pytestmark = pytest.mark.django_db


def _is_ours(model) -> bool:
    """A model of one of the project's own apps (not Django's, not a package's such as django_celery_beat)."""
    path = Path(apps.get_app_config(model._meta.app_label).path)
    return path.is_relative_to(settings.BASE_DIR) and not path.is_relative_to(sys.prefix)


ADMINS = sorted(
    ((model, model_admin) for model, model_admin in admin.site._registry.items() if _is_ours(model)),
    key=lambda item: item[0]._meta.label,
)
# The changelists below list ROWS rows (where the model allows as many): a query per row would break
# CHANGELIST_MAX_QUERIES.
ROWS = 20
CHANGELIST_MAX_QUERIES = 20
PAGE_MAX_QUERIES = 30


def _build_world(rows: int) -> dict:
    """`rows` rows of every model, linked the way they are in real life; returns the first of each."""
    first = {}

    def keep(obj):
        first.setdefault(type(obj), obj)
        return obj

    for i in range(rows):
        versnelling = keep(Versnelling.objects.create(code=f"versnelling-{i}", name=f"Versnelling {i}", order=i))
        theme = keep(Theme.objects.create(name=f"Thema {i}"))
        office = keep(ForeignOffice.objects.create(city=f"Stad {i}", country="Land"))
        partner = keep(PartnerFactory(name=f"Partner {i}", slug=f"partner-{i}"))
        partner.versnellingen.add(versnelling)
        partner.themes.add(theme)
        partner_user = keep(PartnerUserFactory(contact__partner=partner))
        contact = keep(Contact.objects.get(user=partner_user))
        ContactFactory(partner=partner)
        manager = keep(AccountManagerFactory())
        keep(AssignmentFactory(partner=partner, account_manager=manager))
        agreement = keep(AgreementFactory(partner=partner))
        keep(AgreementYear.objects.create(agreement=agreement, year=2019, amount=Decimal("100000.00")))
        kpi = keep(KPIFactory(code=f"K{i:02d}"))
        target = keep(KPITargetFactory(agreement=agreement, kpi=kpi))
        result = keep(KPIResultFactory(target=target))
        report = keep(result.report)
        report.submitted_by, report.validated_by = partner_user, manager.user
        report.save()
        keep(
            ReportTransition.objects.create(report=report, from_status="draft", to_status="submitted", by=partner_user)
        )
        moment = keep(MomentFactory(kind=ConsultationMoment.Kind.BILATERAL, partner=partner, organiser=manager.user))
        moment.foreign_offices.add(office)
        keep(InvitationFactory(moment=moment, contact=contact))
        representative = keep(ForeignRepresentativeFactory(office=office))
        InvitationFactory(moment=moment, contact=None, representative=representative)
        evaluation = keep(EvaluationFactory(agreement=agreement, moment=moment, created_by=manager.user))
        keep(EvaluationScore.objects.create(evaluation=evaluation, kpi=kpi, score=4))
        keep(EvaluationTransition.objects.create(evaluation=evaluation, from_status="draft", to_status="submitted"))
        point = keep(ImprovementPointFactory(partner=partner, evaluation=evaluation, kpi=kpi, owner=manager.user))
        keep(ImprovementNote.objects.create(point=point, author=manager.user, text="Opgevolgd op het overleg."))
        action = keep(ActionFactory(partner=partner, versnelling=versnelling, decided_by=manager.user))
        action.themes.add(theme)
        budget_year = keep(BudgetYearFactory(year=2000 + i))
        line = keep(BudgetLineFactory(budget_year=budget_year, partner=partner, agreement=agreement))
        keep(PaymentFactory(line=line, date=datetime.date(2000 + i, 6, 30)))
        project = keep(ProjectFactory())
        project.partners.add(partner)
        for source, percentage in [("erdf", "40"), ("hermes", "45"), ("fit_vlaio", "15")]:
            keep(FundingShareFactory(project=project, source=source, percentage=Decimal(percentage)))
        keep(CalendarFeed.objects.create(user=partner_user))
        # the partner network (issue 15): a market on the profile, and another partner's profile read
        keep(PartnerMarket.objects.create(partner=partner, name="China"))
        read = PartnerFactory(name=f"Gelezen {i}", slug=f"gelezen-{i}")
        keep(ProfileView.objects.create(viewer=partner, viewed=read, day=datetime.date(2020, 3, 1 + i)))
        keep(AuditEvent.objects.create(kind=AuditEvent.Kind.LOGIN, user=partner_user, username="lies", detail={"i": i}))
        keep(
            OutboxMessage.objects.create(
                kind=Kind.INVITATION,
                recipient_email=contact.email,
                subject_key=f"moment:{moment.pk}",
                context={"moment_id": moment.pk, "report_id": report.pk},
                due_at=timezone.now(),
            )
        )
        # library and announcements (issue 14): a folder with a document of two versions, downloaded by the
        # partner, and an announcement read by its user.
        folder = keep(FolderFactory(name=f"Map {i}", year=2019))
        document = keep(DocumentFactory(folder=folder, created_by=manager.user))
        DocumentVersionFactory(document=document, number=1, uploaded_by=manager.user)
        version = keep(DocumentVersionFactory(document=document, number=2, uploaded_by=manager.user))
        keep(Download.objects.create(version=version, user=partner_user, partner=partner))
        announcement = keep(
            AnnouncementFactory(created_by=manager.user, published_at=timezone.now(), published_by=manager.user)
        )
        keep(AnnouncementRead.objects.create(announcement=announcement, user=partner_user))
        # conversations (issue 14): a thread about the report, with a message and its attachment.
        thread = keep(
            Thread.objects.create(partner=partner, subject=f"Vraag {i}", created_by=partner_user, report=report)
        )
        message = keep(Message.objects.create(thread=thread, author=partner_user, body="Hallo"))
        keep(Attachment.objects.create(message=message, file="conversations/x.pdf", name="x.pdf", size=10))
        # surveys (issue 14): a survey after a partner day, answered by the partner.
        survey = keep(SurveyFactory(created_by=manager.user))
        response = keep(SurveyResponse.objects.create(survey=survey, partner=partner, user=partner_user))
        keep(SurveyAnswer.objects.create(response=response, question=survey.score_question, score=4))
    keep(Heartbeat.objects.create(name=Heartbeat.PERIODIC_SWEEP, at=timezone.now()))
    keep(ApiToken.objects.issue(user=partner_user, name="Power BI")[0])
    keep(ProgrammePublication.objects.create(year=2019))
    keep(OverlapRule.objects.create(window_days=30))
    # One rule per target: made by a migration, but a transactional test may have flushed them.
    for target, days in DEFAULT_POLICIES.items():
        keep(ReminderPolicy.objects.get_or_create(target=target, defaults={"days_before": days})[0])
    return first


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module, inside a transaction rolled back at its end (each test runs in a savepoint)."""
    with django_db_blocker.unblock(), transaction.atomic():
        first = _build_world(ROWS)
        yield first
        transaction.set_rollback(True)


def _urls(model, obj) -> dict[str, str]:
    info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    return {
        "changelist": reverse(f"{info}_changelist"),
        "add": reverse(f"{info}_add"),
        "change": reverse(f"{info}_change", args=[obj.pk]),
        "history": reverse(f"{info}_history", args=[obj.pk]),
    }


def test_the_world_has_a_row_of_every_registered_model(world):
    missing = [model._meta.label for model, _admin in ADMINS if model not in world]
    assert missing == []


@pytest.mark.parametrize("persona", ["superuser", "staff"])
@pytest.mark.parametrize(("model", "model_admin"), ADMINS, ids=[model._meta.label for model, _admin in ADMINS])
def test_every_admin_page_renders_with_a_bounded_number_of_queries(
    world, persona, model, model_admin, request, client, django_assert_max_num_queries
):
    user = request.getfixturevalue(persona)
    # A model added without a migration that re-applies accounts.roles has no permissions in the groups.
    assert user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
    client.force_login(user)
    obj = world[model]
    urls = _urls(model, obj)

    with django_assert_max_num_queries(CHANGELIST_MAX_QUERIES):
        response = client.get(urls["changelist"])
    assert response.status_code == 200
    assert response.context["cl"].result_count == model._default_manager.count()

    fake_request = RequestFactory().get(urls["add"])
    fake_request.user = user
    with django_assert_max_num_queries(PAGE_MAX_QUERIES):
        response = client.get(urls["add"])
    # Read-only admins (a workflow's audit trail, feeds made by their users) have no add page.
    assert response.status_code == (200 if model_admin.has_add_permission(fake_request) else 403)

    with django_assert_max_num_queries(PAGE_MAX_QUERIES):
        response = client.get(urls["change"])
    assert response.status_code == 200

    if isinstance(model_admin, SimpleHistoryAdmin):
        with django_assert_max_num_queries(PAGE_MAX_QUERIES):
            response = client.get(urls["history"])
        assert response.status_code == 200


def test_admin_index_lists_the_domain_apps_for_staff(client, staff):
    client.force_login(staff)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    app_labels = {app["app_label"] for app in response.context["app_list"]}
    assert {"accounts", "partners", "evaluations", "budgets"} <= app_labels


def test_partner_user_is_sent_to_the_admin_login(client, partner_user):
    client.force_login(partner_user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_partner_user_cannot_open_an_admin_changelist(client, partner_user):
    client.force_login(partner_user)
    response = client.get(reverse("admin:partners_partner_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_staff_cannot_make_anyone_superuser(client, staff, partner_user):
    client.force_login(staff)
    url = reverse("admin:accounts_user_change", args=[partner_user.pk])
    data = form_data(client.get(url))
    data["is_superuser"] = ["on"]
    response = client.post(url, data)
    assert response.status_code == 302
    partner_user.refresh_from_db()
    assert not partner_user.is_superuser


def test_user_changelist_shows_the_roles(client, staff, partner_user):
    client.force_login(staff)
    response = client.get(reverse("admin:accounts_user_changelist"))
    assert "Partnergebruikers" in response.content.decode()


def test_saving_a_moment_on_11_july_warns_about_the_holiday(client, staff):
    client.force_login(staff)
    add_url = reverse("admin:partners_consultationmoment_add")
    data = form_data(client.get(add_url))
    data.update(
        kind=["formal"],
        title=["Overleg juli"],
        starts_at_0=["2019-07-11"],
        starts_at_1=["10:00"],
        ends_at_0=["2019-07-11"],
        ends_at_1=["12:00"],
    )
    response = client.post(add_url, data, follow=True)
    assert response.status_code == 200
    moment = ConsultationMoment.objects.get(title="Overleg juli")
    assert any("feestdag" in message and "11/07/2019" in message for message in messages_of(response))
    change_page = client.get(reverse("admin:partners_consultationmoment_change", args=[moment.pk])).content.decode()
    assert "Feest van de Vlaamse Gemeenschap" in change_page


def test_saving_a_moment_on_an_ordinary_day_gives_no_holiday_warning(client, staff):
    client.force_login(staff)
    add_url = reverse("admin:partners_consultationmoment_add")
    data = form_data(client.get(add_url))
    data.update(
        kind=["formal"],
        title=["Overleg september"],
        starts_at_0=["2019-09-17"],
        starts_at_1=["10:00"],
        ends_at_0=["2019-09-17"],
        ends_at_1=["12:00"],
    )
    response = client.post(add_url, data, follow=True)
    assert ConsultationMoment.objects.filter(title="Overleg september").exists()
    assert not any("feestdag" in message for message in messages_of(response))


def test_moving_a_published_moment_in_the_admin_tells_the_invitees(client, staff, partner):
    moment = MomentFactory(published_at=timezone.now())
    InvitationFactory(moment=moment, contact=ContactFactory(partner=partner, email="lies@voka.be"))
    client.force_login(staff)
    url = reverse("admin:partners_consultationmoment_change", args=[moment.pk])
    data = form_data(client.get(url))
    data["location"] = ["Online"]
    assert client.post(url, data).status_code == 302
    moment.refresh_from_db()
    assert moment.sequence == 1  # calendars replace the event
    assert (
        OutboxMessage.objects.about(f"moment:{moment.pk}")
        .filter(kind=Kind.CHANGE, recipient_email="lies@voka.be")
        .exists()
    )


def test_an_unpublished_moment_moves_without_messages(client, staff, partner):
    moment = MomentFactory()
    InvitationFactory(moment=moment, contact=ContactFactory(partner=partner))
    client.force_login(staff)
    url = reverse("admin:partners_consultationmoment_change", args=[moment.pk])
    data = form_data(client.get(url))
    data["location"] = ["Online"]
    assert client.post(url, data).status_code == 302
    assert not OutboxMessage.objects.about(f"moment:{moment.pk}").exists()


def test_cancelling_a_published_moment_in_the_admin_tells_the_invitees(client, staff, partner):
    moment = MomentFactory(published_at=timezone.now())
    InvitationFactory(moment=moment, contact=ContactFactory(partner=partner, email="lies@voka.be"))
    client.force_login(staff)
    url = reverse("admin:partners_consultationmoment_change", args=[moment.pk])
    data = form_data(client.get(url))
    data["status"] = ["cancelled"]
    assert client.post(url, data).status_code == 302
    assert OutboxMessage.objects.about(f"moment:{moment.pk}").filter(kind=Kind.CANCELLATION).count() == 1


def test_the_publish_action_sends_the_invitations(client, staff, partner):
    moment = MomentFactory()
    InvitationFactory(moment=moment, contact=ContactFactory(partner=partner, email="lies@voka.be"))
    client.force_login(staff)
    response = client.post(
        reverse("admin:partners_consultationmoment_changelist"),
        {"action": "publish", "_selected_action": [moment.pk]},
        follow=True,
    )
    assert response.status_code == 200
    moment.refresh_from_db()
    assert moment.is_published
    assert (
        OutboxMessage.objects.about(f"moment:{moment.pk}")
        .filter(kind=Kind.INVITATION, recipient_email="lies@voka.be")
        .exists()
    )


def test_contacts_invited_to_a_published_moment_get_their_invitation(client, staff, partner):
    moment = MomentFactory(published_at=timezone.now())
    ContactFactory(partner=partner, email="nieuw@voka.be")
    client.force_login(staff)
    url = reverse("admin:partners_consultationmoment_change", args=[moment.pk])
    data = form_data(client.get(url))
    data["invite_partners"] = [str(partner.pk)]
    assert client.post(url, data).status_code == 302
    assert (
        OutboxMessage.objects.about(f"moment:{moment.pk}")
        .filter(kind=Kind.INVITATION, recipient_email="nieuw@voka.be")
        .exists()
    )


def test_picking_partners_on_a_moment_invites_their_active_contacts(client, staff, partner, other_partner):
    active = ContactFactory(partner=partner)
    ContactFactory(partner=partner, is_active=False)
    other = ContactFactory(partner=other_partner)
    moment = MomentFactory()
    client.force_login(staff)
    url = reverse("admin:partners_consultationmoment_change", args=[moment.pk])
    data = form_data(client.get(url))
    data["invite_partners"] = [str(partner.pk), str(other_partner.pk)]
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert set(moment.invitations.values_list("contact_id", flat=True)) == {active.pk, other.pk}
    assert any("2 genodigden uitgenodigd" in message for message in messages_of(response))


def test_an_invitation_added_in_the_inline_of_a_published_moment_is_sent(client, staff, partner):
    moment = MomentFactory(published_at=timezone.now())
    contact = ContactFactory(partner=partner, email="nieuw@voka.be")
    client.force_login(staff)
    url = reverse("admin:partners_consultationmoment_change", args=[moment.pk])
    data = form_data(client.get(url))
    data.update(
        {
            "invitations-TOTAL_FORMS": ["1"],
            "invitations-0-contact": [str(contact.pk)],
            "invitations-0-rsvp": ["pending"],
        }
    )
    assert client.post(url, data).status_code == 302
    assert moment.invitations.get().partner == partner
    assert (
        OutboxMessage.objects.about(f"moment:{moment.pk}")
        .filter(kind=Kind.INVITATION, recipient_email="nieuw@voka.be")
        .exists()
    )


def test_the_invite_action_invites_the_other_contacts_of_invited_partners(client, staff, partner):
    invited = ContactFactory(partner=partner)
    colleague = ContactFactory(partner=partner)
    moment = MomentFactory()
    InvitationFactory(moment=moment, contact=invited)
    client.force_login(staff)
    response = client.post(
        reverse("admin:partners_consultationmoment_changelist"),
        {"action": "invite_active_contacts", "_selected_action": [moment.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert set(moment.invitations.values_list("contact_id", flat=True)) == {invited.pk, colleague.pk}
    assert Invitation.objects.get(moment=moment, contact=colleague).partner == partner


def test_agreement_page_shows_the_yearly_amounts_with_fit_and_partner_part(client, staff):
    agreement = AgreementFactory(fit_share=Decimal("50"), partner_share=Decimal("50"))
    AgreementYear.objects.create(agreement=agreement, year=2019, amount=Decimal("100000.01"))
    client.force_login(staff)
    page = client.get(reverse("admin:partners_agreement_change", args=[agreement.pk])).content.decode()
    assert "€\u00a0100.000,01" in page
    assert "€\u00a050.000,01" in page  # FIT: half, rounded half-up
    assert "€\u00a050.000,00" in page  # the partner: the rest


def test_partner_changelist_shows_the_current_account_manager(client, staff, partner, account_manager):
    client.force_login(staff)
    page = client.get(reverse("admin:partners_partner_changelist")).content.decode()
    assert escape(account_manager.get_full_name()) in page  # a made-up name may hold an apostrophe


def test_history_page_shows_who_changed_a_partner(client, staff, partner):
    client.force_login(staff)
    url = reverse("admin:partners_partner_change", args=[partner.pk])
    data = form_data(client.get(url))
    data["city"] = ["Brussel"]
    assert client.post(url, data).status_code == 302
    history = partner.history.first()
    assert history.history_user == staff
    page = client.get(reverse("admin:partners_partner_history", args=[partner.pk])).content.decode()
    assert "sofie" in page.lower()


def test_an_overlapping_account_manager_assignment_is_refused_in_the_partner_inline(client, staff, account_manager):
    partner = Partner.objects.get(slug="voka")
    client.force_login(staff)
    url = reverse("admin:partners_partner_change", args=[partner.pk])
    data = form_data(client.get(url))
    data.update(
        {
            "assignments-TOTAL_FORMS": [str(int(data["assignments-TOTAL_FORMS"][0]) + 1)],
            "assignments-1-account_manager": [str(account_manager.account_manager.pk)],
            "assignments-1-start_date": [timezone.localdate().isoformat()],
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "overlapt met een andere toewijzing" in response.content.decode()
    assert partner.assignments.count() == 1


def test_calendar_feeds_can_be_revoked_from_the_admin(client, staff, partner_user):
    feed = CalendarFeed.objects.create(user=partner_user)
    client.force_login(staff)
    response = client.post(
        reverse("admin:partners_calendarfeed_changelist"),
        {"action": "revoke", "_selected_action": [feed.pk]},
        follow=True,
    )
    assert response.status_code == 200
    feed.refresh_from_db()
    assert feed.revoked_at is not None


def test_staff_can_add_a_user_with_a_role(client, staff):
    client.force_login(staff)
    add_url = reverse("admin:accounts_user_add")
    data = form_data(client.get(add_url))
    data.update(username=["jan"], password1=["een lang wachtwoord 42"], password2=["een lang wachtwoord 42"])
    response = client.post(add_url, data)
    assert response.status_code == 302
    jan = User.objects.get(username="jan")
    change_url = reverse("admin:accounts_user_change", args=[jan.pk])
    data = form_data(client.get(change_url))
    data["groups"] = [str(Group.objects.get(name=Role.ACCOUNT_MANAGER.value).pk)]
    data["is_staff"] = ["on"]
    assert client.post(change_url, data).status_code == 302
    jan.refresh_from_db()
    assert jan.is_staff and jan.has_role(Role.ACCOUNT_MANAGER)


def test_the_moments_message_list_shows_every_time_in_brussels_time_on_both_sides_of_dst(client, staff, partner):
    moment = MomentFactory(
        starts_at=datetime.datetime(2019, 4, 2, 8, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2019, 4, 2, 10, 0, tzinfo=datetime.UTC),
    )
    # 21:43 UTC on 30 March is 22:43 in Brussels (CET); 20:43 UTC on 31 March is 22:43 too (CEST, since 02:00).
    for due, email in (
        (datetime.datetime(2019, 3, 30, 21, 43, tzinfo=datetime.UTC), "winter@voka.be"),
        (datetime.datetime(2019, 3, 31, 20, 43, tzinfo=datetime.UTC), "summer@voka.be"),
    ):
        OutboxMessage.objects.create(
            kind=Kind.REMINDER,
            recipient_email=email,
            subject_key=f"moment:{moment.pk}",
            context={"moment_id": moment.pk},
            offset=email,
            due_at=due,
            sent_at=due,
            status="sent",
        )
    client.force_login(staff)
    page = client.get(reverse("admin:partners_consultationmoment_change", args=[moment.pk])).content.decode()
    assert "30/03/2019 22:43" in page
    assert "31/03/2019 22:43" in page
    assert "21:43" not in page
    assert "20:43" not in page


def test_the_agreement_admin_refuses_a_60_40_split_without_a_reason_in_dutch(client, staff):
    from portal.tests.admin_helpers import form_data

    agreement = AgreementFactory()
    client.force_login(staff)
    url = reverse("admin:partners_agreement_change", args=[agreement.pk])
    data = form_data(client.get(url))
    data.update({"partner_share": ["40"], "fit_share": ["60"]})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "geef de reden voor een verdeling van 40 % (partner) en 60 % (FIT)" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.fit_share == Decimal("50")

    data["split_reason"] = ["Regeringsbeslissing: FIT draagt 60 %."]
    assert client.post(url, data).status_code == 302
    agreement.refresh_from_db()
    assert (agreement.fit_share, agreement.split_reason) == (Decimal("60"), "Regeringsbeslissing: FIT draagt 60 %.")
    changelist = client.get(reverse("admin:partners_agreement_changelist")).content.decode()
    assert "Regeringsbeslissing: FIT draagt 60 %." in changelist
