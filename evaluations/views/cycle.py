"""The yearly cycle on the staff side: prepare a year or period, evaluate, sign off, share, follow up;
and the partner's view of its shared evaluations."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Lower
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partners.models import Agreement, ConsultationMoment, Invitation, Partner
from partners.querysets import current_assignments_prefetch
from portal.decorators import partner_required, staff_required
from portal.working_year import year_from_query

from ..choices import TargetStatus
from ..forms import (
    EvaluationForm,
    NewPointForm,
    RenewForm,
    ResponseForm,
    ReviewForm,
    ScoreForm,
    TargetChangeForm,
    YearConfirmForm,
)
from ..models import Action, Evaluation, ImprovementNote, ImprovementPoint, KPIResult, KPITarget
from ..permissions import (
    can_change_target,
    can_edit_evaluation,
    can_prepare_year,
    can_respond_to_evaluation,
    can_share_evaluation,
    can_sign_off_evaluation,
    can_start_evaluation,
)
from ..services import (
    PointInput,
    ScoreInput,
    StaleEvaluationError,
    agreement_renew,
    evaluation_respond,
    evaluation_save,
    evaluation_send_back,
    evaluation_share,
    evaluation_sign_off,
    evaluation_start,
    evaluation_submit,
    point_suggestions,
    previous_points_without_update,
    provisional_kpis,
    target_change,
    year_comparison,
    year_confirm,
    year_prepare,
)


def _my_agreements(request, year: int):
    """Agreements running in `year`: the account manager's own, or all with ?all=1 (and for other FIT staff)."""
    agreements = Agreement.objects.covering_year(year).select_related("partner").order_by(Lower("partner__name"))
    manager = getattr(request.user, "account_manager", None)
    if manager is not None and request.GET.get("all") != "1":
        agreements = agreements.filter(partner__in=Partner.objects.looked_after_by(manager))
    return agreements


# -- prepare ---------------------------------------------------------------------------------------


@staff_required
def prepare_overview(request, year: int):
    """Prepare year N+1 for every agreement at once, then review each one's comparison."""
    agreements = _my_agreements(request, year).annotate(
        draft_targets=Count("kpi_targets", filter=Q(kpi_targets__year=year, kpi_targets__status=TargetStatus.DRAFT)),
        confirmed_targets=Count("kpi_targets", filter=Q(kpi_targets__year=year, kpi_targets__status="confirmed")),
    )
    if request.method == "POST":
        made = 0
        for agreement in agreements:
            if can_prepare_year(request.user, agreement):
                made += year_prepare(agreement=agreement, year=year, user=request.user).targets_created
        messages.success(request, _("%(count)d targets prepared as drafts.") % {"count": made})
        return redirect(request.get_full_path())
    return render(request, "evaluations/prepare_overview.html", {"year": year, "agreements": agreements})


@staff_required
def prepare_agreement(request, pk: int, year: int):
    """Year N next to year N+1 for one agreement: make the drafts, edit them, confirm."""
    agreement = get_object_or_404(Agreement.objects.select_related("partner"), pk=pk)
    if not agreement.covers_year(year):
        raise Http404
    may_prepare = can_prepare_year(request.user, agreement)
    target_rows, line_rows = year_comparison(agreement=agreement, year=year, source=_source_for(agreement, year))
    form = YearConfirmForm(
        request.POST if request.POST.get("action") == "confirm" else None, target_rows=target_rows, line_rows=line_rows
    )
    if request.method == "POST":
        if not may_prepare:
            raise PermissionDenied
        if request.POST.get("action") == "prepare":
            source = _source_for(agreement, year)
            summary = year_prepare(
                agreement=agreement,
                year=year,
                user=request.user,
                source=source,
                source_year=year - 1 if source == agreement else source.end_date.year,
            )
            messages.success(
                request,
                _("%(targets)d targets and %(lines)d budget lines prepared as drafts.")
                % {"targets": summary.targets_created, "lines": summary.lines_created},
            )
            if summary.budget_year_created:
                messages.warning(
                    request,
                    _(
                        "Budget year %(year)s has been created with the previous year's "
                        "authorisations: please check them."
                    )
                    % {"year": year},
                )
            return redirect("evaluations:prepare_agreement", pk=agreement.pk, year=year)
        if form.is_valid():
            try:
                count = year_confirm(
                    agreement=agreement,
                    year=year,
                    user=request.user,
                    target_values=form.values("t"),
                    line_amounts=form.values("l"),
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("%(count)d drafts confirmed.") % {"count": count})
                return redirect("evaluations:prepare_agreement", pk=agreement.pk, year=year)
    has_drafts = any(r.current is not None and r.current.is_draft for r in [*target_rows, *line_rows])
    return render(
        request,
        "evaluations/prepare_agreement.html",
        {
            "agreement": agreement,
            "year": year,
            "target_rows": target_rows,
            "line_rows": line_rows,
            "form": form,
            "may_prepare": may_prepare,
            "has_drafts": has_drafts,
            "nothing_yet": not any(r.current for r in target_rows),
        },
    )


