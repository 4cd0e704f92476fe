"""The staff side outside the admin: an account manager's partners and their reports."""

from django.core.paginator import Paginator
from django.db.models.functions import Lower
from django.shortcuts import render
from django.utils import timezone

from partners.models import Partner
from portal.decorators import staff_required
from portal.todo import todo_items
from portal.working_year import data_years, working_year

from ..choices import ReportStatus
from ..forms import StaffHomeFilter, StaffListFilter
from ..models import KPIReport, KPITarget

# The reporting grid of the staff home shows this many partners a page (issue 18: FIT's 27 organisations fit on
# one page; at 1.000 the grid is paged and filtered, and only the shown partners' reports are read).
STAFF_HOME_PARTNERS_PER_PAGE = 50
AWAITING_SHOWN = 20


@staff_required
def staff_home(request):
    """The user's to-do list, then the partners they look after (all structural partners for other FIT staff),
    with the report status of the four years up to the working year, paged and filtered."""
    manager = getattr(request.user, "account_manager", None)
    year = working_year(request)
    filters = StaffHomeFilter(request.GET or None, year=year)
    wanted = filters.data_or_empty
    show_all = manager is None or bool(wanted.get("all") or wanted.get("account_manager"))
    partners = Partner.objects.structural() if show_all else Partner.objects.looked_after_by(manager)
    partners = filters.apply(partners)
    page = Paginator(
        partners.with_current_account_manager().order_by(Lower("name"), "pk"), STAFF_HOME_PARTNERS_PER_PAGE
    ).get_page(request.GET.get("page"))
    shown = list(page.object_list)

    # The four years up to the working year that have data (the header's list: no scan of every target).
    years = [y for y in data_years(request) if y <= year][:4]
    reports = KPIReport.objects.filter(agreement__partner__in=shown, year__in=years).select_related("agreement")
    by_cell = {(r.agreement.partner_id, r.year): r for r in reports}
    targeted = set(
        KPITarget.objects.filter(agreement__partner__in=shown, year__in=years)
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
        for partner in shown
    ]
    awaiting = (
        KPIReport.objects.awaiting_validation()
        .filter(agreement__partner__in=partners.values("pk"))
        .select_related("agreement__partner", "submitted_by")
        .order_by("submitted_at")
    )
    awaiting_shown = list(awaiting[: AWAITING_SHOWN + 1])
    return render(
        request,
        "evaluations/staff_home.html",
        {
            "rows": rows,
            "years": years,
            "page": page,
            "filters": filters,
            "awaiting": awaiting_shown[:AWAITING_SHOWN],
            "more_awaiting": len(awaiting_shown) > AWAITING_SHOWN,
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
