"""The permission matrix: for every URL of the project (the admin excepted, Django guards it) and every
role, the status code a request gets. The URL list comes from the URL conf, so a new URL without a row
here fails `test_every_url_has_a_row`. A URL with more than one case has a row per case, named
"<url name> <case>".

Roles: anonymous, a partner user of organisation A (Voka), one of B (Agoria), A's account manager, B's
account manager, a manager, FIT staff and a superuser. Objects in URLs belong to A, so the column of B's
partner user is the isolation walk: another partner's object is 404 on every URL, FIT's pages 403, and a
refused POST changes nothing.

The users and objects are built once for the module, in a transaction rolled back after its last test;
each test runs in a savepoint of it, so what one changes is undone before the next.
"""

import datetime
from dataclasses import dataclass, field

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import UserFactory
from announcements.models import Announcement, AnnouncementRead
from api.models import ApiToken
from budgets.tests.factories import BudgetLineFactory, PaymentFactory
from conversations.models import Message, Thread, ThreadRead
from evaluations.models import Action, ActionOverlap, CoOrganiser, Evaluation, ProgrammePublication
from evaluations.tests.factories import ActionFactory, ImprovementPointFactory, KPIResultFactory
from library.models import Document, DocumentVersion
from notifications.models import DigestSetting, Heartbeat, NotificationPreference, OutboxMessage
from partners.models import (
    CalendarFeed,
    ConsultationMoment,
    Contact,
    Invitation,
    MinutesApproval,
    MinutesComment,
    Partner,
    PartnerMarket,
    ProfileView,
)
from partners.tests.factories import (
    AccountManagerFactory,
    AgreementFactory,
    AssignmentFactory,
    ContactFactory,
    InvitationFactory,
    PartnerFactory,
    PartnerUserFactory,
)
from surveys.models import Survey, SurveyResponse

ROLES = [
    "anonymous",
    "partner_a",
    "partner_b",
    "account_manager",
    "account_manager_b",
    "manager",
    "staff",
    "superuser",
]
FIT = ["account_manager", "account_manager_b", "manager", "staff", "superuser"]
LOGIN = "login"  # a redirect to the log-in page


@dataclass
class Row:
    url: object  # a callable (world) -> str
    expect: dict[str, object]
    method: str = "get"
    data: dict = field(default_factory=dict)


def expect(default=None, **by_role) -> dict[str, object]:
    return {role: by_role.get(role, default) for role in ROLES}


def partner_page(**overrides):
    """A page of the partner's own organisation: partners only, FIT gets 403."""
    return expect(403, **{"anonymous": LOGIN, "partner_a": 200, "partner_b": 200, **overrides})


def partner_object(ok=200, **overrides):
    """A's object on the partner side: A gets it, B gets 404, FIT 403."""
    return expect(403, **{"anonymous": LOGIN, "partner_a": ok, "partner_b": 404, **overrides})


def staff_page(ok=200, **overrides):
    return expect(ok, **{"anonymous": LOGIN, "partner_a": 403, "partner_b": 403, **overrides})


def public(ok=200, **overrides):
    return expect(ok, **overrides)


def api_list():
    """An API list: every user gets one (a partner's holds only its own rows), anonymous 401."""
    return expect(200, anonymous=401)


def api_object():
    """A's row through the API: B gets 404, as in the portal."""
    return expect(200, anonymous=401, partner_b=404)


def api_fit():
    """FIT's own figures (budgets): partners 403."""
    return expect(200, anonymous=401, partner_a=403, partner_b=403)


