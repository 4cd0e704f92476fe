"""The action programme: partners propose actions for next year; FIT accepts or declines them."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partners.querysets import current_assignments_prefetch
from portal.decorators import partner_required, staff_required
from portal.working_year import working_year

from ..forms import ActionDecisionForm, ActionForm, OverlapKeepForm, StaffListFilter
from ..models import Action, ActionOverlap, ProgrammePublication
from ..permissions import can_decide_action
from ..services import action_decide, action_overlaps_keep, action_submit


def _next_year() -> int:
    return timezone.localdate().year + 1


@partner_required
def action_list(request):
    actions = (
        Action.objects.visible_to(request.user)
        .select_related("versnelling")
        .prefetch_related("themes")
        .order_by("-year", "start_date", "title")
    )
    return render(request, "evaluations/action_list.html", {"actions": actions, "next_year": _next_year()})


def _on_the_list(action: Action):
    return redirect(reverse("evaluations:action_list") + f"#action-{action.pk}")


def _posted_token(request) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get("token", ""))
    except ValueError:
        return None


def _made_with(request, token: uuid.UUID | None) -> Action | None:
    """The action an earlier sending of this same form made, if any (a double click sends it twice)."""
    if token is None:
        return None
    return Action.objects.visible_to(request.user).filter(form_token=token).first()


@partner_required
def action_edit(request, pk: int | None = None):
    if pk is None:
        action = Action(partner_id=request.partner_id, year=_next_year())
        token = _posted_token(request) if request.method == "POST" else None
        if (made := _made_with(request, token)) is not None:
            messages.info(request, _("This form had already been sent: your action was saved once."))
            return _on_the_list(made)
    else:
        action = get_object_or_404(Action.objects.visible_to(request.user), pk=pk)
        if action.status != Action.Status.DRAFT:
            messages.error(request, _("A proposed action can no longer be changed."))
            return redirect("evaluations:action_list")
    form = ActionForm(request.POST or None, instance=action, min_year=_next_year() if pk is None else action.year)
    keeping = request.method == "POST" and "keep" in request.POST
    keep_form = OverlapKeepForm(request.POST if keeping else None)
    overlaps = list(Action.objects.overlapping(action).not_kept_for(action)) if action.pk else []
    if request.method == "POST" and form.is_valid():
        action = form.save(commit=False)
        # Issue 15: overlaps the proposer has not kept yet show the form again, nothing saved, until they
        # change the action or keep it anyway with a reason (the ids they saw, so a new overlap is shown too).
        overlaps = list(Action.objects.overlapping(action).not_kept_for(action))
        seen = set(request.POST.getlist("seen"))
        if overlaps and not (keeping and keep_form.is_valid() and {str(o.pk) for o in overlaps} <= seen):
            return _action_form(request, form, action, overlaps, keep_form)
        if pk is None:
            action.form_token = token
        try:
            with transaction.atomic():
                action.save()
                form.save_m2m()
        except IntegrityError:
            # Sent twice at the same moment: the other request holds the token and made the action.
            if (made := _made_with(request, token)) is None:
                raise
            messages.info(request, _("This form had already been sent: your action was saved once."))
            return _on_the_list(made)
        if overlaps:
            action_overlaps_keep(
                action=action, others=overlaps, reason=keep_form.cleaned_data["overlap_reason"], user=request.user
            )
        if "submit" in request.POST or request.POST.get("keep") == "submit":
            action_submit(action=action, user=request.user)
            messages.success(request, _("Your action has been proposed to FIT."))
        else:
            messages.success(request, _("Your action has been saved as a draft."))
        return _on_the_list(action)
    return _action_form(request, form, action, overlaps, keep_form)


def _action_form(request, form, action, overlaps, keep_form):
    """The partner's action form, with the overlaps not yet kept. Of another partner's action the proposer
    sees everything only when it is in the published programme (what every partner reads already); else
    only that another partner plans this type of action there and then."""
    for other in overlaps:
        other.shown_in_full = other.is_in_programme or other.partner_id == request.partner_id
        other.summary = other.overlap_summary(in_full=other.shown_in_full)
    context = {"form": form, "action": action, "overlaps": overlaps, "keep_form": keep_form}
    return render(request, "evaluations/action_form.html", context)


@require_POST
@partner_required
def action_submit_view(request, pk: int):
    action = get_object_or_404(Action.objects.visible_to(request.user), pk=pk)
    if action.status != Action.Status.DRAFT:
        messages.error(request, _("This action has already been proposed."))
    else:
        action_submit(action=action, user=request.user)
        messages.success(request, _("Your action has been proposed to FIT."))
    return redirect("evaluations:action_list")


@require_POST
@partner_required
def action_delete(request, pk: int):
    action = get_object_or_404(Action.objects.visible_to(request.user), pk=pk)
    if action.status != Action.Status.DRAFT:
        messages.error(request, _("Only a draft can be deleted."))
    else:
        action.delete()
        messages.success(request, _("The draft has been deleted."))
    return redirect("evaluations:action_list")


@login_required
def programme(request, year: int | None = None):
    """The action programme of a year for logged-in users: FIT's actions and the accepted partner actions, and
    a link to its public page once published."""
    year = year or working_year(request)
    if not 2000 <= year <= 2100:
        raise Http404
    # Cancelled actions stay on the page, struck through with their badge: a partner who saw one planned
    # learns it will not take place.
    actions = (
        Action.objects.filter(year=year)
        .filter(Q(pk__in=Action.objects.in_programme(year)) | Q(status=Action.Status.CANCELLED))
        .select_related("partner", "versnelling")
        .prefetch_related("themes")
        .order_by("start_date", "title")
    )
    publication = ProgrammePublication.objects.filter(year=year).first()
    return render(request, "evaluations/programme.html", {"actions": actions, "year": year, "publication": publication})


@staff_required
def proposals(request):
    """FIT's list of proposed partner actions; who may decide one (can_decide_action) accepts or declines it.
    An account manager sees the proposals of their own partners first; filters: partner, year, status, search."""
    data = request.GET.copy()
    data.setdefault("status", Action.Status.SUBMITTED)  # what waits for a decision, unless asked otherwise
    actions = Action.objects.filter(partner__isnull=False).exclude(status=Action.Status.DRAFT)
    years = sorted(set(actions.values_list("year", flat=True)), reverse=True)
    statuses = [(value, label) for value, label in Action.Status.choices if value != Action.Status.DRAFT]
    filters = StaffListFilter(data, user=request.user, years=years, statuses=statuses)
    shown = list(
        filters.apply(actions, partner_path="partner", search=["title", "description", "partner__name", "country"])
        .select_related("partner", "versnelling")
        # The partners' current account managers, for can_decide_action without a query per row.
        .prefetch_related(current_assignments_prefetch("partner__assignments"))
        .order_by("year", Lower("partner__name"))
    )
    # Issue 15: each proposal's overlapping actions (one query for the list), and why they were kept if so.
    overlaps = Action.objects.overlaps_of(shown)
    kept = {}
    for overlap in ActionOverlap.objects.filter(Q(action__in=shown) | Q(other__in=shown)).select_related("kept_by"):
        kept[overlap.action_id, overlap.other_id] = kept[overlap.other_id, overlap.action_id] = overlap
    for action in shown:
        action.overlaps = overlaps.get(action.pk, [])
        for other in action.overlaps:
            other.summary = other.overlap_summary()
            other.shown_in_full = True
            other.kept = kept.get((action.pk, other.pk))
    decidable = {
        action.pk
        for action in shown
        if action.status == Action.Status.SUBMITTED and can_decide_action(request.user, action)
    }
    return render(
        request,
        "evaluations/proposals.html",
        {"pending": shown, "decidable": decidable, "form": ActionDecisionForm(), "filters": filters},
    )


@require_POST
@staff_required
def action_decide_view(request, pk: int):
    action = get_object_or_404(Action.objects.visible_to(request.user).select_related("partner"), pk=pk)
    if not can_decide_action(request.user, action):
        raise PermissionDenied
    form = ActionDecisionForm(request.POST)
    form.is_valid()
    try:
        action_decide(
            action=action,
            user=request.user,
            accept="accept" in request.POST,
            reason=form.cleaned_data.get("reason", ""),
        )
    except ValidationError as error:
        messages.error(request, f"{action.title}: {error.messages[0]}")
    else:
        messages.success(request, _("The decision on ‘%(title)s’ has been saved.") % {"title": action.title})
    return redirect("evaluations:proposals")
