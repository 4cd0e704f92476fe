"""Joint actions (issue 15): an action's co-organisers, invitations and requests to join, and their answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.decorators import partner_required

from ..forms import CoOrganiserInviteForm, JoinRequestForm
from ..models import Action, CoOrganiser
from ..permissions import can_answer_co_organiser, can_invite_co_organiser, can_join_action
from ..services.joint import co_organiser_invitation_answer, co_organiser_invite, join_request, join_request_answer


@partner_required
def action_co_organisers(request, pk: int):
    """An action's organisers and the invitations and join requests about it; its organiser invites here."""
    action = get_object_or_404(Action.objects.visible_to(request.user).with_organisers(), pk=pk)
    may_invite = can_invite_co_organiser(request.user, action)
    form = CoOrganiserInviteForm(request.POST or None, action=action) if may_invite else None
    if request.method == "POST":
        if form is None:
            raise Http404  # a co-organiser reads the list; only the organiser invites
        if form.is_valid():
            try:
                row = co_organiser_invite(
                    action=action,
                    partner=form.cleaned_data["co_organiser"],
                    user=request.user,
                    message=form.cleaned_data["message"],
                )
            except ValidationError as error:
                form.add_error("co_organiser", error)
            else:
                messages.success(
                    request, _("%(name)s has been invited to co-organise this action.") % {"name": row.organiser}
                )
                return redirect("evaluations:action_co_organisers", pk=action.pk)
    rows = sorted(action.co_organisers.all(), key=lambda row: row.organiser.lower())
    return render(
        request,
        "evaluations/action_co_organisers.html",
        {"action": action, "rows": rows, "form": form, "is_organiser": action.partner_id == request.partner_id},
    )


@require_POST
@login_required
def co_organiser_answer(request, pk: int):
    """Accept or decline an invitation to co-organise, or a request to join (the partner's or FIT's side)."""
    row = get_object_or_404(CoOrganiser.objects.visible_to(request.user).select_related("action__partner"), pk=pk)
    if not row.is_pending:
        messages.error(request, _("This has already been answered."))
        return _back(request)
    if not can_answer_co_organiser(request.user, row):
        if request.user.is_fit_staff:
            raise PermissionDenied
        raise Http404  # the asker, or a partner the row is about but who does not answer it
    accept = "accept" in request.POST
    answer = co_organiser_invitation_answer if row.origin == row.Origin.INVITED else join_request_answer
    try:
        answer(co_organiser=row, user=request.user, accept=accept)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if accept:
            messages.success(request, _("Accepted: ‘%(title)s’ is now a joint action.") % {"title": row.action.title})
        else:
            messages.success(request, _("Declined: ‘%(title)s’.") % {"title": row.action.title})
    return _back(request)


def _back(request):
    if request.user.is_fit_staff:
        return redirect(reverse("evaluations:proposals") + "#fit-co-organising")
    return redirect(reverse("evaluations:action_list") + "#to-answer")


@require_POST
@partner_required
def action_join(request, pk: int):
    """Ask to join another organiser's action in the programme."""
    action = get_object_or_404(Action.objects.with_organisers(), pk=pk)
    if not can_join_action(request.user, action):
        raise Http404
    form = JoinRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["message"][0])
        return redirect(reverse("evaluations:programme_year", args=[action.year]) + f"#action-{action.pk}")
    try:
        join_request(action=action, user=request.user, message=form.cleaned_data["message"])
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("Your request to join ‘%(title)s’ has been sent to %(organiser)s.")
            % {"title": action.title, "organiser": action.organiser},
        )
    return redirect(reverse("evaluations:programme_year", args=[action.year]) + f"#action-{action.pk}")
