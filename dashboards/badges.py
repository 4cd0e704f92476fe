"""Statuses as badges: a text label with a colour class, so colour is never the only signal."""

import datetime

from django.utils.translation import gettext_lazy as _

from evaluations.choices import EVALUATION_TONES, IMPROVEMENT_TONES, REPORT_TONES
from evaluations.models import Evaluation, ImprovementPoint, ReportStatus

from .tables import Badge

# The report status of a partner and year: "none" without a report, "late" for a draft or returned
# report after its deadline (KPIReport.is_late), otherwise the report's own status.
REPORT_LABELS = {
    "none": _("no report"),
    ReportStatus.DRAFT.value: ReportStatus.DRAFT.label,
    ReportStatus.SUBMITTED.value: ReportStatus.SUBMITTED.label,
    ReportStatus.VALIDATED.value: ReportStatus.VALIDATED.label,
    ReportStatus.RETURNED.value: ReportStatus.RETURNED.label,
    "late": _("late"),
}


def report_code(status: str | None, deadline: datetime.date | None, today: datetime.date) -> str:
    if not status:
        return "none"
    if status in (ReportStatus.DRAFT, ReportStatus.RETURNED) and deadline and today > deadline:
        return "late"
    return status


def report_badge(status: str | None, deadline: datetime.date | None, today: datetime.date) -> Badge:
    code = report_code(status, deadline, today)
    label = REPORT_LABELS[code]
    if code == "late":
        label = _("late (%(status)s)") % {"status": REPORT_LABELS[status]}
    # The tones of the portal's status badges (portal.css), so a status looks the same here as on its own page.
    tone = {"none": "none", "late": "late"}.get(code) or REPORT_TONES[code]
    return Badge(code, label, f"status-{tone}")


def evaluation_badge(status: str) -> Badge:
    return Badge(status, Evaluation.Status(status).label, f"status-{EVALUATION_TONES[status]}")


def improvement_badge(status: str) -> Badge:
    return Badge(status, ImprovementPoint.Status(status).label, f"status-{IMPROVEMENT_TONES[status]}")


def check_badge(ok: bool | None, ok_label, not_ok_label, pending_label=None) -> Badge:
    """A compliance verdict: met (green), pending (amber, still planned) or not met (red)."""
    if ok is None:
        return Badge("pending", pending_label, "rating-amber")
    return Badge("ok", ok_label, "rating-green") if ok else Badge("not-ok", not_ok_label, "rating-red")