def _source_for(agreement: Agreement, year: int) -> Agreement:
    """The first year of a new period takes over from the agreement that ended the year before."""
    if year > agreement.start_date.year:
        return agreement
    previous = (
        agreement.partner.agreements.filter(end_date__year=year - 1)
        .exclude(pk=agreement.pk)
        .order_by("-end_date")
        .first()
    )
    return previous or agreement


@staff_required
def agreement_renew_view(request, pk: int):
    agreement = get_object_or_404(Agreement.objects.select_related("partner"), pk=pk)
    if not can_prepare_year(request.user, agreement):
        raise PermissionDenied
    start = agreement.end_date.replace(year=agreement.end_date.year + 1, month=1, day=1)
    length = agreement.end_date.year - agreement.start_date.year
    initial = {
        "reference": f"{agreement.reference.rsplit('-', 1)[0]}-{start.year}" if "-" in agreement.reference else "",
        "start_date": start,
        "end_date": start.replace(year=start.year + length, month=12, day=31),
    }
    form = RenewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            new, summary = agreement_renew(agreement=agreement, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("New agreement %(reference)s created; %(count)d targets for %(year)s are ready as drafts.")
                % {"reference": new.reference, "count": summary.targets_created, "year": new.start_date.year},
            )
            return redirect("evaluations:prepare_agreement", pk=new.pk, year=new.start_date.year)
    return render(request, "evaluations/agreement_renew.html", {"agreement": agreement, "form": form})


# -- evaluate --------------------------------------------------------------------------------------


@staff_required
def evaluation_list(request):
    year, problem = year_from_query(request)
    if problem:
        messages.warning(request, problem)
    agreements = list(
        _my_agreements(request, year).prefetch_related(
            Prefetch("evaluations", queryset=Evaluation.objects.filter(year=year), to_attr="this_year"),
            # The partners' current account managers, for can_start_evaluation without a query per row.
            current_assignments_prefetch("partner__assignments"),
        )
    )
    programme = Evaluation.objects.programme_wide().filter(year=year).first()
    return render(
        request,
        "evaluations/evaluation_list.html",
        {
            "year": year,
            "agreements": agreements,
            "programme": programme,
            "may_start_programme": can_start_evaluation(request.user, None),
            "startable": {a.pk for a in agreements if can_start_evaluation(request.user, a)},
        },
    )


def _year_param(request, *, default: int) -> int:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else default


@require_POST
@staff_required
def evaluation_start_view(request):
    year = _year_param(request, default=0)
    if not year:
        raise Http404
    agreement_id = request.POST.get("agreement", "")
    agreement = None
    if agreement_id != "programme":
        if not agreement_id.isdigit():
            raise Http404
        agreement = get_object_or_404(Agreement.objects.select_related("partner"), pk=agreement_id)
        if not agreement.covers_year(year):
            raise Http404
    if not can_start_evaluation(request.user, agreement):
        raise PermissionDenied
    evaluation = evaluation_start(agreement=agreement, year=year, user=request.user)
    return redirect("evaluations:evaluation_edit", pk=evaluation.pk)


