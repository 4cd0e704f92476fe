from django.db import models
from django.utils.translation import gettext_lazy as _


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SENT = "sent", _("sent")
    CLOSED = "closed", _("closed")


class QuestionKind(models.TextChoices):
    SCORE = "score", _("score 1–5")
    OPEN = "open", _("open question")


SURVEY_TONES = {SurveyStatus.DRAFT: "neutral", SurveyStatus.SENT: "info", SurveyStatus.CLOSED: "success"}
SCORES = (1, 2, 3, 4, 5)
