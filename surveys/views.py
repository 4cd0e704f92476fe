"""Surveys: the partner's list and answer form; FIT's list, create/edit, send, close, results and export.

Every lookup goes through Survey.objects.visible_to (portal.scoping): a survey of a moment the partner was
not invited to is a 404, and so is another partner's response (a partner only ever reads its own)."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.audit import audit
from accounts.models import AuditEvent
from partners.models import ConsultationMoment
from portal.decorators import partner_required, staff_required
from portal.spreadsheets import neutralise, table_workbook

from .choices import QuestionKind, SurveyStatus
from .figures import satisfaction, survey_results
from .forms import AnswerForm, SurveyForm
from .models import Survey, SurveyResponse
from .permissions import can_run_surveys
from .services import (
    DEFAULT_OPEN_QUESTIONS,
    DEFAULT_SCORE_QUESTION,
    survey_answer,
    survey_close,
    survey_save,
    survey_send,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# -- partner side -----------------------------------------------------------------------------------


@partner_required
def survey_list(request):
    """The surveys to answer now, and the ones the organisation answered or that have closed."""
    surveys = list(Survey.objects.visible_to(request.user).select_related("moment").order_by("-closes_on", "-pk")[:50])
    answered = dict(
        SurveyResponse.objects.visible_to(request.user)
        .filter(survey__in=[s.pk for s in surveys], partner_id=request.partner_id)
        .values_list("survey_id", "submitted_at")
    )
    for survey in surveys:
        survey.answered_at = answered.get(survey.pk)
    return render(
        request,
        "surveys/survey_list.html",
        {
            "to_answer": [s for s in surveys if s.is_open() and s.answered_at is None],
            "others": [s for s in surveys if not (s.is_open() and s.answered_at is None)],
        },
    )


@partner_required
def survey_answer_view(request, pk: int):
    """Answer a survey for the organisation, or change the answers until it closes; afterwards, read them."""
    survey = get_object_or_404(Survey.objects.visible_to(request.user).select_related("moment"), pk=pk)
    response = (
        SurveyResponse.objects.visible_to(request.user)
        .filter(survey=survey, partner_id=request.partner_id)
        .prefetch_related("answers")
        .select_related("user")
        .first()
    )
    initial = {}
    if response:
        for answer in response.answers.all():
            if answer.score:
                initial["score"] = answer.score
            else:
                initial[f"q{answer.question_id}"] = answer.text
    is_open = survey.is_open()
    form = AnswerForm(request.POST or None, survey=survey, initial=initial)
    status = 200
    if request.method == "POST":
        if not is_open:
            messages.error(request, _("This survey is closed: answers can no longer be given or changed."))
            return redirect("surveys:survey_answer", pk=survey.pk)
        if form.is_valid():
            try:
                survey_answer(
                    survey=survey,
                    partner_id=request.partner_id,
                    user=request.user,
                    score=form.cleaned_data.get("score"),
                    texts=form.texts(),
                )
            except ValidationError as error:
                messages.error(request, error.messages[0])
                return redirect("surveys:survey_answer", pk=survey.pk)
            messages.success(request, _("Thank you: your answers have been saved."))
            return redirect("surveys:survey_list")
        status = 400
    if not is_open:
        for field in form.fields.values():
            field.disabled = True
    return render(
        request,
        "surveys/survey_answer.html",
        {"survey": survey, "form": form, "response": response, "is_open": is_open},
        status=status,
    )


# -- staff side --------------------------------------------------------------------------------------


def _require_runner(request) -> None:
    if not can_run_surveys(request.user):
        raise PermissionDenied


@staff_required
def staff_survey_list(request):
    """Every survey with its responses against the invited partners; a year's satisfaction at the top."""
    years = sorted(
        {timezone.localtime(d).year for d in Survey.objects.values_list("moment__starts_at", flat=True)}, reverse=True
    )
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and int(year) in years else (years[0] if years else None)
    surveys = Survey.objects.select_related("moment").annotate(
        response_count=Count("responses", distinct=True),
        invited_count=Count(
            "moment__invitations__partner", distinct=True, filter=Q(moment__invitations__partner__isnull=False)
        ),
    )
    held = (
        ConsultationMoment.objects.filter(kind__in=["partner_day", "formal"], starts_at__lte=timezone.now())
        .exclude(status=ConsultationMoment.Status.CANCELLED)
        .filter(surveys__isnull=True)
        .order_by("-starts_at")[:5]
    )
    return render(
        request,
        "surveys/staff/survey_list.html",
        {
            "surveys": surveys.order_by("-moment__starts_at", "-pk"),
            "figures": satisfaction(year) if year else None,
            "years": years,
            "year": year,
            "without_survey": held,
            "can_run": can_run_surveys(request.user),
        },
    )


