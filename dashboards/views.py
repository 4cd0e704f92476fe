"""The dashboards: thin views over dashboards.queries, for FIT users only (partner users get 403).

Each view reads its filters from the query string, asks one query function for its tables, and either
returns a table as CSV/XLSX (`?export=csv|xlsx&table=<name>`) or renders the page.
"""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from partners.models import Partner
from portal.decorators import staff_required

from .charts import hbar_chart
from .conf import dashboard_setting
from .exports import export_response
from .forms import OverviewFilterForm, ValueFilterForm, YearForm
from .pdf import render_pdf
from .queries.account_managers import account_manager_dashboard
from .queries.annual_report import annual_report as build_annual_report
from .queries.budget import budget_dashboard
from .queries.common import year_choices
from .queries.consultation import attendance_chart, consultation_dashboard
from .queries.overview import evaluation_overview
from .queries.partner import partner_dashboard
from .queries.value import value_chart, value_for_money


def _prepare(request, tables: dict) -> None:
    for table in tables.values():
        table.prepare(request)


def _years(request, form_class=YearForm):
    years, default = year_choices()
    form = form_class(request.GET or None, years=years, default_year=default)
    return years, form


@staff_required
def index(request):
    return render(request, "dashboards/index.html", {"dashboard": "index"})


@staff_required
def overview(request):
    _all, form = _years(request, OverviewFilterForm)
    filters = form.filters()
    data = evaluation_overview(**filters)
    tables = {"overview": data.table, "kpis": data.summary}
    if response := export_response(request, tables, f"evaluaties-{data.year}"):
        return response
    _prepare(request, tables)
    chart = None
    if data.kpis:
        series = [
            (_("achieved"), "rating-fill-green", "green"),
            (_("nearly achieved"), "rating-fill-amber", "amber"),
            (_("not achieved"), "rating-fill-red", "red"),
            (_("provisional"), "rating-fill-provisional", "provisional"),
            (_("no result"), "rating-fill-none", "missing"),
        ]
        chart = hbar_chart(
            id="chart-ratings",
            title=_("Rating per KPI in %(year)s") % {"year": data.year},
            description=_(
                "Per KPI, the number of partners that achieved, nearly achieved or did not achieve the target."
            ),
            labels=[row["kpi"] for row in data.summary.rows],
            series=[(label, css) for label, css, _key in series],
            values=[[row[key] for _l, _c, key in series] for row in data.summary.rows],
            stacked=True,
            table_id="table-kpis",
        )
    return render(
        request,
        "dashboards/overview.html",
        {
            "dashboard": "overview",
            "form": form,
            "data": data,
            "tables": tables,
            "chart": chart,
            "green": settings.PORTAL["ACHIEVEMENT_GREEN"],
            "amber": settings.PORTAL["ACHIEVEMENT_AMBER"],
        },
    )


@staff_required
def partner(request, pk: int):
    partner = get_object_or_404(Partner.objects.visible_to(request.user), pk=pk)
    data = partner_dashboard(partner)
    if response := export_response(request, data.tables, f"partner-{partner.slug}"):
        return response
    _prepare(request, data.tables)
    return render(request, "dashboards/partner.html", {"dashboard": "overview", "data": data, "partner": partner})


@staff_required
def budget(request):
    _all, form = _years(request)
    data = budget_dashboard(form.selected_year)
    tables = {"years": data.years, "partners": data.partners, "projects": data.project_table}
    if response := export_response(request, tables, f"begroting-{data.year}"):
        return response
    _prepare(request, tables)
    context = {"dashboard": "budget", "form": form, "data": data, "lag_months": dashboard_setting("PAYMENT_LAG_MONTHS")}
    return render(request, "dashboards/budget.html", context)


@staff_required
def consultation(request):
    years, form = _years(request)
    data = consultation_dashboard(form.selected_year, years)
    tables = {"upcoming": data.upcoming, "past": data.past, "attendance": data.attendance, "cadence": data.cadence}
    if response := export_response(request, tables, f"overleg-{data.year}"):
        return response
    _prepare(request, tables)
    data.attendance_chart = attendance_chart(data.attendance.page_rows, data.year)
    context = {"dashboard": "consultation", "form": form, "data": data, "cadence": dashboard_setting("CADENCE")}
    return render(request, "dashboards/consultation.html", context)


@staff_required
def value(request):
    _all, form = _years(request, ValueFilterForm)
    data = value_for_money(form.selected_year)
    tables = {"value": data.table}
    if response := export_response(request, tables, f"waarde-{data.year or 'alle-jaren'}"):
        return response
    _prepare(request, tables)
    chart = value_chart(data.table.page_rows, data.year)
    return render(request, "dashboards/value.html", {"dashboard": "value", "form": form, "data": data, "chart": chart})


@staff_required
def account_managers(request):
    data = account_manager_dashboard()
    tables = {"managers": data.managers, "awaiting": data.awaiting}
    if response := export_response(request, tables, "accountmanagers"):
        return response
    _prepare(request, tables)
    rows = data.managers.page_rows
    chart = None
    if rows:
        chart = hbar_chart(
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
            table_id="table-managers",
        )
    return render(
        request, "dashboards/account_managers.html", {"dashboard": "account_managers", "data": data, "chart": chart}
    )


@staff_required
def annual_report_index(request):
    _all, form = _years(request)
    return redirect("dashboards:annual_report", year=form.selected_year)


def _report_or_404(year: int):
    if not 1900 < year < 3000:
        raise Http404
    return build_annual_report(year)


@staff_required
def annual_report(request, year: int):
    report = _report_or_404(year)
    form = YearForm(years=year_choices()[0], default_year=year)
    return render(
        request,
        "dashboards/annual_report.html",
        {"dashboard": "annual_report", "report": report, "form": form, "generated_at": timezone.now()},
    )


@staff_required
def annual_report_pdf(request, year: int):
    report = _report_or_404(year)
    pdf = render_pdf("dashboards/annual_report_pdf.html", {"report": report, "generated_at": timezone.now()})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="jaarrapport-partnerwerking-{year}.pdf"'
    return response
