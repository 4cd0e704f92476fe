"""Which years have data, for the portal's working year (registered in apps.py, see portal/working_year.py).

The open cycle is the latest year with confirmed KPI targets that has started: the year partners report
on and FIT evaluates. A user sees the years of the targets visible to them (a partner: their own).
"""

import datetime

from .models import KPITarget


def years_with_targets(user, today: datetime.date) -> list[int]:
    return KPITarget.objects.visible_to(user).cycle_years(today)