MATRIX: dict[str, Row] = {
    # accounts
    "login": Row(lambda w: reverse("login"), public(200, **{r: 302 for r in ROLES if r != "anonymous"})),
    "logout": Row(lambda w: reverse("logout"), public(302), method="post"),
    "password_change": Row(lambda w: reverse("password_change"), expect(200, anonymous=LOGIN)),
    "password_change_done": Row(lambda w: reverse("password_change_done"), expect(200, anonymous=LOGIN)),
    "password_reset": Row(lambda w: reverse("password_reset"), public(200)),
    "password_reset_done": Row(lambda w: reverse("password_reset_done"), public(200)),
    "password_reset_confirm": Row(lambda w: reverse("password_reset_confirm", args=["MQ", "x-y"]), public(200)),
    "password_reset_complete": Row(lambda w: reverse("password_reset_complete"), public(200)),
    "no_role": Row(lambda w: reverse("no_role"), expect(200, anonymous=LOGIN)),
    # allauth's names for the log-in pages, and its pages the portal uses (issue 16)
    "account_login": Row(
        lambda w: reverse("account_login"), public(200, **{r: 302 for r in ROLES if r != "anonymous"})
    ),
    "account_logout": Row(lambda w: reverse("account_logout"), public(302), method="post"),
    "account_reset_password": Row(lambda w: reverse("account_reset_password"), public(200)),
    "account_inactive": Row(lambda w: reverse("account_inactive"), public(200)),
    "account_reauthenticate": Row(lambda w: reverse("account_reauthenticate"), expect(200, anonymous=LOGIN)),
    # Two-step log-in (allauth's MFA). Without a log-in in the last minutes, a change asks the password again
    # (302 to account_reauthenticate); without a log-in step under way, its steps send home (302); what the
    # user has not set up is 404. Another user's passkey is 404 too (allauth looks keys up by user).
    "mfa_index": Row(lambda w: reverse("mfa_index"), expect(200, anonymous=LOGIN)),
    "mfa_authenticate": Row(lambda w: reverse("mfa_authenticate"), expect(302, anonymous=LOGIN)),
    "mfa_reauthenticate": Row(lambda w: reverse("mfa_reauthenticate"), expect(302, anonymous=LOGIN)),
    "mfa_trust": Row(lambda w: reverse("mfa_trust"), expect(302, anonymous=LOGIN)),
    "mfa_activate_totp": Row(lambda w: reverse("mfa_activate_totp"), expect(302, anonymous=LOGIN)),
    "mfa_deactivate_totp": Row(lambda w: reverse("mfa_deactivate_totp"), expect(404, anonymous=LOGIN)),
    "mfa_view_recovery_codes": Row(lambda w: reverse("mfa_view_recovery_codes"), expect(404, anonymous=LOGIN)),
    "mfa_generate_recovery_codes": Row(lambda w: reverse("mfa_generate_recovery_codes"), expect(302, anonymous=LOGIN)),
    "mfa_download_recovery_codes": Row(lambda w: reverse("mfa_download_recovery_codes"), expect(404, anonymous=LOGIN)),
    "mfa_list_webauthn": Row(lambda w: reverse("mfa_list_webauthn"), expect(200, anonymous=LOGIN)),
    "mfa_add_webauthn": Row(lambda w: reverse("mfa_add_webauthn"), expect(302, anonymous=LOGIN)),
    "mfa_reauthenticate_webauthn": Row(lambda w: reverse("mfa_reauthenticate_webauthn"), expect(302, anonymous=LOGIN)),
    "mfa_login_webauthn": Row(lambda w: reverse("mfa_login_webauthn"), expect(302, anonymous=LOGIN)),
    "mfa_edit_webauthn": Row(lambda w: reverse("mfa_edit_webauthn", args=[1]), expect(302, anonymous=LOGIN)),
    # The audit of downloads (issue 16): the log for FIT, the partner's evidence downloaded by FIT.
    "download_log": Row(lambda w: reverse("download_log"), staff_page()),
    "evidence_downloads": Row(lambda w: reverse("evidence_downloads"), partner_page()),
    # Single sign-on (OpenID Connect): not configured in the suite, so the provider "fit" is unknown (404);
    # accounts/tests/test_sso.py runs it against a real provider.
    "openid_connect_login": Row(
        lambda w: reverse("openid_connect_login", kwargs={"provider_id": "fit"}), public(404), method="post"
    ),
    "openid_connect_callback": Row(
        lambda w: reverse("openid_connect_callback", kwargs={"provider_id": "fit"}), public(404)
    ),
    "socialaccount_login_cancelled": Row(lambda w: reverse("socialaccount_login_cancelled"), public(200)),
    "socialaccount_login_error": Row(lambda w: reverse("socialaccount_login_error"), public(401)),
    "mfa_remove_webauthn": Row(
        lambda w: reverse("mfa_remove_webauthn", args=[1]), expect(302, anonymous=LOGIN), method="post"
    ),
    # project
    "home": Row(lambda w: reverse("home"), expect(302)),
    "healthz": Row(lambda w: reverse("healthz"), public(200)),
    "set_language": Row(lambda w: reverse("set_language"), public(302), method="post", data={"language": "en"}),
    "set_working_year": Row(
        lambda w: reverse("set_working_year"), expect(302, anonymous=LOGIN), method="post", data={"year": "2019"}
    ),
    # partner side
    "partners:home": Row(lambda w: reverse("partners:home"), partner_page()),
    "partners:moment_list": Row(lambda w: reverse("partners:moment_list"), partner_page()),
    "partners:moment_detail": Row(lambda w: reverse("partners:moment_detail", args=[w.moment.pk]), partner_object()),
    "partners:moment_ics": Row(lambda w: reverse("partners:moment_ics", args=[w.moment.pk]), partner_object()),
    "partners:calendar": Row(lambda w: reverse("partners:calendar"), partner_page()),
    "partners:calendar_renew": Row(
        lambda w: reverse("partners:calendar_renew"), partner_page(partner_a=302, partner_b=302), method="post"
    ),
    "partners:calendar_revoke": Row(
        lambda w: reverse("partners:calendar_revoke"), partner_page(partner_a=302, partner_b=302), method="post"
    ),
    # A capability URL: the secret token is the credential, whoever presents it (calendar apps have no session).
    "partners:calendar_feed": Row(lambda w: reverse("partners:calendar_feed", args=[w.feed.token]), public(200)),
    "partners:contact_list": Row(lambda w: reverse("partners:contact_list"), partner_page()),
    "partners:contact_create": Row(lambda w: reverse("partners:contact_create"), partner_page()),
    "partners:contact_edit": Row(lambda w: reverse("partners:contact_edit", args=[w.contact.pk]), partner_object()),
    "partners:contact_toggle": Row(
        lambda w: reverse("partners:contact_toggle", args=[w.contact.pk]), partner_object(302), method="post"
    ),
    "partners:contact_delete": Row(
        lambda w: reverse("partners:contact_delete", args=[w.contact.pk]), partner_object(302), method="post"
    ),
    "partners:contact_listing": Row(
        lambda w: reverse("partners:contact_listing", args=[w.contact.pk]),
        partner_object(302),
        method="post",
        data={"listed": "1"},
    ),
    # The partner network (issue 15): every partner and FIT read A's profile; only A edits it.
    "partners:directory": Row(lambda w: reverse("partners:directory"), expect(200, anonymous=LOGIN)),
    "partners:profile": Row(lambda w: reverse("partners:profile", args=["voka"]), expect(200, anonymous=LOGIN)),
    "partners:profile_edit": Row(lambda w: reverse("partners:profile_edit", args=["voka"]), partner_object()),
    "partners:profile_edit post": Row(
        lambda w: reverse("partners:profile_edit", args=["voka"]),
        partner_object(302),
        method="post",
        data={"description": "Ondernemersnetwerk.", "markets": "China", "show_in_attendee_lists": "on"},
    ),
    "evaluations:report_list": Row(lambda w: reverse("evaluations:report_list"), partner_page()),
    # B has no targets in 2019: its own report page for that year does not exist either.
    "evaluations:report_edit": Row(lambda w: reverse("evaluations:report_edit", args=[2019]), partner_object()),
    "evaluations:action_list": Row(lambda w: reverse("evaluations:action_list"), partner_page()),
    "evaluations:action_create": Row(lambda w: reverse("evaluations:action_create"), partner_page()),
    "evaluations:action_edit": Row(lambda w: reverse("evaluations:action_edit", args=[w.action.pk]), partner_object()),
    "evaluations:action_submit": Row(
        lambda w: reverse("evaluations:action_submit", args=[w.action.pk]), partner_object(302), method="post"
    ),
    "evaluations:action_delete": Row(
        lambda w: reverse("evaluations:action_delete", args=[w.action.pk]), partner_object(302), method="post"
    ),
    # Joint actions (issue 15): A's action's co-organisers page (B, not a co-organiser, gets 404).
    "evaluations:action_co_organisers": Row(
        lambda w: reverse("evaluations:action_co_organisers", args=[w.action.pk]), partner_object()
    ),
    # Any partner asks to join another organiser's action in the programme: B joins A's; A cannot join its own.
    "evaluations:action_join": Row(
        lambda w: reverse("evaluations:action_join", args=[w.programme_action.pk]),
        partner_object(404, partner_b=302),
        method="post",
    ),
    "evaluations:partner_evaluation_list": Row(
        lambda w: reverse("evaluations:partner_evaluation_list"), partner_page()
    ),
    "evaluations:partner_evaluation": Row(
        lambda w: reverse("evaluations:partner_evaluation", args=[w.shared_evaluation.pk]), partner_object()
    ),
    # both sides, scoped per user
    "evaluations:evidence": Row(
        lambda w: reverse("evaluations:evidence", args=[w.result.pk]), expect(200, anonymous=LOGIN, partner_b=404)
    ),
    "evaluations:improvement_list": Row(
        lambda w: reverse("evaluations:improvement_list"), expect(200, anonymous=LOGIN)
    ),
    "evaluations:improvement_detail": Row(
        lambda w: reverse("evaluations:improvement_detail", args=[w.point.pk]),
        expect(200, anonymous=LOGIN, partner_b=404),
    ),
    "evaluations:programme": Row(lambda w: reverse("evaluations:programme"), expect(200, anonymous=LOGIN)),
    "evaluations:programme_year": Row(
        lambda w: reverse("evaluations:programme_year", args=[2019]), expect(200, anonymous=LOGIN)
    ),
    # The published action programme (issue 15): public without log-in for a published year (2019), 404 for
    # one that is not (2020), whoever asks.
    "evaluations:public_programme_index": Row(lambda w: reverse("evaluations:public_programme_index"), public(200)),
    "evaluations:public_programme": Row(lambda w: reverse("evaluations:public_programme", args=[2019]), public(200)),
    "evaluations:public_programme unpublished": Row(
        lambda w: reverse("evaluations:public_programme", args=[2020]), public(404)
    ),
    "evaluations:public_programme_print": Row(
        lambda w: reverse("evaluations:public_programme_print", args=[2019]), public(200)
    ),
    "evaluations:public_programme_pdf": Row(
        lambda w: reverse("evaluations:public_programme_pdf", args=[2019]), public(200)
    ),
    "evaluations:public_programme_csv": Row(
        lambda w: reverse("evaluations:public_programme_csv", args=[2019]), public(200)
    ),
    "evaluations:public_programme_xlsx": Row(
        lambda w: reverse("evaluations:public_programme_xlsx", args=[2019]), public(200)
    ),
    "evaluations:public_programme_ics": Row(
        lambda w: reverse("evaluations:public_programme_ics", args=[2019]), public(200)
    ),
    "evaluations:public_programme_ics unpublished": Row(
        lambda w: reverse("evaluations:public_programme_ics", args=[2020]), public(404)
    ),
    # A invites FIT to co-organise: A's account manager, FIT staff and managers answer, not B's account manager;
    # A (the asker) and B get 404.
    "evaluations:co_organiser_answer": Row(
        lambda w: reverse("evaluations:co_organiser_answer", args=[w.fit_invitation.pk]),
        expect(302, anonymous=LOGIN, partner_a=404, partner_b=404, account_manager_b=403),
        method="post",
        data={"accept": "1"},
    ),
    # A invites B: only B answers; FIT sees the invitation but does not answer it.
    "evaluations:co_organiser_answer invited partner": Row(
        lambda w: reverse("evaluations:co_organiser_answer", args=[w.partner_invitation.pk]),
        expect(403, anonymous=LOGIN, partner_a=404, partner_b=302),
        method="post",
        data={"accept": "1"},
    ),
    # staff side
    "evaluations:staff_home": Row(lambda w: reverse("evaluations:staff_home"), staff_page()),
    "evaluations:report_review": Row(
        lambda w: reverse("evaluations:report_review", args=[w.result.report_id]), staff_page()
    ),
    "evaluations:proposals": Row(lambda w: reverse("evaluations:proposals"), staff_page()),
    # A's proposal: decided by A's account manager, FIT staff and managers, not by B's account manager.
    "evaluations:action_decide": Row(
        lambda w: reverse("evaluations:action_decide", args=[w.submitted_action.pk]),
        staff_page(302, account_manager_b=403),
        method="post",
        data={"accept": "1"},
    ),
    # Publishing the programme: FIT staff, managers and superusers, not account managers (who see the page).
    "evaluations:staff_programme": Row(lambda w: reverse("evaluations:staff_programme"), staff_page()),
    "evaluations:staff_programme_year": Row(
        lambda w: reverse("evaluations:staff_programme_year", args=[2019]), staff_page()
    ),
    "evaluations:staff_programme_publish": Row(
        lambda w: reverse("evaluations:staff_programme_publish", args=[2020]),
        staff_page(302, account_manager=403, account_manager_b=403),
        method="post",
    ),
    "evaluations:staff_programme_unpublish": Row(
        lambda w: reverse("evaluations:staff_programme_unpublish", args=[2019]),
        staff_page(302, account_manager=403, account_manager_b=403),
        method="post",
    ),
    # A's accepted action: cancelled by who decides A's actions, not by B's account manager.
    "evaluations:action_cancel": Row(
        lambda w: reverse("evaluations:action_cancel", args=[w.accepted_action.pk]),
        staff_page(302, account_manager_b=403),
        method="post",
        data={"reason": "De beurs gaat niet door."},
    ),
    "evaluations:prepare_overview": Row(lambda w: reverse("evaluations:prepare_overview", args=[2020]), staff_page()),
    "evaluations:prepare_agreement": Row(
        lambda w: reverse("evaluations:prepare_agreement", args=[2020, w.agreement.pk]), staff_page()
    ),
    "evaluations:agreement_renew": Row(
        lambda w: reverse("evaluations:agreement_renew", args=[w.agreement.pk]),
        staff_page(manager=403, account_manager_b=403),
    ),
    "evaluations:evaluation_list": Row(lambda w: reverse("evaluations:evaluation_list"), staff_page()),
    "evaluations:evaluation_start": Row(
        lambda w: reverse("evaluations:evaluation_start") + "?year=2020",
        staff_page(302, manager=403, account_manager_b=403),
        method="post",
        data={"agreement": "AGREEMENT"},
    ),
    # The programme-wide evaluation: started by who may edit it, FIT staff and managers, not account managers.
    "evaluations:evaluation_start programme-wide": Row(
        lambda w: reverse("evaluations:evaluation_start") + "?year=2020",
        staff_page(302, account_manager=403, account_manager_b=403),
        method="post",
        data={"agreement": "programme"},
    ),
    "evaluations:evaluation_edit": Row(
        lambda w: reverse("evaluations:evaluation_edit", args=[w.submitted_evaluation.pk]), staff_page()
    ),
    # Signing off is for managers: the others get 403.
    "evaluations:evaluation_step": Row(
        lambda w: reverse("evaluations:evaluation_step", args=[w.submitted_evaluation.pk]),
        staff_page(403, manager=302, superuser=302),
        method="post",
        data={"step": "sign_off"},
    ),
    "evaluations:follow_up": Row(lambda w: reverse("evaluations:follow_up"), staff_page()),
    # A target whose year has started: managers (and superusers) only.
    "evaluations:target_change": Row(
        lambda w: reverse("evaluations:target_change", args=[w.result.target_id]),
        staff_page(403, manager=200, superuser=200),
    ),
    # consultation moments on the staff side: FIT sees them; managers do not plan them (their role only views)
    "partners:staff_moment_list": Row(lambda w: reverse("partners:staff_moment_list"), staff_page()),
    "partners:staff_moment_create": Row(lambda w: reverse("partners:staff_moment_create"), staff_page(manager=403)),
    "partners:staff_moment_detail": Row(
        lambda w: reverse("partners:staff_moment_detail", args=[w.moment.pk]), staff_page()
    ),
    "partners:staff_moment_edit": Row(
        lambda w: reverse("partners:staff_moment_edit", args=[w.moment.pk]), staff_page(manager=403)
    ),
    "partners:staff_moment_publish": Row(
        lambda w: reverse("partners:staff_moment_publish", args=[w.moment.pk]),
        staff_page(302, manager=403),
        method="post",
    ),
    "partners:staff_moment_cancel": Row(
        lambda w: reverse("partners:staff_moment_cancel", args=[w.moment.pk]),
        staff_page(302, manager=403),
        method="post",
        data={"reason": "Geen zaal."},
    ),
    "partners:staff_partner_rhythm": Row(
        lambda w: reverse("partners:staff_partner_rhythm", args=[w.agreement.partner_id]),
        staff_page(account_manager_b=403, manager=403),
    ),
    "partners:staff_partner_rhythm post": Row(
        lambda w: reverse("partners:staff_partner_rhythm", args=[w.agreement.partner_id]),
        staff_page(302, account_manager_b=403, manager=403),
        method="post",
        data={"bilaterals_per_year": "4"},
    ),
    "partners:staff_invitation_withdraw": Row(
        lambda w: reverse("partners:staff_invitation_withdraw", args=[w.moment.pk]),
        staff_page(302, manager=403),
        method="post",
        data={"invitation": lambda w: w.moment.invitations.get().pk},
    ),
    "partners:staff_moment_attendance": Row(
        lambda w: reverse("partners:staff_moment_attendance", args=[w.moment.pk]),
        staff_page(302, manager=403),
        method="post",
    ),
    "partners:staff_moment_minutes": Row(
        lambda w: reverse("partners:staff_moment_minutes", args=[w.moment.pk]),
        staff_page(302, manager=403),
        method="post",
        data={"minutes": "Verslag.", "save": "1"},
    ),
    "partners:staff_calendar": Row(lambda w: reverse("partners:staff_calendar"), staff_page()),
    "partners:staff_calendar_renew": Row(
        lambda w: reverse("partners:staff_calendar_renew"), staff_page(302), method="post"
    ),
    "partners:staff_calendar_revoke": Row(
        lambda w: reverse("partners:staff_calendar_revoke"), staff_page(302), method="post"
    ),
    "evaluations:staff_report_list": Row(lambda w: reverse("evaluations:staff_report_list"), staff_page()),
    # conversations (issue 14): A's thread; B gets 404, FIT staff all see it on the staff side.
    "conversations:thread_list": Row(lambda w: reverse("conversations:thread_list"), partner_page()),
    "conversations:thread_create": Row(lambda w: reverse("conversations:thread_create"), partner_page()),
    "conversations:thread_create about": Row(
        lambda w: reverse("conversations:thread_create") + f"?about=improvement_point&id={w.point.pk}",
        partner_object(),
    ),
    "conversations:thread_detail": Row(
        lambda w: reverse("conversations:thread_detail", args=[w.thread.pk]), partner_object()
    ),
    "conversations:thread_detail post": Row(
        lambda w: reverse("conversations:thread_detail", args=[w.thread.pk]),
        partner_object(302),
        method="post",
        data={"body": "Een antwoord"},
    ),
    "conversations:thread_mark": Row(
        lambda w: reverse("conversations:thread_mark", args=[w.thread.pk]),
        expect(302, anonymous=LOGIN, partner_b=404),
        method="post",
        data={"as": "unread"},
    ),
    "conversations:attachment": Row(
        lambda w: reverse("conversations:attachment", args=[w.attachment.pk]),
        expect(200, anonymous=LOGIN, partner_b=404),
    ),
    "conversations:staff_thread_list": Row(lambda w: reverse("conversations:staff_thread_list"), staff_page()),
    "conversations:staff_thread_create": Row(lambda w: reverse("conversations:staff_thread_create"), staff_page()),
    "conversations:staff_thread_detail": Row(
        lambda w: reverse("conversations:staff_thread_detail", args=[w.thread.pk]), staff_page()
    ),
    "conversations:staff_thread_close": Row(
        lambda w: reverse("conversations:staff_thread_close", args=[w.thread.pk]),
        staff_page(302),
        method="post",
        data={"closed": "1"},
    ),
    "conversations:staff_thread_detail post": Row(
        lambda w: reverse("conversations:staff_thread_detail", args=[w.thread.pk]),
        staff_page(302),
        method="post",
        data={"body": "Een notitie", "internal": "on"},
    ),
    # dashboards: FIT only
    "dashboards:index": Row(lambda w: reverse("dashboards:index"), staff_page()),
    "dashboards:overview": Row(lambda w: reverse("dashboards:overview"), staff_page()),
    "dashboards:partner": Row(lambda w: reverse("dashboards:partner", args=[w.agreement.partner_id]), staff_page()),
    "dashboards:budget": Row(lambda w: reverse("dashboards:budget"), staff_page()),
    # api (issue 17): the token's (here the session's) user sees what the portal shows them; anonymous 401.
    "api:schema": Row(lambda w: reverse("api:schema"), public(200)),
    "api:tokens": Row(lambda w: reverse("api:tokens"), expect(200, anonymous=LOGIN)),
    "api:token_revoke": Row(
        lambda w: reverse("api:token_revoke", args=[w.api_token.pk]),
        expect(404, anonymous=LOGIN, partner_a=302),
        method="post",
    ),
    "api:partner-list": Row(lambda w: reverse("api:partner-list"), api_list()),
    "api:partner-detail": Row(lambda w: reverse("api:partner-detail", args=[w.agreement.partner_id]), api_object()),
    "api:agreement-list": Row(lambda w: reverse("api:agreement-list"), api_list()),
    "api:agreement-detail": Row(lambda w: reverse("api:agreement-detail", args=[w.agreement.pk]), api_object()),
    "api:kpi-target-list": Row(lambda w: reverse("api:kpi-target-list"), api_list()),
    "api:kpi-target-detail": Row(lambda w: reverse("api:kpi-target-detail", args=[w.result.target_id]), api_object()),
    "api:moment-list": Row(lambda w: reverse("api:moment-list"), api_list()),
    "api:moment-detail": Row(lambda w: reverse("api:moment-detail", args=[w.moment.pk]), api_object()),
    "api:programme-list": Row(lambda w: reverse("api:programme-list"), api_list()),
    "api:budget-line-list": Row(lambda w: reverse("api:budget-line-list"), api_fit()),
    "api:budget-line-detail": Row(lambda w: reverse("api:budget-line-detail", args=[w.budget_line.pk]), api_fit()),
    "api:payment-list": Row(lambda w: reverse("api:payment-list"), api_fit()),
    "api:payment-detail": Row(lambda w: reverse("api:payment-detail", args=[w.payment.pk]), api_fit()),
    "dashboards:consultation": Row(lambda w: reverse("dashboards:consultation"), staff_page()),
    "dashboards:communication": Row(lambda w: reverse("dashboards:communication"), staff_page()),
    "dashboards:cooperation": Row(lambda w: reverse("dashboards:cooperation"), staff_page()),
    "dashboards:value": Row(lambda w: reverse("dashboards:value"), staff_page()),
    "dashboards:account_managers": Row(lambda w: reverse("dashboards:account_managers"), staff_page()),
    "dashboards:annual_report_index": Row(lambda w: reverse("dashboards:annual_report_index"), staff_page(302)),
    "dashboards:annual_report": Row(lambda w: reverse("dashboards:annual_report", args=[2019]), staff_page()),
    "dashboards:annual_report_pdf": Row(lambda w: reverse("dashboards:annual_report_pdf", args=[2019]), staff_page()),
    "dashboards:annual_report_docx": Row(lambda w: reverse("dashboards:annual_report_docx", args=[2019]), staff_page()),
    # -- issue 14: minutes feedback and surveys (World.add_minutes_and_surveys) --------------------------
    # A's published minutes with an approval asked: A comments and answers, B (not invited) gets 404.
    "partners:moment_comment": Row(
        lambda w: reverse("partners:moment_comment", args=[w.held_moment.pk]),
        partner_object(302),
        method="post",
        data={"body": "Graag punt 2 aanvullen."},
    ),
    "partners:moment_approval": Row(
        lambda w: reverse("partners:moment_approval", args=[w.held_moment.pk]),
        partner_object(302),
        method="post",
        data={"decision": "approved"},
    ),
    "partners:staff_moment_ask_approval": Row(
        lambda w: reverse("partners:staff_moment_ask_approval", args=[w.held_moment.pk]),
        staff_page(302, manager=403),
        method="post",
        data={"due": "2099-12-31"},
    ),
    "surveys:survey_list": Row(lambda w: reverse("surveys:survey_list"), partner_page()),
    "surveys:survey_answer": Row(lambda w: reverse("surveys:survey_answer", args=[w.survey.pk]), partner_object()),
    "surveys:survey_answer post": Row(
        lambda w: reverse("surveys:survey_answer", args=[w.survey.pk]),
        partner_object(302),
        method="post",
        data={"score": "4"},
    ),
    "surveys:staff_survey_list": Row(lambda w: reverse("surveys:staff_survey_list"), staff_page()),
    "surveys:staff_survey_create": Row(lambda w: reverse("surveys:staff_survey_create"), staff_page(manager=403)),
    "surveys:staff_survey_results": Row(
        lambda w: reverse("surveys:staff_survey_results", args=[w.survey.pk]), staff_page()
    ),
    "surveys:staff_survey_edit": Row(
        lambda w: reverse("surveys:staff_survey_edit", args=[w.draft_survey.pk]), staff_page(manager=403)
    ),
    "surveys:staff_survey_send": Row(
        lambda w: reverse("surveys:staff_survey_send", args=[w.draft_survey.pk]),
        staff_page(302, manager=403),
        method="post",
    ),
    "surveys:staff_survey_close": Row(
        lambda w: reverse("surveys:staff_survey_close", args=[w.survey.pk]),
        staff_page(302, manager=403),
        method="post",
    ),
    "surveys:staff_survey_export": Row(
        lambda w: reverse("surveys:staff_survey_export", args=[w.survey.pk]), staff_page()
    ),
    # -- notice preferences (issue 14): every logged-in person's own page, partner and FIT alike --
    "notifications:preferences": Row(lambda w: reverse("notifications:preferences"), expect(200, anonymous=LOGIN)),
    "notifications:preferences save": Row(
        lambda w: reverse("notifications:preferences"),
        expect(302, anonymous=LOGIN),
        method="post",
        data={"kind_announcement": "digest", "digest_hour": "9"},
    ),
}


