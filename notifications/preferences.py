"""Per-person notice preferences: which kinds of notice a person gets immediately, in a daily digest, or not at all.

`NOTICE_RULES` is the one place that says, per kind of message, whether a person may choose (optional) or
not (mandatory: an invitation, a change of a moment, a KPI deadline... always goes out at once), with the
short explanation the "My notices" page shows. A kind without a rule (the digest itself, a kind added
later) is sent at once, as before preferences existed.

The choice is applied when a message is delivered (services.deliver), not when it is written: a message
is often written weeks ahead (a reminder 14 days before a moment), and a preference changed in between
must count. The recipient is found by e-mail (users' addresses are unique, case-insensitively); a
recipient without an active user account (a foreign-office representative, a contact without a log-in)
gets everything at once. "Not at all" cancels the row with a reason; "in a daily digest" holds it
(Status.IN_DIGEST) for notifications.digest, which lists what is held in one mail a day.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models.functions import Lower
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User

from .models import DEFAULT_DIGEST_HOUR, Delivery, DigestSetting, Kind, NotificationPreference

# Who receives a kind: the page shows a partner user the partners' kinds and FIT the kinds FIT gets.
PARTNERS, FIT = "partners", "fit"
BOTH = frozenset({PARTNERS, FIT})


@dataclass(frozen=True)
class NoticeRule:
    group: str
    mandatory: bool
    why: Promise  # shown on the page: why it is always sent, or where the same news is found anyway
    audience: frozenset = BOTH


MOMENTS = "moments"
REPORTS = "reports"
COMMUNICATION = "communication"

GROUPS: dict[str, Promise] = {
    MOMENTS: _("Consultation moments"),
    REPORTS: _("KPI reports and evaluations"),
    COMMUNICATION: _("Communication between FIT and the partners"),
}

NOTICE_RULES: dict[str, NoticeRule] = {
    # Consultation moments: what asks for a reply or changes your agenda always comes at once.
    Kind.INVITATION: NoticeRule(MOMENTS, True, _("An invitation asks for your reply.")),
    Kind.CHANGE: NoticeRule(MOMENTS, True, _("A new date, time or place must reach you at once.")),
    Kind.CANCELLATION: NoticeRule(MOMENTS, True, _("A cancelled consultation moment must reach you at once.")),
    # A reminder only repeats what the invitation (and every change) said: optional.
    Kind.REMINDER: NoticeRule(
        MOMENTS, False, _("Only repeats the invitation; every change and cancellation reaches you anyway.")
    ),
    Kind.MINUTES: NoticeRule(MOMENTS, False, _("The minutes stay on the page of the consultation moment.")),
    Kind.MINUTES_APPROVAL: NoticeRule(
        MOMENTS, False, _("The minutes wait for your approval on the page of the consultation moment.")
    ),
    # KPI reports and evaluations: deadlines and what asks you to act are mandatory.
    Kind.KPI_REMINDER: NoticeRule(REPORTS, True, _("A deadline of the cooperation agreement."), frozenset({PARTNERS})),
    Kind.KPI_OVERDUE: NoticeRule(REPORTS, True, _("A deadline of the cooperation agreement has passed.")),
    Kind.KPI_ESCALATION: NoticeRule(
        REPORTS, True, _("A deadline of the cooperation agreement has long passed."), frozenset({FIT})
    ),
    Kind.REPORT_SUBMITTED: NoticeRule(
        REPORTS, False, _("The report waits in your list of reports to validate."), frozenset({FIT})
    ),
    Kind.REPORT_RETURNED: NoticeRule(
        REPORTS, True, _("A returned report asks you to complete it."), frozenset({PARTNERS})
    ),
    Kind.REPORT_VALIDATED: NoticeRule(
        REPORTS, False, _("The status of your report is always on the portal."), frozenset({PARTNERS})
    ),
    Kind.VALIDATION_REMINDER: NoticeRule(
        REPORTS, True, _("A submitted report waits for your validation."), frozenset({FIT})
    ),
    Kind.VALIDATION_ESCALATION: NoticeRule(
        REPORTS, True, _("A submitted report has waited too long for its validation."), frozenset({FIT})
    ),
    Kind.EVALUATION: NoticeRule(REPORTS, True, _("A step of the yearly evaluation of the partnership.")),
    Kind.ACTION_OVERLAP: NoticeRule(
        REPORTS, False, _("Overlapping actions are shown on the list of proposed actions."), frozenset({FIT})
    ),
    # Joint actions (issue 15): what asks for a reply comes at once; the answers are on the list of actions too.
    Kind.CO_ORGANISER_INVITATION: NoticeRule(
        COMMUNICATION, True, _("An invitation to co-organise an action asks for your reply.")
    ),
    Kind.JOIN_REQUEST: NoticeRule(COMMUNICATION, True, _("A request to join your action asks for your reply.")),
    Kind.CO_ORGANISER_ANSWER: NoticeRule(
        COMMUNICATION, False, _("The co-organisers of your actions are on your list of actions.")
    ),
    Kind.JOIN_ANSWER: NoticeRule(COMMUNICATION, False, _("The actions you co-organise are on your list of actions.")),
    Kind.ACTION_CANCELLED: NoticeRule(
        COMMUNICATION, True, _("An action you organise has been taken out of the programme."), frozenset({PARTNERS})
    ),
    # Communication: everything is on the portal too, so every one is optional.
    Kind.CONVERSATION_MESSAGE: NoticeRule(COMMUNICATION, False, _("The conversation is on the portal.")),
    Kind.ANNOUNCEMENT: NoticeRule(COMMUNICATION, False, _("Announcements stay on the portal.")),
    Kind.DOCUMENT_SHARED: NoticeRule(COMMUNICATION, False, _("Shared documents stay on the portal.")),
    Kind.SURVEY: NoticeRule(COMMUNICATION, False, _("Open surveys are on the portal.")),
}

NOT_WANTED = "De ontvanger wil dit soort berichten niet ontvangen (voorkeur in 'Mijn meldingen')."


def is_mandatory(kind: str) -> bool:
    """Whether a kind of notice always goes out at once. A kind without a rule is: nothing changes for it."""
    rule = NOTICE_RULES.get(kind)
    return rule is None or rule.mandatory


def rules_for(user) -> list[tuple[str, Promise, list[tuple[str, NoticeRule]]]]:
    """The kinds `user` can receive, by group, in the order of NOTICE_RULES: [(group, label, [(kind, rule)])]."""
    audience = set()
    if user.has_role(Role.PARTNER_USER):
        audience.add(PARTNERS)
    if user.is_fit_staff:
        audience.add(FIT)
    audience = audience or set(BOTH)  # a user without a role: show every kind
    grouped: dict[str, list] = {group: [] for group in GROUPS}
    for kind, rule in NOTICE_RULES.items():
        if rule.audience & audience:
            grouped[rule.group].append((kind, rule))
    return [(group, GROUPS[group], rows) for group, rows in grouped.items() if rows]


def choices_of(user) -> dict[str, str]:
    """The person's choice per optional kind (absent = immediately); mandatory kinds are always immediately."""
    stored = dict(user.notice_preferences.values_list("kind", "delivery"))
    return {
        kind: (Delivery.IMMEDIATELY if is_mandatory(kind) else stored.get(kind, Delivery.IMMEDIATELY))
        for kind in NOTICE_RULES
    }


