"""The dashboards: thin views over dashboards.queries, for FIT users only (partner users get 403).

Each view reads its filters from the query string, and either returns a table as CSV/XLSX
(`?export=csv|xlsx&table=<name>`) or renders the page, built from the database on every request.
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.audit import record_download
from partners.models import Partner
from portal.decorators import staff_required
from portal.pdf import render_pdf
from portal.todo import todo_items
from portal.working_year import working_year

from .charts import hbar_chart
from .conf import dashboard_setting
from .exports import export_response
from .forms import OverviewFilterForm, ValueFilterForm, YearForm
from .queries.account_managers import account_manager_dashboard
from .queries.annual_report import annual_report as build_annual_report
from .queries.annual_report import annual_report_title
from .queries.budget import budget_dashboard
from .queries.common import year_choices
from .queries.communication import communication_figures, communication_years
from .queries.consultation import attendance_chart, consultation_dashboard
from .queries.cooperation import cooperation_figures
from .queries.overview import evaluation_overview
from .queries.partner import partner_dashboard
from .queries.value import value_chart, value_for_money
from .word import annual_report_docx


def _prepare(request, tables: dict) -> None:
    for table in tables.values():
        table.prepare(request)


def _years(request, form_class=YearForm, extra_years=()):
    """The years with data and the filter form, which opens on the portal's working year.

    A year in the address that has no data (or is no year) is said, and the page shows the working year.
    """
    years = sorted(set(year_choices()) | set(extra_years), reverse=True)
    form = form_class(request.GET or None, years=years, default_year=working_year(request))
    if form.is_bound and not form.is_valid() and "year" in form.errors:
        messages.warning(
            request,
            _("There is no data for the year “%(asked)s”; showing %(year)s instead.")
            % {"asked": request.GET.get("year", "")[:10], "year": form.default_year},
        )
    return years, form


@staff_required
def index(request):
    # A manager's other start page: their to-do list on top, as on the staff home.
    return render(request, "dashboards/index.html", {"dashboard": "index", "todo_items": todo_items(request)})


def _overview_tables(data) -> dict:
    return {"overview": data.table, "kpis": data.summary}


@staff_required
def overview(request):
    _all, form = _years(request, OverviewFilterForm)
    filters = form.filters()
    if response := export_response(
        request,
        lambda: _overview_tables(evaluation_overview(**filters)),
        _("evaluations %(year)s") % {"year": filters["year"]},
    ):
        return response

    data = evaluation_overview(**filters)
    tables = _overview_tables(data)
    _prepare(request, tables)
    context = {
        "dashboard": "overview",
        "form": form,
        "year": filters["year"],
        "green": settings.PORTAL["ACHIEVEMENT_GREEN"],
        "amber": settings.PORTAL["ACHIEVEMENT_AMBER"],
        "data": data,
        "tables": tables,
        "chart": _ratings_chart(data),
    }
    return render(request, "dashboards/overview.html", context)


def _ratings_chart(data, table_id="table-kpis"):
    if not data.kpis:
        return None
    series = [
        (_("achieved"), "rating-fill-green", "green"),
        (_("nearly achieved"), "rating-fill-amber", "amber"),
        (_("not achieved"), "rating-fill-red", "red"),
        (_("provisional"), "rating-fill-provisional", "provisional"),
        (_("no result"), "rating-fill-none", "missing"),
    ]
    return hbar_chart(
        id="chart-ratings",
        title=_("Rating per KPI in %(year)s") % {"year": data.year},
        description=_("Per KPI, the number of partners that achieved, nearly achieved or did not achieve the target."),
        labels=[row["kpi"] for row in data.summary.rows],
        series=[(label, css) for label, css, _key in series],
        values=[[row[key] for _l, _c, key in series] for row in data.summary.rows],
        stacked=True,
        table_id=table_id,
    )


@staff_required
def partner(request, pk: int):
    partner = get_object_or_404(Partner.objects.visible_to(request.user), pk=pk)
    if response := export_response(request, lambda: partner_dashboard(partner).tables, partner.name):
        return response

    data = partner_dashboard(partner)
    _prepare(request, data.tables)
    return render(request, "dashboards/partner.html", {"dashboard": "overview", "partner": partner, "data": data})


def _budget_tables(data) -> dict:
    return {"years": data.years, "partners": data.partners, "projects": data.project_table}


@staff_required
def budget(request):
    _all, form = _years(request)
    if response := export_response(
        request,
        lambda: _budget_tables(budget_dashboard(form.selected_year)),
        _("budget %(year)s") % {"year": form.selected_year},
    ):
        return response

    data = budget_dashboard(form.selected_year)
    _prepare(request, _budget_tables(data))
    context = {
        "dashboard": "budget",
        "form": form,
        "year": form.selected_year,
        "lag_months": dashboard_setting("PAYMENT_LAG_MONTHS"),
        "data": data,
    }
    return render(request, "dashboards/budget.html", context)


def _consultation_tables(data) -> dict:
    return {
        "upcoming": data.upcoming,
        "past": data.past,
        "attendance": data.attendance,
        "cadence": data.cadence,
        "bilaterals": data.bilaterals,
    }


@staff_required
def consultation(request):
    years, form = _years(request)
    if response := export_response(
        request,
        lambda: _consultation_tables(consultation_dashboard(form.selected_year, years)),
        _("consultation %(year)s") % {"year": form.selected_year},
    ):
        return response

    data = consultation_dashboard(form.selected_year, years)
    _prepare(request, _consultation_tables(data))
    data.attendance_chart = attendance_chart(data.attendance.page_rows, data.year)
    context = {
        "dashboard": "consultation",
        "form": form,
        "year": form.selected_year,
        "cadence": dashboard_setting("CADENCE"),
        "data": data,
    }
    return render(request, "dashboards/consultation.html", context)


def _value_tables(data) -> dict:
    return {"value": data.table}


@staff_required
def value(request):
    _all, form = _years(request, ValueFilterForm)
    if response := export_response(
        request,
        lambda: _value_tables(value_for_money(form.selected_year)),
        _("value for money %(year)s") % {"year": form.selected_year}
        if form.selected_year
        else _("value for money, all years"),
    ):
        return response

    data = value_for_money(form.selected_year)
    _prepare(request, _value_tables(data))
    context = {
        "dashboard": "value",
        "form": form,
        "year": form.selected_year,
        "data": data,
        "chart": value_chart(data.table.page_rows, data.year),
    }
    return render(request, "dashboards/value.html", context)


def _account_manager_tables(data) -> dict:
    return {"managers": data.managers, "awaiting": data.awaiting}


@staff_required
def account_managers(request):
    if response := export_response(
        request, lambda: _account_manager_tables(account_manager_dashboard()), _("account managers")
    ):
        return response

    data = account_manager_dashboard()
    _prepare(request, _account_manager_tables(data))
    context = {"dashboard": "account_managers", "data": data, "chart": _time_share_chart(data.managers.page_rows)}
    return render(request, "dashboards/account_managers.html", context)


def _time_share_chart(rows, table_id="table-managers"):
    if not rows:
        return None
    return hbar_chart(
        id="chart-time-share",
        title=_("Share of working time per account manager"),
        description=_(
            "The share of their working time that the account managers spend on the "
            "structural partners, as a percentage."
        ),
        labels=[row["name"] for row in rows],
        series=[(_("share of working time"), "series-0")],
        values=[[row["time_share"]] for row in rows],
        unit="percent",
        maximum=100,
        table_id=table_id,
    )


@staff_required
def annual_report_index(request):
    _all, form = _years(request)
    return redirect("dashboards:annual_report", year=form.selected_year)


def _check_year(year: int) -> int:
    if not 1900 < year < 3000:
        raise Http404
    return year


def _report_url(year: int) -> str:
    """The report's page in the portal, as an address that works outside it (the PDF's and Word file's notes)."""
    return settings.SITE_URL + reverse("dashboards:annual_report", args=[year])


