"""The dashboards' own settings, in one place; override any of them with settings.DASHBOARDS.

The green/amber/red thresholds of KPI attainment are not here: they are the portal's
(settings.PORTAL["ACHIEVEMENT_GREEN"/"ACHIEVEMENT_AMBER"], used by evaluations.models.rate_achievement).
"""

from django.conf import settings

DEFAULTS = {
    # What the programme requires each year (DOMAIN.md): one partner day and four formal consultations.
    # Bilateral meetings have no fixed number: the account managers plan them, and all planned ones count.
    "CADENCE": {"partner_day": 1, "formal": 4},
    # Rows per page of a dashboard table (exports always hold every row).
    "PAGE_SIZE": 50,
    # A commitment is paid as an advance in its year and the balance the next spring: a line that is not
    # fully paid this many months after its budget year ended lags.
    "PAYMENT_LAG_MONTHS": 6,
    # The annual report shows a table of more rows than this as a summary (or its first rows) and offers
    # the full table as a download: a report of 1.000 partners stays a report one can read.
    "REPORT_TABLE_ROWS": 40,
}


def dashboard_setting(name: str):
    return {**DEFAULTS, **getattr(settings, "DASHBOARDS", {})}[name]