def digest_hour_of(user) -> int:
    setting = DigestSetting.objects.filter(user=user).first()
    return setting.hour if setting else DEFAULT_DIGEST_HOUR


@transaction.atomic
def preferences_save(*, user, choices: dict[str, str], digest_hour: int) -> None:
    """Store a person's choices (kind -> Delivery) and digest hour. A mandatory kind cannot be changed: it is
    refused with a ValidationError (the form never offers it); "immediately" is the default and needs no row."""
    for kind, delivery in choices.items():
        preference = NotificationPreference(user=user, kind=kind, delivery=delivery)
        preference.full_clean(exclude=["user"], validate_unique=False)
        if delivery == Delivery.IMMEDIATELY:
            NotificationPreference.objects.filter(user=user, kind=kind).delete()
        else:
            NotificationPreference.objects.update_or_create(user=user, kind=kind, defaults={"delivery": delivery})
    setting = DigestSetting.objects.filter(user=user).first() or DigestSetting(user=user)
    setting.hour = digest_hour
    setting.full_clean()
    setting.save()


def recipient_user(email: str) -> User | None:
    """The active user with this address (unique case-insensitively), or None: then everything comes at once."""
    if not email:
        return None
    return User.objects.annotate(email_ci=Lower("email")).filter(email_ci=email.strip().lower(), is_active=True).first()


def delivery_for(email: str, kind: str) -> tuple[str, User | None]:
    """How a message of `kind` to `email` goes now: (Delivery, the recipient's user or None)."""
    if is_mandatory(kind):
        return Delivery.IMMEDIATELY, None  # even if a preference row says otherwise: it cannot be switched off
    user = recipient_user(email)
    if user is None:
        return Delivery.IMMEDIATELY, None
    stored = NotificationPreference.objects.filter(user=user, kind=kind).values_list("delivery", flat=True).first()
    return stored or Delivery.IMMEDIATELY, user