@staff_required
def staff_survey_edit(request, pk: int | None = None):
    """A new survey for a moment (the default questions prefilled), or a draft's changes."""
    _require_runner(request)
    if pk:
        survey = get_object_or_404(Survey.objects.visible_to(request.user), pk=pk)
        if survey.status != SurveyStatus.DRAFT:
            messages.error(request, _("A survey that has been sent can no longer be changed."))
            return redirect("surveys:staff_survey_results", pk=survey.pk)
        questions = list(survey.questions.all())
        initial = {
            "score_text": next((q.text for q in questions if q.kind == QuestionKind.SCORE), ""),
            "open_questions": "\n".join(q.text for q in questions if q.kind == QuestionKind.OPEN),
        }
    else:
        survey = Survey(created_by=request.user)
        today = timezone.localdate()
        initial = {
            "score_text": str(DEFAULT_SCORE_QUESTION),
            "open_questions": "\n".join(str(q) for q in DEFAULT_OPEN_QUESTIONS),
            "opens_on": today,
            "closes_on": today + datetime.timedelta(days=14),
        }
        moment_id = request.GET.get("moment", "")
        moment = ConsultationMoment.objects.filter(pk=moment_id).first() if moment_id.isdigit() else None
        if moment:
            initial["moment"] = moment.pk
            initial["title"] = _("Survey: %(moment)s") % {"moment": moment.title}
    form = SurveyForm(request.POST or None, instance=survey, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            survey = survey_save(
                survey=form.instance,
                score_text=form.cleaned_data["score_text"],
                open_questions=form.cleaned_data["open_questions"],
                user=request.user,
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("The survey has been saved as a draft; send it when it is ready."))
            return redirect("surveys:staff_survey_results", pk=survey.pk)
    return render(request, "surveys/staff/survey_form.html", {"form": form, "survey": survey})


@staff_required
def staff_survey_results(request, pk: int):
    """A survey: its questions, its state, and the results (responses, score, open answers per partner)."""
    survey = get_object_or_404(Survey.objects.visible_to(request.user).select_related("moment"), pk=pk)
    return render(
        request,
        "surveys/staff/survey_results.html",
        {
            "survey": survey,
            "questions": list(survey.questions.all()),
            "can_run": can_run_surveys(request.user),
            "figures": satisfaction(survey.moment.local_start.year),
            **survey_results(survey),
        },
    )


@require_POST
@staff_required
def staff_survey_send(request, pk: int):
    _require_runner(request)
    survey = get_object_or_404(Survey.objects.visible_to(request.user).select_related("moment"), pk=pk)
    try:
        count = survey_send(survey=survey, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            ngettext(
                "The survey has been sent: %(count)d contact of the invited partners is notified.",
                "The survey has been sent: %(count)d contacts of the invited partners are notified.",
                count,
            )
            % {"count": count},
        )
    return redirect("surveys:staff_survey_results", pk=survey.pk)


@require_POST
@staff_required
def staff_survey_close(request, pk: int):
    _require_runner(request)
    survey = get_object_or_404(Survey.objects.visible_to(request.user), pk=pk)
    try:
        survey_close(survey=survey, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The survey has been closed: no more answers can be given."))
    return redirect("surveys:staff_survey_results", pk=survey.pk)


@staff_required
def staff_survey_export(request, pk: int):
    """The answers as XLSX: one row per partner, a column per question (the score as a number)."""
    survey = get_object_or_404(Survey.objects.visible_to(request.user).select_related("moment"), pk=pk)
    questions = list(survey.questions.all())
    results = survey_results(survey)
    headers = [_("Partner"), _("Answered by"), _("Answered on"), *[q.text for q in questions]]
    rows = []
    for response in results["responses"]:
        answers = {a.question_id: a for a in response.answers.all()}
        cells = []
        for question in questions:
            answer = answers.get(question.pk)
            if answer is None:
                cells.append(None)
            elif question.kind == QuestionKind.SCORE:
                cells.append(answer.score)
            else:
                cells.append(neutralise(answer.text))
        who = response.user.get_full_name() if response.user else ""
        rows.append([neutralise(response.partner.name), neutralise(who), response.submitted_at, *cells])
    content = table_workbook(headers, rows, survey.title)
    response = HttpResponse(content, content_type=XLSX_TYPE)
    name = slugify(survey.title) or f"bevraging-{survey.pk}"
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    audit(AuditEvent.Kind.EXPORT, request=request, path=request.path, table="survey", format="xlsx")
    return response