# -- the library and the announcements (issue 14) ------------------------------------------------------
# A's document is shared with A alone; A's announcement goes to a versnelling only A belongs to.
MATRIX.update(
    {
        "library:document_list": Row(lambda w: reverse("library:document_list"), partner_page()),
        "library:document_upload": Row(lambda w: reverse("library:document_upload"), partner_page()),
        "library:document_detail": Row(
            lambda w: reverse("library:document_detail", args=[w.document.pk]), partner_object()
        ),
        "library:download": Row(
            lambda w: reverse("library:download", args=[w.document.current_version.pk]),
            expect(200, anonymous=LOGIN, partner_b=404),
        ),
        "library:staff_document_list": Row(lambda w: reverse("library:staff_document_list"), staff_page()),
        "library:staff_document_create": Row(lambda w: reverse("library:staff_document_create"), staff_page()),
        "library:staff_usage": Row(lambda w: reverse("library:staff_usage"), staff_page()),
        "library:staff_document_detail": Row(
            lambda w: reverse("library:staff_document_detail", args=[w.document.pk]), staff_page()
        ),
        # Without a file the form refuses (400): the row checks who gets that far, and that nothing changes.
        "library:staff_document_version": Row(
            lambda w: reverse("library:staff_document_version", args=[w.document.pk]), staff_page(400), method="post"
        ),
        "announcements:announcement_list": Row(lambda w: reverse("announcements:announcement_list"), partner_page()),
        "announcements:announcement_read": Row(
            lambda w: reverse("announcements:announcement_read", args=[w.announcement.pk]),
            partner_object(302),
            method="post",
        ),
        "announcements:staff_announcement_list": Row(
            lambda w: reverse("announcements:staff_announcement_list"), staff_page()
        ),
        "announcements:staff_announcement_create": Row(
            lambda w: reverse("announcements:staff_announcement_create"), staff_page()
        ),
        "announcements:staff_announcement_detail": Row(
            lambda w: reverse("announcements:staff_announcement_detail", args=[w.announcement.pk]), staff_page()
        ),
        "announcements:staff_announcement_edit": Row(
            lambda w: reverse("announcements:staff_announcement_edit", args=[w.draft_announcement.pk]), staff_page()
        ),
        "announcements:staff_announcement_publish": Row(
            lambda w: reverse("announcements:staff_announcement_publish", args=[w.draft_announcement.pk]),
            staff_page(302),
            method="post",
        ),
    }
)


