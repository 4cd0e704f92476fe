"""Belgian public holidays and the Flemish holiday of 11 July, when Flemish public services close."""

import datetime
from functools import lru_cache

from dateutil.easter import easter
from django.utils.translation import gettext_lazy as _


@lru_cache(maxsize=64)
def holidays(year: int) -> dict[datetime.date, str]:
    """The days a consultation moment should not be planned on, with their (translatable) names."""
    easter_sunday = easter(year)
    days = {
        datetime.date(year, 1, 1): _("New Year's Day"),
        easter_sunday + datetime.timedelta(days=1): _("Easter Monday"),
        datetime.date(year, 5, 1): _("Labour Day"),
        easter_sunday + datetime.timedelta(days=39): _("Ascension Day"),
        easter_sunday + datetime.timedelta(days=50): _("Whit Monday"),
        datetime.date(year, 7, 11): _("Day of the Flemish Community"),
        datetime.date(year, 7, 21): _("Belgian National Day"),
        datetime.date(year, 8, 15): _("Assumption Day"),
        datetime.date(year, 11, 1): _("All Saints' Day"),
        datetime.date(year, 11, 11): _("Armistice Day"),
        datetime.date(year, 12, 25): _("Christmas Day"),
    }
    return dict(sorted(days.items()))


def holiday_name(day: datetime.date):
    """The holiday's name when `day` is one, else None."""
    return holidays(day.year).get(day)