@staff_required
def annual_report(request, year: int):
    _check_year(year)
    if response := export_response(
        request,
        # Only the table asked for is built in full: the others stay summaries.
        lambda: build_annual_report(year, full=request.GET.get("table", "")).all_tables(),
        _("annual report %(year)s") % {"year": year},
    ):
        return response
    years = year_choices()
    if year not in years:
        messages.warning(request, _("There is no data for %(year)s: this report is empty.") % {"year": year})
    context = {
        "dashboard": "annual_report",
        "title": annual_report_title(year),
        "form": YearForm(years=years, default_year=year),
        "generated_at": timezone.now(),
        "report": (report := build_annual_report(year)),
        "charts": _annual_report_charts(report),
    }
    return render(request, "dashboards/annual_report.html", context)


def _annual_report_charts(report) -> dict:
    """The dashboards' charts of the year, for the report's sections 1a and 1c (their numbers are in its tables)."""
    managers = report.tables["managers"]
    return {
        # One bar per account manager: when they are too many for the report, the table summarises them.
        "time_share": None if managers.abridged else _time_share_chart(managers.rows, table_id=""),
        "ratings": _ratings_chart(report.overview, table_id=""),
    }


@staff_required
def annual_report_pdf(request, year: int):
    report = build_annual_report(_check_year(year))
    context = {
        "report": report,
        "charts": _annual_report_charts(report),
        "generated_at": timezone.now(),
        "report_url": _report_url(year),
    }
    pdf = render_pdf("dashboards/annual_report_pdf.html", context)
    response = HttpResponse(pdf, content_type="application/pdf")
    # In the user's language, like the report's title: jaarrapport-partnerwerking-2019.pdf.
    response["Content-Disposition"] = f'attachment; filename="{slugify(report.title)}.pdf"'
    record_download(request, "annual_report", name=f"{slugify(report.title)}.pdf")
    return response


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@staff_required
def annual_report_word(request, year: int):
    """The annual report as a Word file, to paste its answers into the minister's reply."""
    report = build_annual_report(_check_year(year))
    docx = annual_report_docx(report, timezone.now(), _report_url(year))
    response = HttpResponse(docx, content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{slugify(report.title)}.docx"'
    return response


@staff_required
def communication(request):
    """Communication between FIT and the partners in figures, per partner, for one year (issue 14)."""
    with_exchanges = communication_years()
    _all, form = _years(request, extra_years=with_exchanges)
    if response := export_response(
        request,
        lambda: {"communication": communication_figures(form.selected_year).table},
        _("communication %(year)s") % {"year": form.selected_year},
    ):
        return response
    data = communication_figures(form.selected_year)
    _prepare(request, {"communication": data.table})
    context = {
        "dashboard": "communication",
        "form": form,
        "year": form.selected_year,
        "data": data,
        "other_years": [] if data.any else with_exchanges,
    }
    return render(request, "dashboards/communication.html", context)


def _cooperation_tables(data) -> dict:
    return {
        "cooperation": data.summary,
        "joint-links": data.links,
        "joint-partners": data.partners,
        "without-joint": data.without,
    }


@staff_required
def cooperation(request):
    """Cooperation among the partners in figures for one year, with the network of joint actions (issue 15)."""
    _all, form = _years(request)
    if response := export_response(
        request,
        lambda: _cooperation_tables(cooperation_figures(form.selected_year)),
        _("cooperation %(year)s") % {"year": form.selected_year},
    ):
        return response
    data = cooperation_figures(form.selected_year)
    _prepare(request, _cooperation_tables(data))
    context = {"dashboard": "cooperation", "form": form, "year": form.selected_year, "data": data}
    return render(request, "dashboards/cooperation.html", context)
