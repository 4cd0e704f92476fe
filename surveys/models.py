"""Short surveys FIT sends to the invited partners after a partner day or a formal consultation: a
satisfaction score from 1 to 5 and a few open questions, answered once per partner."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import ConsultationMoment, Partner

from .choices import SURVEY_TONES, QuestionKind, SurveyStatus
from .querysets import SurveyQuerySet, SurveyResponseQuerySet

# The kinds of moment a survey follows.
SURVEYED_KINDS = (ConsultationMoment.Kind.PARTNER_DAY, ConsultationMoment.Kind.FORMAL)


class Survey(models.Model):
    Status = SurveyStatus
    status_tones = SURVEY_TONES

    moment = models.ForeignKey(
        ConsultationMoment, on_delete=models.PROTECT, related_name="surveys", verbose_name=_("consultation moment")
    )
    title = models.CharField(_("title"), max_length=200)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"), help_text=_("The last day on which partners can answer."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    sent_at = models.DateTimeField(_("sent on"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created on"), default=timezone.now, editable=False)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on", "-pk"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")),
                name="survey_closes_after_it_opens",
                violation_error_message=_("A survey cannot close before it opens."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("A survey cannot close before it opens.")})
        if self.moment_id:
            if self.moment.kind not in SURVEYED_KINDS:
                raise ValidationError({"moment": _("A survey follows a partner day or a formal consultation.")})
            if self.moment.status == ConsultationMoment.Status.CANCELLED:
                raise ValidationError({"moment": _("This consultation moment has been cancelled.")})

    def is_open(self, today: datetime.date | None = None) -> bool:
        """Partners can answer (or change their answers): sent, and today between its dates."""
        today = today or timezone.localdate()
        return self.status == self.Status.SENT and self.opens_on <= today <= self.closes_on

    def has_closed(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status == self.Status.CLOSED or (self.status == self.Status.SENT and today > self.closes_on)

    @property
    def score_question(self):
        return next((q for q in self.questions.all() if q.kind == QuestionKind.SCORE), None)


class SurveyQuestion(models.Model):
    Kind = QuestionKind

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey"))
    text = models.CharField(_("question"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.OPEN)

    class Meta:
        ordering = ["survey", "order", "pk"]
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        constraints = [
            models.UniqueConstraint(
                fields=["survey"],
                condition=Q(kind="score"),
                name="survey_one_score_question",
                violation_error_message=_("A survey has one satisfaction score question."),
            ),
        ]

    def __str__(self) -> str:
        return self.text


class SurveyResponse(models.Model):
    """A partner's answers to a survey: one per partner, which any of its users may change until it closes."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("survey"))
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="survey_responses", verbose_name=_("partner")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("answered by")
    )
    submitted_at = models.DateTimeField(_("answered on"), default=timezone.now)

    objects = SurveyResponseQuerySet.as_manager()

    class Meta:
        ordering = ["survey", "partner__name"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "partner"],
                name="survey_response_once_per_partner",
                violation_error_message=_("This partner has already answered this survey."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} – {self.survey}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(
        SurveyResponse, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response")
    )
    question = models.ForeignKey(
        SurveyQuestion, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    text = models.TextField(_("answer"), blank=True, max_length=5000)

    class Meta:
        ordering = ["response", "question__order", "question__pk"]
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="survey_answer_once_per_question"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5),
                name="survey_answer_score_1_5",
                violation_error_message=_("A score is a whole number from 1 to 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.response}: {self.question}"