def _context(evaluation: Evaluation) -> dict:
    """Everything the evaluation page shows next to the form, fetched with a fixed number of queries."""
    context = {"previous": None, "previous_points": [], "actions": [], "attendance": None, "results": []}
    previous = Evaluation.objects.filter(agreement=evaluation.agreement, year=evaluation.year - 1).first()
    if previous is not None:
        context["previous"] = previous
        context["previous_points"] = list(previous.improvement_points.select_related("owner", "kpi"))
    if evaluation.agreement_id is None:
        return context
    partner = evaluation.agreement.partner
    results = {
        r.target_id: r
        for r in KPIResult.objects.filter(
            target__agreement=evaluation.agreement, target__year=evaluation.year
        ).select_related("report")
    }
    targets = evaluation.agreement.kpi_targets.confirmed().filter(year=evaluation.year).select_related("kpi")
    context["results"] = [(t, results.get(t.pk)) for t in targets.order_by("kpi__order", "kpi__code")]
    context["actions"] = list(
        Action.objects.filter(partner=partner, year=evaluation.year)
        .select_related("versnelling")
        .order_by("start_date")
    )
    moments = ConsultationMoment.objects.filter(starts_at__year=evaluation.year, status="held")
    invitations = Invitation.objects.filter(partner=partner, moment__in=moments)
    attended_moments = invitations.filter(attended=True).values("moment").distinct().count()
    invited_moments = invitations.values("moment").distinct().count()
    context["attendance"] = {"invited": invited_moments, "attended": attended_moments}
    return context


@staff_required
def evaluation_edit(request, pk: int):
    evaluation = get_object_or_404(
        Evaluation.objects.select_related("agreement__partner", "created_by", "signed_off_by"), pk=pk
    )
    editable = can_edit_evaluation(request.user, evaluation)
    scores = list(evaluation.scores.select_related("kpi"))
    suggestions = point_suggestions(evaluation) if editable else []
    posting = request.method == "POST" and request.POST.get("action") in ("save", "submit")
    data = request.POST if posting else None
    form = EvaluationForm(
        data,
        initial={
            "version": evaluation.version,
            "date": evaluation.date,
            "score": evaluation.score,
            "conclusion": evaluation.conclusion,
        },
    )
    score_forms = [
        (s, ScoreForm(data, prefix=f"s{s.kpi_id}", initial={"score": s.score, "comment": s.comment})) for s in scores
    ]
    suggestion_forms = [
        (
            target,
            result,
            NewPointForm(
                data,
                prefix=f"m{target.kpi_id}",
                initial={
                    "create": True,
                    "title": _("%(code)s %(name)s: target not achieved in %(year)s")
                    % {"code": target.kpi.code, "name": target.kpi.name, "year": evaluation.year},
                },
            ),
        )
        for target, result in suggestions
    ]
    extra_forms = [NewPointForm(data, prefix=f"n{i}") for i in range(2)]

    if posting:
        if not editable:
            raise PermissionDenied
        all_forms = [form, *(f for _, f in score_forms), *(f for _, _, f in suggestion_forms), *extra_forms]
        valid = [f.is_valid() for f in all_forms]
        if all(valid):
            points = [
                PointInput(
                    title=f.cleaned_data["title"],
                    kpi_id=target.kpi_id,
                    description=f.cleaned_data["description"],
                    due_date=f.cleaned_data["due_date"],
                )
                for target, _, f in suggestion_forms
                if f.cleaned_data["create"]
            ] + [
                PointInput(
                    title=f.cleaned_data["title"],
                    description=f.cleaned_data["description"],
                    due_date=f.cleaned_data["due_date"],
                )
                for f in extra_forms
                if f.cleaned_data["create"] or f.cleaned_data["title"].strip()
            ]
            try:
                evaluation_save(
                    evaluation=evaluation,
                    user=request.user,
                    version=form.cleaned_data["version"],
                    score=form.cleaned_data["score"],
                    conclusion=form.cleaned_data["conclusion"],
                    date=form.cleaned_data["date"],
                    scores=[
                        ScoreInput(s.kpi_id, f.cleaned_data["score"], f.cleaned_data["comment"]) for s, f in score_forms
                    ],
                    new_points=points,
                )
            except StaleEvaluationError as error:
                messages.error(request, str(error))
            else:
                if request.POST["action"] == "submit":
                    try:
                        evaluation_submit(evaluation=evaluation, user=request.user)
                    except ValidationError as error:
                        messages.error(
                            request, _("Saved, but not yet submitted. %(reason)s") % {"reason": error.messages[0]}
                        )
                    else:
                        messages.success(request, _("The evaluation has been submitted for sign-off."))
                else:
                    messages.success(request, _("The evaluation has been saved."))
                return redirect("evaluations:evaluation_edit", pk=evaluation.pk)
        else:
            messages.error(request, _("Not saved: please correct the highlighted fields."))

    return render(
        request,
        "evaluations/evaluation_edit.html",
        {
            "evaluation": evaluation,
            "editable": editable,
            "form": form,
            "score_forms": score_forms,
            "suggestion_forms": suggestion_forms,
            "extra_forms": extra_forms,
            "points": evaluation.improvement_points.select_related("owner", "kpi"),
            "review_form": ReviewForm(),
            "may_sign_off": can_sign_off_evaluation(request.user, evaluation),
            "may_share": can_share_evaluation(request.user, evaluation),
            "pending_points": list(previous_points_without_update(evaluation)),
            "provisional": provisional_kpis(evaluation),
            "transitions": evaluation.transitions.select_related("by"),
            **_context(evaluation),
        },
    )


