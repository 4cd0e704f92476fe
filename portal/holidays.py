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
        datetime.date(year, 1, 1): _("Nieuwjaar"),
        easter_sunday + datetime.timedelta(days=1): _("Paasmaandag"),
        datetime.date(year, 5, 1): _("Dag van de Arbeid"),
        easter_sunday + datetime.timedelta(days=39): _("Onze-Lieve-Heer-Hemelvaart"),
        easter_sunday + datetime.timedelta(days=50): _("Pinkstermaandag"),
        datetime.date(year, 7, 11): _("Feest van de Vlaamse Gemeenschap"),
        datetime.date(year, 7, 21): _("Nationale feestdag"),
        datetime.date(year, 8, 15): _("Onze-Lieve-Vrouw-Hemelvaart"),
        datetime.date(year, 11, 1): _("Allerheiligen"),
        datetime.date(year, 11, 11): _("Wapenstilstand"),
        datetime.date(year, 12, 25): _("Kerstmis"),
    }
    return dict(sorted(days.items()))


def holiday_name(day: datetime.date):
    """The holiday's name when `day` is one, else None."""
    return holidays(day.year).get(day)
