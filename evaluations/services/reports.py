"""Writes of the KPI reporting workflow: open, save, submit, validate, return (and the report as it
stands, for the page, which writes nothing).

Each is one transaction, records the transition (who, when, comment) and notifies the other side.
A report carries a version: a save or transition based on an older version is refused
(`StaleReportError`), so two people editing the same draft never silently overwrite each other.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from notifications.models import Kind
from notifications.services import Recipient, cancel_pending
from partners.models import Agreement

from ..models import (
    KPIReport,
    KPIResult,
    KPITarget,
    default_deadline_for,
)
from ..permissions import can_edit_report
from ..workflow import REPORT_WORKFLOW
from .notices import (
    DEADLINE_CHAIN,
    VALIDATION_CHAIN,
    kpi_report_plan_deadline,
    kpi_report_plan_validation,
    report_step_notify,
    report_subject_key,
)


@dataclass(frozen=True)
class ResultInput:
    """What a partner enters for one KPI: the actual, a comment, and optionally a new evidence file."""

    result: KPIResult
    actual_value: Decimal | None
    comment: str
    evidence: UploadedFile | None = None  # None keeps the current one
    clear_evidence: bool = False


def kpi_report_open(*, agreement: Agreement, year: int) -> KPIReport:
    """The report of `agreement` for `year`, with a result row per target and its deadline reminders planned."""
    with transaction.atomic():
        report, created = KPIReport.objects.get_or_create(agreement=agreement, year=year)
        if report.is_editable_by_partner:
            have = set(report.results.values_list("target_id", flat=True))
            missing = KPITarget.objects.confirmed().filter(agreement=agreement, year=year).exclude(pk__in=have)
            if missing:
                bulk_create_with_history([KPIResult(report=report, target=t) for t in missing], KPIResult)
        if created:
            # Reports that exist already were planned when made (or by the daily planning task).
            kpi_report_plan_deadline(report)
    return report


def kpi_report_as_it_stands(*, agreement: Agreement, year: int) -> tuple[KPIReport, list[KPIResult]]:
    """The report of `agreement` for `year` with a result per confirmed target, for showing it: writes nothing.

    A report that does not exist yet is an unsaved draft, and while the partner may edit the report, a
    target without a result row gets an unsaved one; `kpi_report_open` makes them at the first save.
    """
    report = KPIReport.objects.filter(agreement=agreement, year=year).first()
    if report is None:
        report = KPIReport(agreement=agreement, year=year, deadline=default_deadline_for(year))
        results = []
    else:
        results = list(report.results.select_related("target__kpi"))
    if report.is_editable_by_partner:
        have = {r.target_id for r in results}
        missing = KPITarget.objects.confirmed().filter(agreement=agreement, year=year).exclude(pk__in=have)
        results += [KPIResult(report=report, target=t) for t in missing.select_related("kpi")]
    results.sort(key=lambda r: (r.target.kpi.order, r.target.kpi.code))
    return report, results


def kpi_reports_plan_deadlines(today: datetime.date) -> int:
    """Daily (registered with the outbox's planning in apps.py): open the reports of last year and this year
    for agreements with confirmed targets, and plan the deadline chains of those the partner still works on.

    Idempotent: existing reports and messages stay as they are. Returns how many reports were looked at.
    """
    pairs = set(
        KPITarget.objects.confirmed()
        .filter(year__in=[today.year - 1, today.year])
        .values_list("agreement_id", "year")
        .distinct()
    )
    agreements = Agreement.objects.in_bulk({agreement_id for agreement_id, _year in pairs})
    for agreement_id, year in sorted(pairs):
        report = kpi_report_open(agreement=agreements[agreement_id], year=year)
        if report.is_editable_by_partner:
            with transaction.atomic():
                kpi_report_plan_deadline(report)
    return len(pairs)


def kpi_report_save(*, report: KPIReport, user, version: int, inputs: list[ResultInput]) -> KPIReport:
    """Save the partner's draft values (actuals, comments, evidence) without changing the status."""
    if not can_edit_report(user, report):
        raise PermissionDenied(_("This report can no longer be changed."))
    with transaction.atomic():
        REPORT_WORKFLOW.claim(report, version)
        for item in inputs:
            result = item.result
            if result.report_id != report.pk:
                raise PermissionDenied
            result.actual_value = item.actual_value
            result.comment = item.comment
            # Replaced files stay on disk: the history of the result still points at them.
            if item.clear_evidence:
                result.evidence, result.evidence_name = "", ""
            if item.evidence is not None:
                result.evidence = item.evidence
                result.evidence_name = (item.evidence.name or "")[:255]
            result.full_clean(exclude=["report", "target"])
            result.save()
        report.save(update_fields=["version", "updated_at"])
    return report


def kpi_report_keep_evidence(*, report: KPIReport, user, version: int, evidence: dict[int, UploadedFile]) -> KPIReport:
    """Store the evidence files of a save that failed on another field, so the partner never chooses them twice.

    `evidence` maps a result's id to its (already validated) uploaded file. Only the files are stored: the typed
    values wait until the whole form is valid. Claims the version like a save, so a stale page is refused.
    """
    if not can_edit_report(user, report):
        raise PermissionDenied(_("This report can no longer be changed."))
    if not evidence:
        return report
    with transaction.atomic():
        REPORT_WORKFLOW.claim(report, version)
        for result in report.results.filter(pk__in=list(evidence)):
            upload = evidence[result.pk]
            result.evidence, result.evidence_name = upload, (upload.name or "")[:255]
            result.save(update_fields=["evidence", "evidence_name", "updated_at"])
        report.save(update_fields=["version", "updated_at"])
    return report


def kpi_report_submit(*, report: KPIReport, user, version: int) -> KPIReport:
    """Submit the report to the account manager: it is locked until validated or returned."""
    if not REPORT_WORKFLOW.may("submit", user, report):
        raise PermissionDenied(_("This report can no longer be submitted."))
    missing = [r.target.kpi.code for r in report.results.select_related("target__kpi") if r.actual_value is None]
    if missing:
        raise ValidationError(
            _("First fill in a result for every KPI. Missing: %(codes)s.") % {"codes": ", ".join(missing)}
        )
    with transaction.atomic():
        REPORT_WORKFLOW.claim(report, version)
        REPORT_WORKFLOW.take("submit", report, user=user)
        report.submitted_at, report.submitted_by = timezone.now(), user
        report.save()
        manager = report.agreement.partner.current_account_manager
        if manager is not None:
            recipients = [Recipient.of_user(manager.user)]
            report_step_notify(report=report, kind=Kind.REPORT_SUBMITTED, recipients=recipients, by=user)
        kpi_report_plan_validation(report)
    return report


def _partner_recipients(report: KPIReport) -> list[Recipient]:
    contacts = report.agreement.partner.contacts.reporting()
    recipients = [Recipient.of_contact(c) for c in contacts]
    if report.submitted_by is not None and report.submitted_by.email:
        recipients.append(Recipient.of_user(report.submitted_by))
    return recipients


def kpi_report_validate(*, report: KPIReport, user, comment: str = "") -> KPIReport:
    """The account manager accepts the submitted figures."""
    REPORT_WORKFLOW.check("validate", user, report)
    with transaction.atomic():
        report = KPIReport.objects.select_for_update().get(pk=report.pk)
        REPORT_WORKFLOW.take("validate", report, user=user, comment=comment)
        report.validated_at, report.validated_by = timezone.now(), user
        report.review_comment = comment
        report.version += 1
        report.save()
        # Validated is final: nobody needs reminding of its deadline or its validation any more.
        cancel_pending(
            subject_key=report_subject_key(report),
            kinds=DEADLINE_CHAIN + VALIDATION_CHAIN,
            reason="Het rapport is gevalideerd.",
        )
        report_step_notify(
            report=report, kind=Kind.REPORT_VALIDATED, recipients=_partner_recipients(report), by=user, comment=comment
        )
    return report


def kpi_report_return(*, report: KPIReport, user, comment: str) -> KPIReport:
    """The account manager sends the report back with a comment; the partner can edit it again."""
    REPORT_WORKFLOW.check("return", user, report)
    if not comment.strip():
        raise ValidationError(_("When returning, write what the partner needs to change."))
    with transaction.atomic():
        report = KPIReport.objects.select_for_update().get(pk=report.pk)
        REPORT_WORKFLOW.take("return", report, user=user, comment=comment)
        report.review_comment = comment
        report.version += 1
        report.save()
        # Nothing waits for validation any more; the deadline chain still applies (the partner is up again).
        cancel_pending(
            subject_key=report_subject_key(report), kinds=VALIDATION_CHAIN, reason="Het rapport is teruggestuurd."
        )
        report_step_notify(
            report=report, kind=Kind.REPORT_RETURNED, recipients=_partner_recipients(report), by=user, comment=comment
        )
    return report