@require_POST
@staff_required
def evaluation_step(request, pk: int):
    """The one-click steps: a manager signs off or sends back; the account manager shares."""
    evaluation = get_object_or_404(Evaluation.objects.select_related("agreement__partner"), pk=pk)
    form = ReviewForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    step = request.POST.get("step")
    actions = {
        "sign_off": (evaluation_sign_off, {"comment": comment}, _("The evaluation has been signed off.")),
        "send_back": (evaluation_send_back, {"comment": comment}, _("The evaluation has been returned.")),
        "share": (evaluation_share, {}, _("The evaluation has been shared with the partner.")),
    }
    if step not in actions:
        raise Http404
    service, kwargs, done = actions[step]
    try:
        service(evaluation=evaluation, user=request.user, **kwargs)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("evaluations:evaluation_edit", pk=evaluation.pk)


@staff_required
def follow_up(request):
    """Managers' view of every open improvement point, by age, owner and partner."""
    order = {"owner": "owner__last_name", "partner": Lower("partner__name"), "due": "due_date"}
    sort = request.GET.get("sort", "age")
    points = (
        ImprovementPoint.objects.open()
        .select_related("partner", "owner", "kpi", "evaluation__moment")
        .annotate(note_count=Count("notes"))
    )
    # By age: since the point was raised at its evaluation, not since it was typed in.
    points = points.order_by(order[sort], "pk") if sort in order else points.by_raised_on("pk")
    return render(
        request, "evaluations/follow_up.html", {"points": points, "sort": sort, "today": timezone.localdate()}
    )


# -- the partner's side ----------------------------------------------------------------------------


@partner_required
def partner_evaluation_list(request):
    evaluations = Evaluation.objects.visible_to(request.user).select_related("agreement__partner").order_by("-year")
    return render(request, "evaluations/partner_evaluation_list.html", {"evaluations": evaluations})


@partner_required
def partner_evaluation(request, pk: int):
    evaluation = get_object_or_404(
        Evaluation.objects.visible_to(request.user).select_related("agreement__partner"), pk=pk
    )
    may_respond = can_respond_to_evaluation(request.user, evaluation)
    form = ResponseForm(request.POST or None, initial={"text": evaluation.partner_response})
    if request.method == "POST":
        if not may_respond:
            raise PermissionDenied
        if form.is_valid():
            evaluation_respond(evaluation=evaluation, user=request.user, text=form.cleaned_data["text"])
            messages.success(request, _("Your response has been saved and sent to your account manager."))
            return redirect("evaluations:partner_evaluation", pk=evaluation.pk)
    notes = Prefetch("notes", queryset=ImprovementNote.objects.select_related("author"))
    return render(
        request,
        "evaluations/partner_evaluation.html",
        {
            "evaluation": evaluation,
            "scores": evaluation.scores.select_related("kpi"),
            "points": evaluation.improvement_points.prefetch_related(notes),
            "form": form,
            "may_respond": may_respond,
        },
    )


@staff_required
def target_change_view(request, pk: int):
    """Change one confirmed target; once its year has started only a manager may, giving a reason."""
    target = get_object_or_404(KPITarget.objects.select_related("agreement__partner", "kpi"), pk=pk)
    locked = target.is_locked()
    if not can_change_target(request.user, target):
        raise PermissionDenied
    form = TargetChangeForm(request.POST or None, initial={"value": target.target_value})
    if request.method == "POST" and form.is_valid():
        try:
            target_change(
                target=target, user=request.user, value=form.cleaned_data["value"], reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error("reason", error.messages[0])
        else:
            messages.success(request, _("The target has been changed."))
            return redirect("evaluations:prepare_agreement", pk=target.agreement_id, year=target.year)
    history = target.history.select_related("history_user").order_by("-history_date")[:10]
    return render(
        request,
        "evaluations/target_change.html",
        {"target": target, "form": form, "locked": locked, "history": history},
    )
