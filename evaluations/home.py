"""The evaluations' section of the partner's home (registered in apps.py, see partners/home.py)."""

from django.utils import timezone

from .models import ImprovementPoint, KPIReport, KPITarget


def partner_home_section(request) -> dict:
    """The KPI reports of the last two years with confirmed targets, and the open improvement points."""
    user = request.user
    today = timezone.localdate()
    years = sorted(
        set(KPITarget.objects.visible_to(user).confirmed().filter(year__lte=today.year).values_list("year", flat=True)),
        reverse=True,
    )[:2]
    reports = {r.year: r for r in KPIReport.objects.visible_to(user).filter(year__in=years)}
    return {
        "report_rows": [{"year": y, "report": reports.get(y)} for y in years],
        "points": ImprovementPoint.objects.visible_to(user).open().select_related("owner").order_by("due_date")[:10],
    }
