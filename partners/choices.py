"""The kinds and statuses of the partners app, by name: models, querysets and services use these, never the
stored strings."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    NL = "nl", _("Dutch")
    EN = "en", _("English")


class PartnerKind(models.TextChoices):
    EMPLOYERS = "employers", _("employers' organisation")
    CHAMBER = "chamber", _("chamber of commerce")
    FEDERATION = "federation", _("sector federation")
    CLUSTER = "cluster", _("cluster")
    SPEARHEAD_CLUSTER = "spearhead", _("spearhead cluster")
    RESEARCH_CENTRE = "research", _("strategic research centre")
    OTHER = "other", _("other")


class MomentKind(models.TextChoices):
    PARTNER_DAY = "partner_day", _("partner day")
    FORMAL = "formal", _("formal consultation")
    BILATERAL = "bilateral", _("bilateral meeting")
    OTHER = "other", _("other")


class MomentStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    HELD = "held", _("held")
    CANCELLED = "cancelled", _("cancelled")


class Rsvp(models.TextChoices):
    PENDING = "pending", _("not yet replied")
    YES = "yes", _("yes")
    NO = "no", _("no")
    MAYBE = "maybe", _("maybe")


class MinutesDecision(models.TextChoices):
    APPROVED = "approved", _("approved")
    REMARKS = "remarks", _("remarks")


# How each status looks as a badge (`{% status_badge %}`, the tones in portal.css); the text always says it.
MOMENT_TONES = {MomentStatus.PLANNED: "info", MomentStatus.HELD: "success", MomentStatus.CANCELLED: "danger"}
RSVP_TONES = {Rsvp.PENDING: "warning", Rsvp.YES: "success", Rsvp.NO: "danger", Rsvp.MAYBE: "info"}
DECISION_TONES = {MinutesDecision.APPROVED: "success", MinutesDecision.REMARKS: "warning"}
