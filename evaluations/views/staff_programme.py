"""FIT publishes the action programme of a year and calls off actions in it (issue 15)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partners.querysets import current_assignments_prefetch
from portal.decorators import staff_required

from ..choices import ActionStatus
from ..models import Action, ProgrammePublication
from ..permissions import can_cancel_action, can_publish_programme
from ..services import action_cancel, programme_publish, programme_unpublish


@staff_required
def publication_list(request):
    """Every year with actions: how many are in its programme and whether it is published."""
    in_programme = (Q(partner__isnull=True) | Q(status=ActionStatus.ACCEPTED)) & ~Q(status=ActionStatus.CANCELLED)
    counts = (
        Action.objects.values("year")
        .annotate(
            planned=Count("pk", filter=in_programme), proposed=Count("pk", filter=Q(status=ActionStatus.SUBMITTED))
        )
        .order_by("-year")
    )
    publications = {p.year: p for p in ProgrammePublication.objects.select_related("published_by")}
    years = [{**row, "publication": publications.pop(row["year"], None)} for row in counts]
    years += [{"year": year, "planned": 0, "proposed": 0, "publication": p} for year, p in publications.items()]
    years.sort(key=lambda row: -row["year"])
    return render(
        request,
        "evaluations/staff_programme_list.html",
        {"years": years, "may_publish": can_publish_programme(request.user)},
    )


@staff_required
def publication_detail(request, year: int):
    """The programme of `year` as it will be (or is) published, with the change log since publication; who may
    publishes it or withdraws it, and cancels actions in it."""
    publication = ProgrammePublication.objects.filter(year=year).select_related("published_by").first()
    actions = list(
        Action.objects.filter(year=year)
        .filter(Q(pk__in=Action.objects.in_programme(year)) | Q(status=ActionStatus.CANCELLED))
        .with_organisers()
        .select_related("versnelling", "cancelled_by")
        .prefetch_related("themes", current_assignments_prefetch("partner__assignments"))
        .order_by("start_date", "title", "pk")
    )
    for action in actions:
        action.may_cancel = action.can_be_cancelled and can_cancel_action(request.user, action)
    context = {
        "year": year,
        "publication": publication,
        "actions": actions,
        "planned": sum(1 for a in actions if a.is_in_programme),
        "changes": publication.changes() if publication else [],
        "may_publish": can_publish_programme(request.user),
    }
    return render(request, "evaluations/staff_programme_detail.html", context)


@require_POST
@staff_required
def publish(request, year: int):
    if not can_publish_programme(request.user):
        raise PermissionDenied
    programme_publish(year=year, user=request.user, note=request.POST.get("note", "")[:2000])
    messages.success(request, _("The action programme %(year)s is published.") % {"year": year})
    return redirect("evaluations:staff_programme_year", year)


@require_POST
@staff_required
def unpublish(request, year: int):
    if not can_publish_programme(request.user):
        raise PermissionDenied
    if programme_unpublish(year=year, user=request.user):
        messages.success(request, _("The action programme %(year)s is no longer public.") % {"year": year})
    else:
        messages.info(request, _("The action programme %(year)s was not published.") % {"year": year})
    return redirect("evaluations:staff_programme_year", year)


@require_POST
@staff_required
def action_cancel_view(request, pk: int):
    action = get_object_or_404(Action.objects.visible_to(request.user).select_related("partner"), pk=pk)
    if not can_cancel_action(request.user, action):
        raise PermissionDenied
    try:
        action_cancel(action=action, user=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, f"{action.title}: {error.messages[0]}")
    else:
        messages.success(request, _("‘%(title)s’ has been cancelled.") % {"title": action.title})
    return redirect("evaluations:staff_programme_year", action.year)