def library_and_announcements(world, partner) -> None:
    """The library's and the announcements' objects of A (issue 14)."""
    from announcements.tests.factories import AnnouncementFactory
    from library.audience import Audience
    from library.services import document_share
    from library.tests.factories import pdf_file
    from partners.models import Versnelling

    staff = world.users["staff"]
    world.document = document_share(
        user=staff, title="Getekende overeenkomst", file=pdf_file(), audience=Audience.PARTNER, partner=partner
    )
    versnelling = Versnelling.objects.create(code="life-sciences", name="Life Sciences")
    partner.versnellingen.add(versnelling)
    world.announcement = AnnouncementFactory(
        created_by=staff, audience=Audience.VERSNELLING, versnelling=versnelling, published=True
    )
    world.draft_announcement = AnnouncementFactory(created_by=staff)


def project_url_names() -> set[str]:
    """Every named URL of the project except the admin's."""
    names = set()

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.app_name == "admin":
                    continue
                walk(entry.url_patterns, entry.namespace or namespace)
            elif isinstance(entry, URLPattern) and entry.name:
                names.add(f"{namespace}:{entry.name}" if namespace else entry.name)

    walk(get_resolver().url_patterns, None)
    return names


def test_every_url_has_a_row():
    assert project_url_names() == {name.split(" ")[0] for name in MATRIX}


