"""The writes of surveys: create and edit a draft, send it (the invited partners are told through the
outbox), close it, and a partner's answers. Views, the admin and the demo call these."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.models import Kind
from notifications.services import Recipient, cancel_pending, outbox_add
from partners.services import login_contacts_of

from .choices import QuestionKind, SurveyStatus
from .models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse

# What a new survey asks, prefilled on the form (FIT may change the texts).
DEFAULT_SCORE_QUESTION = gettext_lazy("How satisfied are you with this consultation moment? (1 = not at all, 5 = very)")
DEFAULT_OPEN_QUESTIONS = (
    gettext_lazy("What was most useful?"),
    gettext_lazy("What should we do differently?"),
)
# A survey opening on a later day is announced that morning (Brussels).
SEND_TIME = datetime.time(9, 0)


def survey_subject_key(survey) -> str:
    return f"survey:{survey.pk}"


def _set_questions(survey, score_text: str, open_questions: list[str]) -> None:
    survey.questions.all().delete()
    texts = [t.strip() for t in open_questions if t.strip()]
    SurveyQuestion.objects.create(survey=survey, text=score_text.strip(), order=0, kind=QuestionKind.SCORE)
    SurveyQuestion.objects.bulk_create(
        SurveyQuestion(survey=survey, text=text, order=i, kind=QuestionKind.OPEN) for i, text in enumerate(texts, 1)
    )


def survey_save(*, survey, score_text: str, open_questions: list[str], user=None) -> Survey:
    """Save a new or draft survey with its questions: always the satisfaction score first, then the open
    questions in the order given. A survey that was sent keeps its questions (answers refer to them)."""
    if survey.pk and survey.status != SurveyStatus.DRAFT:
        raise ValidationError(_("A survey that has been sent can no longer be changed."))
    if not score_text.strip():
        raise ValidationError(_("The survey needs its satisfaction question."))
    with transaction.atomic():
        if survey.pk is None and user is not None:
            survey.created_by = user
        survey.full_clean()
        survey.save()
        _set_questions(survey, score_text, open_questions)
    return survey


def survey_send(*, survey, user=None) -> int:
    """Send a draft survey: it becomes visible to the invited partners from the day it opens, and each of
    their active contacts with a log-in gets a message (that morning, or now when it is open already).
    Returns the number of messages written."""
    if survey.status != SurveyStatus.DRAFT:
        raise ValidationError(_("This survey has already been sent."))
    if not survey.moment.has_started:
        raise ValidationError(_("A survey can be sent once the consultation moment has taken place."))
    today = timezone.localdate()
    if survey.closes_on < today:
        raise ValidationError(_("The closing date of this survey has passed: choose a later one first."))
    due = None
    if survey.opens_on > today:
        due = timezone.make_aware(datetime.datetime.combine(survey.opens_on, SEND_TIME))
    with transaction.atomic():
        survey.status, survey.sent_at = SurveyStatus.SENT, timezone.now()
        survey.save(update_fields=["status", "sent_at"])
        contacts = list(login_contacts_of(survey.moment.invited_partners()))
        return outbox_add(
            kind=Kind.SURVEY,
            recipients=[Recipient.of_contact(c) for c in contacts],
            subject_key=survey_subject_key(survey),
            offset="sent",
            due_at=due,
            context={"survey_id": survey.pk},
        )


def survey_close(*, survey, user=None) -> None:
    """Close a sent survey before its closing date: no more answers; messages not yet sent lapse."""
    if survey.status != SurveyStatus.SENT:
        raise ValidationError(_("Only a sent survey can be closed."))
    with transaction.atomic():
        survey.status = SurveyStatus.CLOSED
        survey.save(update_fields=["status"])
        cancel_pending(subject_key=survey_subject_key(survey), kinds=[Kind.SURVEY], reason="De bevraging is gesloten.")


def survey_answer(*, survey, partner_id: int, user, score: int, texts: dict[int, str]) -> SurveyResponse:
    """A partner's answers: the satisfaction score (1 to 5) and the open answers by question id. A partner
    answers once; until the survey closes, answering again replaces the earlier answers."""
    if not survey.is_open():
        raise ValidationError(_("This survey is closed: answers can no longer be given or changed."))
    if not survey.moment.invited_partners().filter(pk=partner_id).exists():
        raise ValidationError(_("Your organisation was not invited to this consultation moment."))
    if score not in (1, 2, 3, 4, 5):
        raise ValidationError(_("Choose a score from 1 to 5."))
    questions = list(survey.questions.all())
    with transaction.atomic():
        response, created = SurveyResponse.objects.select_for_update().get_or_create(
            survey=survey, partner_id=partner_id, defaults={"user": user}
        )
        if not created:
            response.user, response.submitted_at = user, timezone.now()
            response.save(update_fields=["user", "submitted_at"])
            response.answers.all().delete()
        answers = []
        for question in questions:
            if question.kind == QuestionKind.SCORE:
                answers.append(SurveyAnswer(response=response, question=question, score=score))
            elif (texts.get(question.pk) or "").strip():
                answers.append(SurveyAnswer(response=response, question=question, text=texts[question.pk].strip()))
        for answer in answers:
            answer.full_clean(exclude=["response"], validate_unique=False)
        SurveyAnswer.objects.bulk_create(answers)
    return response


def survey_for_message(survey_id) -> dict:
    """What a survey's e-mail shows (registered with the outbox in apps.py)."""
    return {"survey": Survey.objects.select_related("moment").get(pk=survey_id)}


def survey_message_is_due(message, objects: dict) -> bool:
    """Send time: a survey's message goes only while partners can still answer it."""
    survey = objects["survey"]
    return survey.status == SurveyStatus.SENT and survey.closes_on >= timezone.localdate()
