"""Which years have data, for the portal's working year (registered in apps.py, see portal/working_year.py).

The open cycle is the latest year with confirmed KPI targets that has started: the year partners report
on and FIT evaluates, the same for everyone in the portal.
"""

import datetime

from .models import KPITarget


def years_with_targets(today: datetime.date) -> list[int]:
    return KPITarget.objects.cycle_years(today)
