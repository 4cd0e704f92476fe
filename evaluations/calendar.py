"""The KPI report deadlines in a FIT user's calendar feed (registered with partners.calendar in apps.py)."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from partners.calendar import FeedEntry
from partners.models import Partner

from .models import KPIReport


def kpi_deadlines_for(user) -> list[FeedEntry]:
    """The deadline of every KPI report still to be filled in (draft or returned) of the partners the user
    looks after as account manager."""
    manager = getattr(user, "account_manager", None)
    if manager is None:
        return []
    reports = (
        KPIReport.objects.open_for_reporting()
        .filter(agreement__partner__in=Partner.objects.looked_after_by(manager))
        .select_related("agreement__partner")
        .order_by("deadline")
    )
    site = settings.SITE_URL.rstrip("/")
    return [
        FeedEntry(
            uid=f"kpi-report-{report.pk}@partners.fitagency.be",
            day=report.deadline,
            summary=_("%(partner)s: KPI report %(year)s due")
            % {"partner": report.agreement.partner, "year": report.year},
            description=_("Deadline for the KPI report %(year)s of %(partner)s.")
            % {"partner": report.agreement.partner, "year": report.year},
            url=f"{site}{reverse('evaluations:report_review', args=[report.pk])}",
        )
        for report in reports
    ]
