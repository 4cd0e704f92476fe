"""The evaluations' section of the partner's home (registered in apps.py, see partners/home.py)."""

import datetime

from portal.working_year import working_year

from .models import ImprovementPoint, KPIReport, KPITarget


def partner_home_section(request) -> dict:
    """The KPI reports of the last two years with confirmed targets up to the working year, and the open
    improvement points."""
    user = request.user
    year = working_year(request)
    years = KPITarget.objects.visible_to(user).cycle_years(datetime.date(year, 12, 31))[:2]
    reports = {r.year: r for r in KPIReport.objects.visible_to(user).filter(year__in=years)}
    return {
        "report_rows": [{"year": y, "report": reports.get(y)} for y in years],
        "points": ImprovementPoint.objects.visible_to(user)
        .open()
        .select_related("owner", "evaluation__moment")
        .order_by("due_date")[:10],
    }
