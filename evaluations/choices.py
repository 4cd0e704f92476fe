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