class World:
    """The users of each role (the personas of the root conftest) and the objects the URLs point at, all of
    organisation A (Voka)."""

    def __init__(self, media_root):
        self.media_root = media_root
        Heartbeat.objects.beat(Heartbeat.PERIODIC_SWEEP)  # beat sweeps: /healthz answers 200 (to every role)
        partner = PartnerFactory(name="Voka", slug="voka", is_structural=True)
        other_partner = PartnerFactory(name="Agoria", slug="agoria", is_structural=True)
        partner_user = PartnerUserFactory(contact__partner=partner, username="lies", first_name="Lies")
        account_manager = AccountManagerFactory(user__username="an", user__first_name="An")
        AssignmentFactory(partner=partner, account_manager=account_manager)
        # Bram, the account manager of B (Agoria), not of A.
        account_manager_b = AccountManagerFactory(user__username="bram", user__first_name="Bram")
        AssignmentFactory(partner=other_partner, account_manager=account_manager_b)
        self.users = {
            "partner_a": partner_user,
            "partner_b": PartnerUserFactory(contact__partner=other_partner, username="omar", first_name="Omar"),
            "account_manager": account_manager.user,
            "account_manager_b": account_manager_b.user,
            "manager": UserFactory(username="marc", roles=[Role.MANAGER], is_staff=True),
            "staff": UserFactory(username="sofie", roles=[Role.FIT_STAFF], is_staff=True),
            "superuser": UserFactory(username="root", is_staff=True, is_superuser=True),
        }

        self.agreement = AgreementFactory(partner=partner)
        AgreementFactory(partner=other_partner, end_date=datetime.date(2018, 12, 31))
        self.result = KPIResultFactory(target__agreement=self.agreement, target__year=2019)
        self.result.evidence.save("bewijs.pdf", ContentFile(b"%PDF-1.4 bewijs"), save=False)
        self.result.evidence_name = "bewijs.pdf"
        self.result.save()
        start = timezone.now() + datetime.timedelta(days=20)
        self.moment = InvitationFactory(
            contact=partner_user.contact, moment__starts_at=start, moment__ends_at=start + datetime.timedelta(hours=2)
        ).moment
        self.contact = ContactFactory(partner=partner)
        self.point = ImprovementPointFactory(partner=partner)
        self.action = ActionFactory(partner=partner, year=timezone.localdate().year + 1)
        self.submitted_action = ActionFactory(partner=partner, status="submitted")
        # Issue 15: the programme 2019 is published, with an accepted action of A in it.
        self.accepted_action = ActionFactory(partner=partner, status="accepted", year=2019)
        ProgrammePublication.objects.create(year=2019)
        # Joint actions (issue 15): A's action in the programme, and A's draft inviting FIT and B.
        self.programme_action = ActionFactory(partner=partner, status="accepted")
        self.fit_invitation = CoOrganiser.objects.create(action=self.action, partner=None, asked_by=partner_user)
        self.partner_invitation = CoOrganiser.objects.create(
            action=self.action, partner=other_partner, asked_by=partner_user
        )
        self.shared_evaluation = Evaluation.objects.create(agreement=self.agreement, year=2018, status="shared")
        self.submitted_evaluation = Evaluation.objects.create(
            agreement=self.agreement, year=2019, status="submitted", score=4, conclusion="Goed."
        )
        self.feed = CalendarFeed.objects.create(user=partner_user)
        self.api_token, _secret = ApiToken.objects.issue(user=partner_user, name="Power BI")  # issue 17
        self.budget_line = BudgetLineFactory(partner=partner, agreement=self.agreement)
        self.payment = PaymentFactory(line=self.budget_line)
        self.add_minutes_and_surveys(partner_user)
        library_and_announcements(self, partner)  # issue 14
        # conversations (issue 14): a thread of A with an attachment.
        from conversations.models import Attachment
        from conversations.services import thread_start

        self.thread = thread_start(partner=partner, author=partner_user, subject="Vraag", body="Hoe zit het?")
        self.attachment = Attachment(message=self.thread.messages.get(), name="bijlage.pdf", size=15)
        self.attachment.file.save("bijlage.pdf", ContentFile(b"%PDF-1.4 bijlage"), save=True)

    def add_minutes_and_surveys(self, partner_user):
        """Issue 14: a held moment of A with published minutes and an approval asked, and a sent survey
        after it (plus a draft) that B was not invited to."""
        from surveys.tests.factories import HeldMomentFactory, SurveyFactory

        self.held_moment = HeldMomentFactory(
            kind="formal",
            minutes="Verslag.",
            minutes_published_at=timezone.now(),
            minutes_approval_due=timezone.localdate() + datetime.timedelta(days=10),
        )
        InvitationFactory(moment=self.held_moment, contact=partner_user.contact)
        self.survey = SurveyFactory(moment=self.held_moment, status="sent")
        self.draft_survey = SurveyFactory(moment=self.held_moment)


