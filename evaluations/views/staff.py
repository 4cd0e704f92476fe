"""The staff side outside the admin: an account manager's partners and their reports."""

from django.core.paginator import Paginator
from django.db.models.functions import Lower
from django.shortcuts import render
from django.utils import timezone

from partners.models import Partner
from portal.decorators import staff_required
from portal.todo import todo_items
from portal.working_year import working_year

from ..choices import ReportStatus
from ..forms import StaffListFilter
from ..models import KPIReport, KPITarget


@staff_required
def staff_home(request):
    """The user's to-do list, then the partners they look after (all structural partners for other FIT staff),
    with the report status of the four years up to the working year."""
    manager = getattr(request.user, "account_manager", None)
    show_all = request.GET.get("all") == "1" or manager is None
    partners = Partner.objects.structural() if show_all else Partner.objects.looked_after_by(manager)
    partners = partners.with_current_account_manager().order_by(Lower("name"))

    year = working_year(request)
    target_years = (
        KPITarget.objects.filter(agreement__partner__in=partners, year__lte=year)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    years = list(target_years[:4])
    reports = KPIReport.objects.filter(agreement__partner__in=partners, year__in=years)
    by_cell = {(r.agreement.partner_id, r.year): r for r in reports.select_related("agreement")}
    targeted = set(
        KPITarget.objects.filter(agreement__partner__in=partners, year__in=years)
        .values_list("agreement__partner_id", "year")
        .distinct()
    )
    rows = [
        {
            "partner": partner,
            "cells": [
                {"year": y, "report": by_cell.get((partner.pk, y)), "targeted": (partner.pk, y) in targeted}
                for y in years
            ],
        }
        for partner in partners
    ]
    awaiting = (
        KPIReport.objects.awaiting_validation()
        .filter(agreement__partner__in=partners)
        .select_related("agreement__partner", "submitted_by")
        .order_by("submitted_at")
    )
    return render(
        request,
        "evaluations/staff_home.html",
        {
            "rows": rows,
            "years": years,
            "awaiting": awaiting,
            "show_all": show_all,
            "is_account_manager": manager is not None,
            "today": timezone.localdate(),
            "todo_items": todo_items(request),
        },
    )


@staff_required
def report_list(request):
    """Every KPI report, for an account manager by default of the partners they look after; filters: partner,
    year, status, search (partner name)."""
    reports = KPIReport.objects.all()
    years = sorted(set(reports.values_list("year", flat=True)), reverse=True)
    filters = StaffListFilter(request.GET, user=request.user, years=years, statuses=ReportStatus.choices)
    shown = (
        filters.apply(reports, partner_path="agreement__partner", search=["agreement__partner__name"])
        .select_related("agreement__partner", "submitted_by")
        .order_by("-year", Lower("agreement__partner__name"))
    )
    page = Paginator(shown, 50).get_page(request.GET.get("page"))
    return render(request, "evaluations/staff_report_list.html", {"page": page, "filters": filters})
