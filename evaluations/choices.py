"""The statuses and kinds of the evaluation cycle, by name: models, querysets, services and templates use these,
never the stored strings (as readthedocs' constants.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    HIGHER = "higher", _("higher is better")
    LOWER = "lower", _("lower is better")


class Rating(models.TextChoices):
    """How a result compares to its target; thresholds in settings.PORTAL (one place)."""

    GREEN = "green", _("achieved")
    AMBER = "amber", _("nearly achieved")
    RED = "red", _("not achieved")
    NONE = "none", _("no data")


class TargetStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    CONFIRMED = "confirmed", _("confirmed")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    VALIDATED = "validated", _("validated")
    RETURNED = "returned", _("returned")


class EvaluationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("awaiting sign-off")
    SIGNED_OFF = "signed_off", _("signed off")
    SHARED = "shared", _("shared with partner")


class ImprovementStatus(models.TextChoices):
    OPEN = "open", _("open")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("implemented")
    DROPPED = "dropped", _("not pursued")


class ActionType(models.TextChoices):
    TRADE_MISSION = "mission", _("trade mission")
    FAIR = "fair", _("trade fair")
    SEMINAR = "seminar", _("seminar or information session")
    MATCHMAKING = "matchmaking", _("B2B matchmaking")
    VISIT = "visit", _("reception or visit")
    TRAINING = "training", _("training")
    OTHER = "other", _("other")


class ActionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("proposed")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("not accepted")
    # FIT calls off an accepted action (or one of its own), with a reason: it stays in the history and in the
    # published programme's change log (issue 15), but is no longer planned.
    CANCELLED = "cancelled", _("cancelled")


# How each status looks as a badge (`{% status_badge %}`, the tones in portal.css): the text says what it is, the
# colour only helps. Neutral: nothing to do yet; info: waiting for the other side; success: done; danger: refused.
REPORT_TONES = {
    ReportStatus.DRAFT: "neutral",
    ReportStatus.SUBMITTED: "info",
    ReportStatus.VALIDATED: "success",
    ReportStatus.RETURNED: "danger",
}
EVALUATION_TONES = {
    EvaluationStatus.DRAFT: "neutral",
    EvaluationStatus.SUBMITTED: "info",
    EvaluationStatus.SIGNED_OFF: "success",
    EvaluationStatus.SHARED: "success",
}
IMPROVEMENT_TONES = {
    ImprovementStatus.OPEN: "neutral",
    ImprovementStatus.IN_PROGRESS: "info",
    ImprovementStatus.DONE: "success",
    ImprovementStatus.DROPPED: "danger",
}
ACTION_TONES = {
    ActionStatus.DRAFT: "neutral",
    ActionStatus.SUBMITTED: "info",
    ActionStatus.ACCEPTED: "success",
    ActionStatus.DECLINED: "danger",
    ActionStatus.CANCELLED: "danger",
}
