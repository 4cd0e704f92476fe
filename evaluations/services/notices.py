"""The messages of a KPI report (to the outbox): its deadline chain, the validation reminders, and the
notice of each step to the other side. The reports' services (reports.py) call these."""

import datetime

from django.utils import timezone

from notifications.models import Kind, ReminderPolicy
from notifications.scheduling import kpi_steps, validation_steps
from notifications.services import Recipient, manager_recipients, outbox_add, reminder_policy

from ..choices import ReportStatus
from ..models import Evaluation, KPIReport

# A step of a deadline chain that should have gone out longer ago than this is not sent any more.
STALE_AFTER = datetime.timedelta(days=2)


def report_subject_key(report) -> str:
    return f"report:{report.pk}"


def _reporting_recipients(report) -> list[Recipient]:
    contacts = report.agreement.partner.contacts.reporting()
    if not contacts.exists():
        contacts = report.agreement.partner.contacts.active().filter(user__isnull=False)
    return [Recipient.of_contact(c) for c in contacts]


def _account_manager_recipients(report) -> list[Recipient]:
    manager = report.agreement.partner.current_account_manager
    return [Recipient.of_user(manager.user)] if manager and manager.user.is_active else []


def kpi_report_plan_deadline(report) -> None:
    """The deadline chain of a report: reminders before it, the overdue notice, the escalation."""
    policy = reminder_policy(ReminderPolicy.Target.KPI_DEADLINE)
    now = timezone.now()
    for kind, offset, due in kpi_steps(report.deadline, policy.offsets, policy.send_time):
        if kind == Kind.KPI_REMINDER and due <= now:
            continue  # a reminder that would already be late is not sent
        if due < now - STALE_AFTER:
            continue  # a notice about a deadline long gone helps nobody (e.g. opening an old report)
        if kind == Kind.KPI_REMINDER:
            recipients = _reporting_recipients(report)
        elif kind == Kind.KPI_OVERDUE:
            recipients = _reporting_recipients(report) + _account_manager_recipients(report)
        else:
            recipients = manager_recipients()
        outbox_add(
            kind=kind,
            recipients=recipients,
            subject_key=report_subject_key(report),
            offset=f"{offset}@{report.deadline.isoformat()}",
            due_at=due,
            context={"report_id": report.pk},
        )


def kpi_report_plan_validation(report) -> None:
    """A submitted report that waits too long reminds its account manager, then the managers."""
    policy = reminder_policy(ReminderPolicy.Target.KPI_DEADLINE)
    for kind, due in validation_steps(report.submitted_at, policy.send_time):
        recipients = _account_manager_recipients(report) if kind == Kind.VALIDATION_REMINDER else manager_recipients()
        outbox_add(
            kind=kind,
            recipients=recipients,
            subject_key=report_subject_key(report),
            offset=f"v{report.version}",
            due_at=due,
            context={"report_id": report.pk},
        )


def report_step_notify(*, report, kind: str, recipients, by, comment: str = "") -> None:
    """Tell the other side of a report's step (submitted, returned, validated), now."""
    outbox_add(
        kind=kind,
        recipients=recipients,
        subject_key=report_subject_key(report),
        offset=f"v{report.version}",
        context={"by": by.get_full_name() or by.get_username(), "comment": comment, "report_id": report.pk},
    )


# -- delivering -----------------------------------------------------------------------------------


def report_for_message(report_id) -> dict:
    """What a KPI report's e-mail shows of it (registered with the outbox in apps.py)."""
    return {"report": KPIReport.objects.select_related("agreement__partner").get(pk=report_id)}


def evaluation_for_message(evaluation_id) -> dict:
    """What an evaluation step's e-mail shows of the evaluation (registered with the outbox in apps.py)."""
    return {"evaluation": Evaluation.objects.select_related("agreement__partner").get(pk=evaluation_id)}


# The messages that only make sense while the report waits for the partner, or for its reviewer.
DEADLINE_CHAIN = (Kind.KPI_REMINDER, Kind.KPI_OVERDUE, Kind.KPI_ESCALATION)
VALIDATION_CHAIN = (Kind.VALIDATION_REMINDER, Kind.VALIDATION_ESCALATION)


def report_message_is_due(message, objects: dict) -> bool:
    """Send time (registered with the outbox in apps.py): a deadline step while the partner still works on the
    report for that deadline, a validation step while that version of the report waits for validation."""
    report = objects["report"]
    if message.kind in DEADLINE_CHAIN:
        return report.is_editable_by_partner and message.offset.endswith(f"@{report.deadline.isoformat()}")
    return report.status == ReportStatus.SUBMITTED and message.offset == f"v{report.version}"