# What the POST rows change: a refused POST must leave all of it as it was.
WRITTEN_BY_POSTS = (
    Contact,
    Action,
    Evaluation,
    CalendarFeed,
    ConsultationMoment,
    Invitation,
    Partner,
    # issue 14
    MinutesApproval,
    MinutesComment,
    Survey,
    SurveyResponse,
)
WRITTEN_BY_POSTS += (NotificationPreference, DigestSetting)  # notice preferences (issue 14)
WRITTEN_BY_POSTS += (Announcement, AnnouncementRead, Document, DocumentVersion, OutboxMessage)  # issue 14
WRITTEN_BY_POSTS += (ApiToken,)  # issue 17
WRITTEN_BY_POSTS += (Message, ThreadRead, Thread)  # conversations (issue 14)
WRITTEN_BY_POSTS += (CoOrganiser, ActionOverlap)  # joint actions (issue 15)
WRITTEN_BY_POSTS += (PartnerMarket, ProfileView)  # the partner network (issue 15)
WRITTEN_BY_POSTS += (ProgrammePublication,)  # the published action programme (issue 15)


def written_rows() -> dict[str, list[dict]]:
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in WRITTEN_BY_POSTS}


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker, tmp_path_factory):
    media_root = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root), transaction.atomic():
        yield World(media_root)
        transaction.set_rollback(True)


