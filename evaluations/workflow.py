"""One workflow for KPI reports and evaluations: a table of the steps each allows (from which statuses to
which, who may take it), the optimistic version claim, and the recorded step (a transition row and an
audit entry). The services of reports.py and cycle.py do the rest of each step (dates, notices).

Who may take a step is the rule of permissions.py, named once in the table; the services and the views
ask the same table (`may`).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.audit import audit
from accounts.models import AuditEvent

from .choices import EvaluationStatus, ReportStatus
from .models import Evaluation, EvaluationTransition, KPIReport, ReportTransition
from .permissions import can_edit_evaluation, can_edit_report, can_review_report, can_share_evaluation
from .permissions import can_sign_off_evaluation as can_sign_off


class StaleError(Exception):
    """The object changed since the user loaded it (another save or step got there first)."""

    message = ""

    def __init__(self):
        super().__init__(str(self.message))


class StaleReportError(StaleError):
    message = gettext_lazy(
        "Someone else has changed this report in the meantime. Your input has not been saved: look at the "
        "new version below and enter your changes again."
    )


class StaleEvaluationError(StaleError):
    message = gettext_lazy(
        "Someone else has changed this evaluation in the meantime. Your input is shown below; save again to record it."
    )


@dataclass(frozen=True)
class Step:
    sources: tuple[str, ...]
    target: str
    allowed: Callable[[object, object], bool]  # (user, obj) -> may take it
    refused: str = ""  # why not, when the object is in another status


@dataclass(frozen=True)
class Workflow:
    model: type
    transition_model: type
    subject: str  # the transition's foreign key to the object
    audit_kind: str
    stale_error: type[StaleError]
    steps: dict[str, Step]

    def may(self, name: str, user, obj) -> bool:
        """Whether `user` may take step `name` on `obj` (its status aside)."""
        return self.steps[name].allowed(user, obj)

    def check(self, name: str, user, obj) -> None:
        if not self.may(name, user, obj):
            raise PermissionDenied

    def claim(self, obj, expected_version: int) -> None:
        """Move `obj` to the next version, or refuse (stale_error) when someone else got there first."""
        updated = self.model.objects.filter(pk=obj.pk, version=expected_version).update(version=F("version") + 1)
        if not updated:
            raise self.stale_error()
        obj.version = expected_version + 1

    def take(self, name: str, obj, *, user, comment: str = "") -> None:
        """Record step `name` (who, when, from what to what, why) and move `obj` to its status; not saved."""
        step = self.steps[name]
        self.check(name, user, obj)
        if obj.status not in step.sources:
            raise ValidationError(step.refused or _("This step is not possible in the current status."))
        self.transition_model.objects.create(
            **{self.subject: obj}, from_status=obj.status, to_status=step.target, by=user, comment=comment
        )
        audit(self.audit_kind, user=user, **{self.subject: obj.pk}, from_status=obj.status, to_status=step.target)
        obj.status = step.target


REPORT_WORKFLOW = Workflow(
    model=KPIReport,
    transition_model=ReportTransition,
    subject="report",
    audit_kind=AuditEvent.Kind.REPORT_STEP,
    stale_error=StaleReportError,
    steps={
        "submit": Step((ReportStatus.DRAFT, ReportStatus.RETURNED), ReportStatus.SUBMITTED, can_edit_report),
        "validate": Step(
            (ReportStatus.SUBMITTED,),
            ReportStatus.VALIDATED,
            can_review_report,
            gettext_lazy("Only a submitted report can be validated."),
        ),
        "return": Step(
            (ReportStatus.SUBMITTED,),
            ReportStatus.RETURNED,
            can_review_report,
            gettext_lazy("Only a submitted report can be returned."),
        ),
    },
)

EVALUATION_WORKFLOW = Workflow(
    model=Evaluation,
    transition_model=EvaluationTransition,
    subject="evaluation",
    audit_kind=AuditEvent.Kind.EVALUATION_STEP,
    stale_error=StaleEvaluationError,
    steps={
        "submit": Step((EvaluationStatus.DRAFT,), EvaluationStatus.SUBMITTED, can_edit_evaluation),
        "send_back": Step((EvaluationStatus.SUBMITTED,), EvaluationStatus.DRAFT, can_sign_off),
        "sign_off": Step((EvaluationStatus.SUBMITTED,), EvaluationStatus.SIGNED_OFF, can_sign_off),
        "share": Step((EvaluationStatus.SIGNED_OFF,), EvaluationStatus.SHARED, can_share_evaluation),
    },
)
