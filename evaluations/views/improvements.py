"""Improvement points (verbeterpunten): the partner's own and the programme-wide ones, with follow-up."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ..forms import ImprovementNoteForm, ImprovementStatusForm
from ..models import ImprovementNote, ImprovementPoint, KPIResult
from ..permissions import can_manage_improvement_status
from ..services import improvement_note_add, improvement_status_change


@login_required
def improvement_list(request):
    points = (
        ImprovementPoint.objects.visible_to(request.user)
        .select_related("partner", "owner", "kpi", "evaluation__moment")
        .annotate(note_count=Count("notes"))
        .order_by("status", "due_date", "pk")
    )
    show = request.GET.get("show", "open")
    if show == "open":
        points = points.open()
    return render(request, "evaluations/improvement_list.html", {"points": points, "show": show})


@login_required
def improvement_detail(request, pk: int):
    notes = Prefetch("notes", queryset=ImprovementNote.objects.select_related("author"))
    points = ImprovementPoint.objects.visible_to(request.user).select_related(
        "partner", "owner", "kpi", "evaluation__moment"
    )
    point = get_object_or_404(points.prefetch_related(notes), pk=pk)
    may_change_status = can_manage_improvement_status(request.user)
    note_form = ImprovementNoteForm(request.POST if "add_note" in request.POST else None)
    status_form = ImprovementStatusForm(
        request.POST if "change_status" in request.POST else None, initial={"status": point.status}, prefix="status"
    )
    if request.method == "POST":
        if "add_note" in request.POST and note_form.is_valid():
            improvement_note_add(point=point, user=request.user, text=note_form.cleaned_data["text"])
            messages.success(request, _("Your follow-up note has been added."))
            return redirect("evaluations:improvement_detail", pk=point.pk)
        if "change_status" in request.POST and may_change_status and status_form.is_valid():
            improvement_status_change(point=point, user=request.user, status=status_form.cleaned_data["status"])
            messages.success(request, _("The status has been changed."))
            return redirect("evaluations:improvement_detail", pk=point.pk)
    return render(
        request,
        "evaluations/improvement_detail.html",
        {
            "point": point,
            "note_form": note_form,
            "status_form": status_form,
            "may_change_status": may_change_status,
            "actions": point.actions.select_related("partner").order_by("year", "start_date"),
            "kpi_followup": _kpi_followup(point),
        },
    )


def _kpi_followup(point: ImprovementPoint):
    """For a point about a KPI: that KPI's target and result in the years after the evaluation."""
    if point.kpi_id is None or point.partner_id is None or point.evaluation_id is None:
        return []
    later = (
        KPIResult.objects.filter(
            target__kpi_id=point.kpi_id,
            target__agreement__partner_id=point.partner_id,
            target__year__gt=point.evaluation.year,
        )
        .select_related("target__kpi", "report")
        .order_by("target__year")
    )
    return list(later)