@pytest.fixture
def world(module_world, db, settings):
    # The evidence of the module's world lies in the module's media folder.
    settings.MEDIA_ROOT = module_world.media_root
    return module_world


def refused(expected) -> bool:
    return expected == LOGIN or expected >= 400


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_permission_matrix(name, role, world, client):
    row = MATRIX[name]
    if role != "anonymous":
        client.force_login(world.users[role])
    url = row.url(world)
    data = {
        k: (world.agreement.pk if v == "AGREEMENT" else v(world) if callable(v) else v) for k, v in row.data.items()
    }
    expected = row.expect[role]
    before = written_rows() if row.method == "post" and refused(expected) else None
    response = getattr(client, row.method)(url, data)
    if expected == LOGIN:
        assert response.status_code == 302, f"{name} as {role}: {response.status_code}"
        assert response["Location"].startswith(reverse("login")), f"{name} as {role}: {response['Location']}"
    else:
        assert response.status_code == expected, f"{name} as {role}: {response.status_code}, expected {expected}"
    if before is not None:
        assert written_rows() == before, f"{name} as {role}: refused, yet it changed the data"


def test_a_partner_user_whose_contact_is_deactivated_gets_403_on_every_partner_page(world, client):
    user = world.users["partner_a"]
    Contact.objects.filter(pk=user.contact.pk).update(is_active=False)
    client.force_login(user)
    # The partner side: the pages A's partner user gets and FIT does not.
    pages = [
        name
        for name, row in MATRIX.items()
        if row.method == "get" and row.expect["partner_a"] == 200 and row.expect["staff"] == 403
    ]
    assert {"partners:home", "partners:moment_detail", "evaluations:report_edit"} <= set(pages)
    for name in pages:
        response = client.get(MATRIX[name].url(world))
        assert response.status_code == 403, f"{name}: {response.status_code}"
