"""KPIs and their targets and results, yearly evaluations, improvement points and the action programme."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partners.models import Agreement, ConsultationMoment, Partner, Theme, Versnelling
from portal.money import HUNDRED
from portal.uploads import RandomUploadTo, validate_document

from .choices import (
    ACTION_TONES,
    APPROVED_EVALUATION_STATUSES,
    CO_ORGANISER_TONES,
    EVALUATION_TONES,
    IMPROVEMENT_TONES,
    OVERLAP_TONES,
    REPORT_TONES,
    ActionStatus,
    ActionType,
    CoOrganiserOrigin,
    CoOrganiserStatus,
    Direction,
    EvaluationStatus,
    ImprovementStatus,
    OverlapOutcome,
    Rating,
    ReportStatus,
    TargetStatus,
)
from .querysets import (
    ActionOverlapQuerySet,
    ActionQuerySet,
    CoOrganiserQuerySet,
    EvaluationQuerySet,
    ImprovementPointQuerySet,
    KPIReportQuerySet,
    KPIResultQuerySet,
    KPITargetQuerySet,
)


def is_planned(partner_id, status: str) -> bool:
    """An action (or a historical row of one) is in the programme: FIT's own or accepted, not cancelled; the
    same rule as ActionQuerySet.in_programme."""
    if status == ActionStatus.CANCELLED:
        return False
    return partner_id is None or status == ActionStatus.ACCEPTED


def rate_achievement(achievement: Decimal | None) -> Rating:
    if achievement is None:
        return Rating.NONE
    if achievement >= settings.PORTAL["ACHIEVEMENT_GREEN"]:
        return Rating.GREEN
    if achievement >= settings.PORTAL["ACHIEVEMENT_AMBER"]:
        return Rating.AMBER
    return Rating.RED


def achievement_percentage(target: Decimal | None, actual: Decimal | None, direction: str) -> Decimal | None:
    """The result as a percentage of its target, direction-aware, rounded to one decimal.

    Higher is better: actual / target. Lower is better: target / actual (so beating the target is
    above 100 % too). None when either is missing or the quotient is undefined: a target of 0 on a
    higher-is-better KPI counts as met (100 %) by any actual ≥ 0; an actual of 0 on a lower-is-better
    KPI meets any target (100 % is the cap there, as "infinitely better" means nothing to a reader).
    """
    if target is None or actual is None:
        return None
    target, actual = Decimal(target), Decimal(actual)
    if direction == Direction.LOWER:
        if actual == 0:
            return HUNDRED
        value = target / actual * HUNDRED
    else:
        if target == 0:
            return HUNDRED
        value = actual / target * HUNDRED
    return value.quantize(Decimal("0.1"))


class KPI(models.Model):
    """A key performance indicator (kritieke prestatie-indicator) definition."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("unit"), max_length=40, help_text=_("E.g. companies, participants, %."))
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    is_volume = models.BooleanField(
        _("volume indicator"),
        default=True,
        help_text=_("A count (not a percentage): included in the cost per unit."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


def default_deadline_for(year: int) -> datetime.date:
    month, day = settings.PORTAL.get("KPI_REPORT_DEADLINE", (3, 31))
    return datetime.date(year + 1, month, day)


class KPITarget(models.Model):
    """The target of one KPI in one year of an agreement, set before that year starts."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="kpi_targets", verbose_name=_("agreement")
    )
    kpi = models.ForeignKey(KPI, on_delete=models.PROTECT, related_name="targets", verbose_name=_("KPI"))
    year = models.PositiveSmallIntegerField(_("year"))
    target_value = models.DecimalField(
        _("target"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    note = models.CharField(_("explanation"), max_length=500, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=TargetStatus.choices,
        default=TargetStatus.CONFIRMED,
        help_text=_("A draft (e.g. when preparing a new year) is not yet visible to the partner."),
    )
    confirmed_at = models.DateTimeField(_("confirmed on"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )

    history = HistoricalRecords()
    objects = KPITargetQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "year", "kpi__order", "kpi__code"]
        verbose_name = _("KPI target")
        verbose_name_plural = _("KPI targets")
        # The dashboards select a year's targets across all agreements.
        indexes = [
            models.Index(fields=["year", "status"], name="kpi_target_year_status"),
            # The admin's change list: the newest year first, by agreement and KPI (evaluations/admin.py).
            models.Index(fields=["-year", "agreement", "kpi"], name="kpi_target_year_agreement_kpi"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "kpi", "year"],
                name="kpi_target_unique",
                violation_error_message=_("A target already exists for this agreement, KPI and year."),
            ),
            models.CheckConstraint(
                condition=Q(target_value__gte=0),
                name="kpi_target_not_negative",
                violation_error_message=_("A target cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement.partner} {self.year} {self.kpi.code}"

    def clean(self) -> None:
        if self.agreement_id and self.year and not self.agreement.covers_year(self.year):
            raise ValidationError({"year": _("This year falls outside the term of the agreement.")})

    @property
    def is_draft(self) -> bool:
        return self.status == TargetStatus.DRAFT

    def is_locked(self, today: datetime.date | None = None) -> bool:
        """A confirmed target is locked from the first day of its year: only a manager may change it, with a reason."""
        today = today or timezone.localdate()
        return self.status == TargetStatus.CONFIRMED and today >= datetime.date(self.year, 1, 1)


class KPIReport(models.Model):
    """A partner's KPI report for one year of its agreement: the unit of the reporting workflow.

    The results (one per target) carry the numbers; the report carries the status they share, the
    deadline and the version used to refuse a stale save.
    """

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="kpi_reports", verbose_name=_("agreement")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    status_tones = REPORT_TONES
    deadline = models.DateField(_("deadline"))
    submitted_at = models.DateTimeField(_("submitted on"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    validated_at = models.DateTimeField(_("validated on"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("validated by"),
    )
    review_comment = models.TextField(_("account manager's comment"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(_("last modified"), auto_now=True)

    history = HistoricalRecords()
    objects = KPIReportQuerySet.as_manager()

    class Meta:
        ordering = ["-year", Lower("agreement__partner__name")]
        verbose_name = _("KPI report")
        verbose_name_plural = _("KPI reports")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "year"],
                name="kpi_report_unique",
                violation_error_message=_("A KPI report already exists for this agreement and year."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "deadline"], name="kpi_report_status_deadline"),
            # The admin's change list: the newest year first, by agreement (evaluations/admin.py).
            models.Index(fields=["-year", "agreement"], name="kpi_report_year_agreement"),
        ]

    def __str__(self) -> str:
        return _("KPI report %(partner)s %(year)s") % {"partner": self.agreement.partner, "year": self.year}

    def save(self, *args, **kwargs):
        if not self.deadline and self.year:
            self.deadline = default_deadline_for(self.year)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.agreement_id and self.year and not self.agreement.covers_year(self.year):
            raise ValidationError({"year": _("This year falls outside the term of the agreement.")})

    @property
    def partner(self) -> Partner:
        return self.agreement.partner

    @property
    def is_editable_by_partner(self) -> bool:
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)

    def is_late(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED) and today > self.deadline


class KPIResult(models.Model):
    """The reported actual for one target, with evidence; its status is that of its report."""

    report = models.ForeignKey(KPIReport, on_delete=models.CASCADE, related_name="results", verbose_name=_("report"))
    target = models.OneToOneField(KPITarget, on_delete=models.CASCADE, related_name="result", verbose_name=_("target"))
    actual_value = models.DecimalField(
        _("result"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    comment = models.TextField(_("explanation"), blank=True)
    evidence = models.FileField(
        _("evidence"), upload_to=RandomUploadTo("evidence"), blank=True, validators=[validate_document]
    )
    evidence_name = models.CharField(_("evidence file name"), max_length=255, blank=True)
    updated_at = models.DateTimeField(_("last modified"), auto_now=True)

    history = HistoricalRecords()
    objects = KPIResultQuerySet.as_manager()

    class Meta:
        ordering = ["report", "target__kpi__order", "target__kpi__code"]
        verbose_name = _("KPI result")
        verbose_name_plural = _("KPI results")
        constraints = [
            models.CheckConstraint(
                condition=Q(actual_value__isnull=True) | Q(actual_value__gte=0),
                name="kpi_result_not_negative",
                violation_error_message=_("A result cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target}: {self.actual_value}"

    def clean(self) -> None:
        if not (self.report_id and self.target_id):
            return
        if (self.report.agreement_id, self.report.year) != (self.target.agreement_id, self.target.year):
            raise ValidationError(_("This target does not belong to this report (different agreement or year)."))

    @property
    def status(self) -> str:
        return self.report.status

    @property
    def kpi(self) -> KPI:
        return self.target.kpi

    def achievement(self) -> Decimal | None:
        return achievement_percentage(self.target.target_value, self.actual_value, self.target.kpi.direction)

    def rating(self) -> Rating:
        return rate_achievement(self.achievement())

    @property
    def is_validated(self) -> bool:
        """Checked by the account manager; until then the result is provisional and not judged."""
        return self.report.status == ReportStatus.VALIDATED

    def misses_target(self) -> bool:
        """Short of its target, direction-aware (on a lower-is-better KPI: above it); False without an actual."""
        achievement = self.achievement()
        return achievement is not None and achievement < HUNDRED


class ReportTransition(models.Model):
    """One step of a KPI report's workflow: who moved it from what to what, when, and why."""

    report = models.ForeignKey(
        KPIReport, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("report")
    )
    from_status = models.CharField(_("from status"), max_length=12, choices=ReportStatus.choices)
    to_status = models.CharField(_("to status"), max_length=12, choices=ReportStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["report", "at"]
        verbose_name = _("report status change")
        verbose_name_plural = _("report status changes")

    def __str__(self) -> str:
        return f"{self.report}: {self.from_status} → {self.to_status}"


SCORE_SCALE = [
    (1, _("1 – insufficient")),
    (2, _("2 – weak")),
    (3, _("3 – satisfactory")),
    (4, _("4 – good")),
    (5, _("5 – excellent")),
]
SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Evaluation(models.Model):
    """The formal yearly evaluation of an agreement, or of the whole programme (no agreement)."""

    Status = EvaluationStatus
    status_tones = EVALUATION_TONES

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluations",
        verbose_name=_("agreement"),
        help_text=_("Leave empty for an evaluation of the whole programme (as on the partner day)."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    date = models.DateField(_("date"), null=True, blank=True)
    moment = models.ForeignKey(
        ConsultationMoment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evaluations",
        verbose_name=_("consultation moment"),
        help_text=_("The moment at which the evaluation was discussed, e.g. the partner day."),
    )
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, choices=SCORE_SCALE, validators=SCORE_VALIDATORS
    )
    conclusion = models.TextField(_("conclusion"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    partner_response = models.TextField(_("partner's response"), blank=True)
    partner_responded_at = models.DateTimeField(_("responded on"), null=True, blank=True)
    signed_off_at = models.DateTimeField(_("signed off on"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed off by"),
    )
    shared_at = models.DateTimeField(_("shared on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("drawn up by"),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords()
    objects = EvaluationQuerySet.as_manager()

    class Meta:
        ordering = ["-year", Lower("agreement__partner__name")]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "year"],
                condition=Q(agreement__isnull=False),
                name="evaluation_one_per_agreement_year",
                violation_error_message=_("This agreement already has an evaluation for this year."),
            ),
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(agreement__isnull=True),
                name="evaluation_one_programme_wide_per_year",
                violation_error_message=_("There is already a programme-wide evaluation for this year."),
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | (Q(score__gte=1) & Q(score__lte=5)),
                name="evaluation_score_1_5",
                violation_error_message=_("The score must be between 1 and 5."),
            ),
        ]

    def __str__(self) -> str:
        if self.agreement_id:
            return _("Evaluation %(partner)s %(year)s") % {"partner": self.agreement.partner, "year": self.year}
        return _("Programme-wide evaluation %(year)s") % {"year": self.year}

    def clean(self) -> None:
        if self.agreement_id and self.year and not self.agreement.covers_year(self.year):
            raise ValidationError({"year": _("This year falls outside the term of the agreement.")})

    @property
    def is_programme_wide(self) -> bool:
        return self.agreement_id is None

    @property
    def partner(self) -> Partner | None:
        return self.agreement.partner if self.agreement_id else None

    @property
    def is_approved(self) -> bool:
        """Signed off: its score and conclusion count as a result (EvaluationQuerySet.approved)."""
        return self.status in APPROVED_EVALUATION_STATUSES


class EvaluationScore(models.Model):
    """The account manager's score of one KPI in an evaluation (on the scale of SCORE_SCALE)."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="scores", verbose_name=_("evaluation")
    )
    kpi = models.ForeignKey(KPI, on_delete=models.PROTECT, related_name="+", verbose_name=_("KPI"))
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, choices=SCORE_SCALE, validators=SCORE_VALIDATORS
    )
    comment = models.TextField(_("explanation"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["evaluation", "kpi__order", "kpi__code"]
        verbose_name = _("KPI score")
        verbose_name_plural = _("KPI scores")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "kpi"], name="evaluation_score_unique_kpi"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | (Q(score__gte=1) & Q(score__lte=5)),
                name="evaluation_kpi_score_1_5",
                violation_error_message=_("The score must be between 1 and 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation} {self.kpi.code}: {self.score}"


class EvaluationTransition(models.Model):
    """One step of an evaluation's workflow: who moved it, when, with what comment."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("evaluation")
    )
    from_status = models.CharField(_("from status"), max_length=12, choices=Evaluation.Status.choices)
    to_status = models.CharField(_("to status"), max_length=12, choices=Evaluation.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["evaluation", "at", "pk"]
        verbose_name = _("evaluation status change")
        verbose_name_plural = _("evaluation status changes")

    def __str__(self) -> str:
        return f"{self.evaluation}: {self.from_status} → {self.to_status}"


class ImprovementPoint(models.Model):
    """A verbeterpunt from an evaluation: for one partner, or programme-wide when no partner is set."""

    Status = ImprovementStatus
    status_tones = IMPROVEMENT_TONES

    evaluation = models.ForeignKey(
        Evaluation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="improvement_points",
        verbose_name=_("evaluation"),
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="improvement_points",
        verbose_name=_("partner"),
        help_text=_("Leave empty for an improvement point of the whole programme."),
    )
    kpi = models.ForeignKey(
        KPI, on_delete=models.SET_NULL, null=True, blank=True, related_name="improvement_points", verbose_name=_("KPI")
    )
    title = models.CharField(_("improvement point"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_improvement_points",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    status_changed_at = models.DateTimeField(_("status changed on"), null=True, blank=True)
    actions = models.ManyToManyField(
        "Action",
        blank=True,
        related_name="improvement_points",
        verbose_name=_("actions taken"),
        help_text=_("Actions from the action programme that address this improvement point."),
    )

    history = HistoricalRecords(m2m_fields=[actions])
    objects = ImprovementPointQuerySet.as_manager()

    class Meta:
        ordering = ["status", "due_date", "pk"]
        verbose_name = _("improvement point")
        verbose_name_plural = _("improvement points")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        agreement = self.evaluation.agreement if self.evaluation_id and self.evaluation.agreement_id else None
        if agreement and self.partner_id and agreement.partner_id != self.partner_id:
            raise ValidationError({"partner": _("This partner is not part of the evaluation.")})

    @property
    def is_programme_wide(self) -> bool:
        return self.partner_id is None

    @property
    def raised_on(self) -> datetime.date:
        """When the point was raised: the date of its evaluation, else of the moment that discussed it.

        Not `created_at`, the day someone typed it in (for the demo: the day it was loaded). A point
        without an evaluation date counts from that day. Select `evaluation__moment` with the points.
        """
        evaluation = self.evaluation
        if evaluation is not None:
            if evaluation.date:
                return evaluation.date
            if evaluation.moment_id and evaluation.moment.starts_at:
                return evaluation.moment.local_start.date()
        return timezone.localtime(self.created_at).date()

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.IN_PROGRESS)

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """Still open after its target date (as the staff to-do list counts them)."""
        today = today or timezone.localdate()
        return self.is_open and self.due_date is not None and self.due_date < today

    @property
    def has_status_update(self) -> bool:
        """Someone followed the point up: its status moved at least once since it was made."""
        return self.status_changed_at is not None or self.status != self.Status.OPEN


class ImprovementNote(models.Model):
    """A follow-up note on an improvement point, by FIT or the partner."""

    point = models.ForeignKey(
        ImprovementPoint, on_delete=models.CASCADE, related_name="notes", verbose_name=_("improvement point")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    text = models.TextField(_("follow-up"))
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["point", "created_at"]
        verbose_name = _("follow-up note")
        verbose_name_plural = _("follow-up notes")

    def __str__(self) -> str:
        return f"{self.point}: {self.text[:40]}"


class Action(models.Model):
    """An entry of FIT's yearly action programme (actieprogramma): FIT's own or a partner's."""

    Type = ActionType

    Status = ActionStatus
    status_tones = ACTION_TONES

    year = models.PositiveSmallIntegerField(_("programme year"))
    partner = models.ForeignKey(
        Partner,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("partner"),
        help_text=_("Leave empty for an action by FIT itself."),
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices, default=Type.OTHER)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True)
    versnelling = models.ForeignKey(
        Versnelling,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("versnelling"),
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="actions", verbose_name=_("themes"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    decision_reason = models.TextField(_("reason for decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    # Issue 15: FIT cancels an accepted action (or one of its own) with a reason, which stays internal.
    cancellation_reason = models.TextField(_("reason for cancellation"), blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cancelled by"),
    )
    cancelled_at = models.DateTimeField(_("cancelled on"), null=True, blank=True)
    # The one-time token of the form that made this action: the same form sent again (a double click)
    # finds this action instead of making a second one.
    form_token = models.UUIDField(_("form token"), null=True, blank=True, editable=False)

    history = HistoricalRecords(m2m_fields=[themes])
    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["year", "start_date", "title"]
        verbose_name = _("action")
        verbose_name_plural = _("actions (action programme)")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="action_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decision_reason=""),
                name="action_declined_has_reason",
                violation_error_message=_("Give a reason when an action is not accepted."),
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancellation_reason=""),
                name="action_cancelled_has_reason",
                violation_error_message=_("Give a reason when an action is cancelled."),
            ),
            models.UniqueConstraint(
                fields=["form_token"],
                name="action_form_token_unique",
                violation_error_message=_("This form has already been sent."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.title}"

    def clean(self) -> None:
        if self.status == self.Status.DECLINED and not self.decision_reason.strip():
            raise ValidationError({"decision_reason": _("Give a reason when an action is not accepted.")})
        if self.status == self.Status.CANCELLED and not self.cancellation_reason.strip():
            raise ValidationError({"cancellation_reason": _("Give a reason when an action is cancelled.")})

    @property
    def organiser(self) -> str:
        """Who runs the action: the partner's name, or FIT for its own."""
        return self.partner.name if self.partner_id else "FIT"

    @property
    def organiser_names(self) -> list[str]:
        """Everyone who runs the action: the main organiser first, then the accepted co-organisers by name.
        Without a query when the co-organisers were prefetched (ActionQuerySet.with_organisers)."""
        co = [c.organiser for c in self.co_organisers.all() if c.status == CoOrganiserStatus.ACCEPTED]
        return [self.organiser, *sorted(co, key=str.lower)]

    @property
    def is_joint(self) -> bool:
        """Run with at least one accepted co-organiser (ActionQuerySet.joint)."""
        return len(self.organiser_names) > 1

    def is_organised_by(self, partner_id: int | None) -> bool:
        """`partner_id` (None: FIT) is the organiser or an accepted co-organiser (ActionQuerySet.organised_by)."""
        if self.partner_id == partner_id:
            return True
        return any(
            c.partner_id == partner_id and c.status == CoOrganiserStatus.ACCEPTED for c in self.co_organisers.all()
        )

    @property
    def is_in_programme(self) -> bool:
        """Whether every partner may read this action: FIT's own and accepted ones, not cancelled
        (ActionQuerySet.in_programme)."""
        return is_planned(self.partner_id, self.status)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def can_be_cancelled(self) -> bool:
        """An action in the programme can be called off: an accepted one, or one of FIT's own."""
        return self.is_in_programme

    def overlap_summary(self, *, in_full: bool = True) -> str:
        """ "UNIZO plans a trade mission to Verenigd Koninkrijk on 10/05/2019" (without who when not `in_full`)."""
        when = date_format(self.start_date, "d/m/Y") if self.start_date else ""
        if self.end_date and self.start_date and self.end_date != self.start_date:
            when = f"{when} – {date_format(self.end_date, 'd/m/Y')}"
        values = {"organiser": self.organiser, "type": self.get_type_display(), "country": self.country, "date": when}
        if self.country and in_full:
            return _("%(organiser)s plans a %(type)s to %(country)s on %(date)s") % values
        if self.country:
            return _("Another partner plans a %(type)s to %(country)s on %(date)s") % values
        if in_full:
            return _("%(organiser)s plans a %(type)s on %(date)s") % values
        return _("Another partner plans a %(type)s on %(date)s") % values

    def overlap_reasons(self) -> list[str]:
        """Why this action came out of ActionQuerySet.overlapping (its annotations)."""
        reasons = []
        if getattr(self, "overlap_place", False):
            reasons.append(_("same country, close dates"))
        if getattr(self, "overlap_theme", False):
            reasons.append(_("same versnelling and type in the same month"))
        return reasons


class CoOrganiser(models.Model):
    """Another partner (or FIT: no partner) that runs an action with its organiser (issue 15): invited by the
    organiser or asked to join by the partner, then accepted or declined by the other side. An accepted
    co-organiser sees and may edit the action like its organiser (ActionQuerySet.visible_to)."""

    Origin = CoOrganiserOrigin
    Status = CoOrganiserStatus
    status_tones = CO_ORGANISER_TONES

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="co_organisers", verbose_name=_("action"))
    partner = models.ForeignKey(
        Partner,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="co_organised",
        verbose_name=_("co-organiser"),
        help_text=_("Leave empty for FIT."),
    )
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices, default=Origin.INVITED)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    message = models.TextField(_("message"), blank=True)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("asked by"),
    )
    asked_at = models.DateTimeField(_("asked on"), default=timezone.now)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)

    history = HistoricalRecords()
    objects = CoOrganiserQuerySet.as_manager()

    class Meta:
        ordering = ["action", "asked_at", "pk"]
        verbose_name = _("co-organiser")
        verbose_name_plural = _("co-organisers")
        constraints = [
            models.UniqueConstraint(
                fields=["action", "partner"],
                condition=Q(partner__isnull=False),
                name="co_organiser_once_per_partner",
                violation_error_message=_("This partner is already a co-organiser of this action, or was asked."),
            ),
            models.UniqueConstraint(
                fields=["action"],
                condition=Q(partner__isnull=True),
                name="co_organiser_fit_once",
                violation_error_message=_("FIT is already a co-organiser of this action, or was asked."),
            ),
            models.CheckConstraint(
                condition=Q(status=CoOrganiserStatus.PENDING, answered_at__isnull=True)
                | (~Q(status=CoOrganiserStatus.PENDING) & Q(answered_at__isnull=False)),
                name="co_organiser_answered_when_not_pending",
                violation_error_message=_("An answered request has a date of answer; a pending one has none."),
            ),
        ]
        indexes = [models.Index(fields=["partner", "status"], name="co_organiser_partner_status")]

    def __str__(self) -> str:
        return f"{self.action} + {self.organiser}"

    def clean(self) -> None:
        if self.action_id and self.partner_id == self.action.partner_id:
            raise ValidationError({"partner": _("The organiser of an action cannot also be its co-organiser.")})

    @property
    def organiser(self) -> str:
        """The co-organiser's name, FIT for FIT."""
        return self.partner.name if self.partner_id else "FIT"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def is_accepted(self) -> bool:
        return self.status == self.Status.ACCEPTED

    @property
    def answering_partner_id(self) -> int | None:
        """Whose turn it is to answer: the invited partner (None: FIT), or the organiser of a join request."""
        return self.partner_id if self.origin == self.Origin.INVITED else self.action.partner_id


class ActionOverlap(models.Model):
    """An overlap of two actions that was detected when `action` was saved or proposed, and how it ended
    (issue 15): open until the proposer keeps it with a reason, merges the two into one joint action
    (invites the other organiser, or joins the other action) or withdraws its action.

    A withdrawn draft is deleted (it was never in the programme, nor seen by FIT); its overlap stays as the
    trace, with `action` empty and the action's year and title kept here, so the cooperation figures
    (`outcomes_in`) count it. One row per pair of actions (the services never record the pair twice)."""

    Outcome = OverlapOutcome
    outcome_tones = OVERLAP_TONES

    action = models.ForeignKey(
        Action,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kept_overlaps",
        verbose_name=_("action"),
    )
    other = models.ForeignKey(
        Action,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="overlapped_by",
        verbose_name=_("overlapping action"),
    )
    year = models.PositiveSmallIntegerField(_("programme year"))
    action_title = models.CharField(_("title of the action"), max_length=255, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.OPEN)
    reason = models.TextField(_("reason to keep it"), blank=True)
    co_organiser = models.ForeignKey(
        CoOrganiser,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="overlaps",
        verbose_name=_("invitation or join request"),
        help_text=_("What the proposer asked to merge the two actions; merged once it is accepted."),
    )
    detected_at = models.DateTimeField(_("detected on"), default=timezone.now)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolved_at = models.DateTimeField(_("resolved on"), null=True, blank=True)

    objects = ActionOverlapQuerySet.as_manager()

    class Meta:
        ordering = ["year", "detected_at", "pk"]
        verbose_name = _("overlap")
        verbose_name_plural = _("overlaps")
        constraints = [
            models.UniqueConstraint(
                fields=["action", "other"],
                name="action_overlap_once_per_pair",
                violation_error_message=_("This overlap has already been recorded."),
            ),
            models.CheckConstraint(
                condition=~Q(action=F("other")),
                name="action_overlap_not_itself",
                violation_error_message=_("An action does not overlap itself."),
            ),
            models.CheckConstraint(
                condition=~Q(outcome=OverlapOutcome.KEPT) | ~Q(reason=""),
                name="action_overlap_kept_has_reason",
                violation_error_message=_("Say why you keep this action."),
            ),
        ]
        indexes = [models.Index(fields=["year", "outcome"], name="action_overlap_year_outcome")]

    def __str__(self) -> str:
        return f"{self.action or self.action_title} ~ {self.other or '–'}"

    def save(self, *args, **kwargs):
        # The year and title outlive the action (a withdrawn draft is deleted).
        action = self.action if self.action_id else None
        if action is not None:
            self.action_title = self.action_title or action.title
        if not self.year:
            self.year = (action or self.other).year
        super().save(*args, **kwargs)

    @property
    def is_kept(self) -> bool:
        return self.outcome == self.Outcome.KEPT


class ProgrammePublicationQuerySet(models.QuerySet):
    def published_years(self) -> list[int]:
        return list(self.order_by("-year").values_list("year", flat=True))


@dataclass(frozen=True)
class ProgrammeChange:
    """One change to a published programme (ProgrammePublication.changes): an action added, moved or cancelled.

    Only what the public programme shows of an action: its title, dates and country, before and after.
    """

    ADDED, MOVED, CANCELLED = "added", "moved", "cancelled"
    LABELS = {ADDED: _("added"), MOVED: _("moved"), CANCELLED: _("cancelled")}

    kind: str
    at: datetime.datetime
    action_id: int
    title: str
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    country: str = ""
    old_start_date: datetime.date | None = None
    old_end_date: datetime.date | None = None
    old_country: str = ""

    @property
    def label(self) -> str:
        return self.LABELS[self.kind]

    @property
    def move(self) -> str:
        """What a move changed: "from 13/06/2019 to 20/06/2019", with the country when that changed too."""
        before, after = [], []
        if (self.old_start_date, self.old_end_date) != (self.start_date, self.end_date):
            before.append(date_span(self.old_start_date, self.old_end_date))
            after.append(date_span(self.start_date, self.end_date))
        if self.old_country != self.country:
            before.append(self.old_country or "–")
            after.append(self.country or "–")
        return _("from %(before)s to %(after)s") % {"before": ", ".join(before), "after": ", ".join(after)}


def date_span(start: datetime.date | None, end: datetime.date | None) -> str:
    """18/09/2019, or 18/09/2019 – 20/09/2019 for more than a day; "–" without a date."""
    if start is None:
        return "–"
    text = date_format(start, "d/m/Y")
    if end and end != start:
        text = f"{text} – {date_format(end, 'd/m/Y')}"
    return text


class ProgrammePublication(models.Model):
    """FIT publishes the action programme of a year (issue 15): from then on it is public, without log-in,
    and what changes in it afterwards is its change log (`changes`)."""

    year = models.PositiveSmallIntegerField(_("programme year"), unique=True)
    published_at = models.DateTimeField(_("published on"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    note = models.TextField(
        _("note"), blank=True, help_text=_("Shown on the public page above the programme, e.g. what it holds.")
    )

    objects = ProgrammePublicationQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("published action programme")
        verbose_name_plural = _("published action programmes")

    def __str__(self) -> str:
        return _("Action programme %(year)s") % {"year": self.year}

    def changes(self) -> list[ProgrammeChange]:
        """What changed in the programme after `published_at`, oldest first, from the actions' own history
        (django-simple-history, no second log kept by hand), in one query.

        Each historical row of an action of the year is compared with the row before it: an action that comes
        into the programme after publication (made by FIT, or a partner's accepted then) is *added*; one whose
        start or end date or country changes is *moved*; one that leaves the programme (cancelled, or deleted)
        is *cancelled*. What happened before publication is the programme as published: no change.
        """
        history = Action.history.model
        rows = (
            history.objects.filter(id__in=history.objects.filter(year=self.year).values("id"))
            .order_by("id", "history_date", "history_id")
            .values(
                "id",
                "history_date",
                "history_type",
                "year",
                "partner_id",
                "status",
                "title",
                "start_date",
                "end_date",
                "country",
            )
        )
        changes: list[ProgrammeChange] = []
        before: dict | None = None
        for row in rows:
            if before is not None and before["id"] != row["id"]:
                before = None
            planned = row["history_type"] != "-" and row["year"] == self.year
            planned = planned and is_planned(row["partner_id"], row["status"])
            if row["history_date"] > self.published_at:
                was_planned = before is not None and before["planned"]
                place = {"start_date": row["start_date"], "end_date": row["end_date"], "country": row["country"]}
                if planned and not was_planned:
                    changes.append(
                        ProgrammeChange(ProgrammeChange.ADDED, row["history_date"], row["id"], row["title"], **place)
                    )
                elif was_planned and not planned:
                    changes.append(
                        ProgrammeChange(
                            ProgrammeChange.CANCELLED, row["history_date"], row["id"], row["title"], **place
                        )
                    )
                elif planned and any(before[key] != value for key, value in place.items()):
                    changes.append(
                        ProgrammeChange(
                            ProgrammeChange.MOVED,
                            row["history_date"],
                            row["id"],
                            row["title"],
                            **place,
                            old_start_date=before["start_date"],
                            old_end_date=before["end_date"],
                            old_country=before["country"],
                        )
                    )
            before = {**row, "planned": planned}
        changes.sort(key=lambda change: (change.at, change.action_id))
        return changes


class OverlapRule(models.Model):
    """How close two actions in the same country may be before the portal warns of an overlap (issue 15): the
    window FIT sets, one row, in the admin. Without a row the deployment's default holds
    (PORTAL["ACTION_OVERLAP_DAYS"], 30). Read by querysets.overlap_window_days."""

    window_days = models.PositiveSmallIntegerField(
        _("days apart at most"),
        validators=[MaxValueValidator(365)],
        help_text=_(
            "Two actions in the same country overlap when their dates overlap or are at most this many days "
            "apart (0: only when the dates overlap)."
        ),
    )
    # One row: the rule of the whole programme.
    singleton = models.BooleanField(default=True, editable=False, unique=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed on"), auto_now=True)

    class Meta:
        verbose_name = _("overlap rule")
        verbose_name_plural = _("overlap rule")
        constraints = [
            models.CheckConstraint(condition=Q(singleton=True), name="overlap_rule_one_row"),
            models.CheckConstraint(
                condition=Q(window_days__lte=365),
                name="overlap_rule_window_within_a_year",
                violation_error_message=_("Choose a window of at most 365 days."),
            ),
        ]

    def __str__(self) -> str:
        return _("Overlap: same country within %(days)s days") % {"days": self.window_days}
