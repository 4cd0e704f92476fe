"""The portal's one working year: the year every page and dashboard opens on.

By default it is the year of the open cycle, not the clock's year: the demo data ends in 2021 while the
clock says 2026, and a page that opened on 2026 would show nothing. Which years have data, and which of
them is the open cycle, is the evaluations' knowledge (the KPI targets); portal sits below every domain
app, so evaluations registers its rule here from its AppConfig.ready() and portal never imports it.

A user may choose another year in the header (portal.views.set_working_year); the choice is kept in the
session, like the language: it is one person's view of the portal for this visit, it changes nobody
else's defaults, and it falls back to the open cycle at the next log-in, where most work is.

The years are read once per request (cached on the request), so the header and the view share one query.
"""

import datetime
from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _

SESSION_KEY = "working_year"

# today -> the years with data, newest first; the first is the open cycle. The same for every user: the cycle
# is the programme's, and which years have targets is no secret (what a partner sees of them is).
YearSource = Callable[[datetime.date], list[int]]

_source: list[YearSource] = []


def register_year_source(source: YearSource) -> None:
    """Evaluations tells the portal which years have data (one rule, one place)."""
    _source[:] = [source]


def data_years(request) -> list[int]:
    """The years with data, newest first (empty for anonymous users or without a source)."""
    cached = getattr(request, "_portal_data_years", None)
    if cached is not None:
        return cached
    user = getattr(request, "user", None)
    years: list[int] = []
    if _source and user is not None and user.is_authenticated:
        years = list(_source[0](timezone.localdate()))
    request._portal_data_years = years
    return years


def open_cycle_year(request) -> int:
    """The latest year with data (the open cycle); the clock's year only when there is no data at all."""
    years = data_years(request)
    return years[0] if years else timezone.localdate().year


def working_year(request) -> int:
    """The year the user works in: their choice in the header when it still has data, else the open cycle."""
    chosen = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if isinstance(chosen, int) and chosen in data_years(request):
        return chosen
    return open_cycle_year(request)


def is_chosen(request) -> bool:
    """The user chose a year other than the open cycle (the header says so, and offers the way back)."""
    return working_year(request) != open_cycle_year(request)


def choose_working_year(request, year: int) -> bool:
    """Keep `year` as the user's working year; False (and nothing kept) when it has no data."""
    if year not in data_years(request):
        return False
    if year == open_cycle_year(request):
        request.session.pop(SESSION_KEY, None)
    else:
        request.session[SESSION_KEY] = year
    return True


def year_from_query(request, *, years: list[int] | None = None, param: str = "year") -> tuple[int, str | None]:
    """The year a page asks for in its query string, else the working year.

    Returns (year, problem): `problem` is a message for the user when the address named a year that is not
    a number or has no data (the page then shows the working year instead, never a server error).
    """
    default = working_year(request)
    raw = request.GET.get(param, "").strip()
    if not raw:
        return default, None
    known = data_years(request) if years is None else years
    if raw.isdigit() and int(raw) in known:
        return int(raw), None
    return default, _("There is no data for the year “%(asked)s”; showing %(year)s instead.") % {
        "asked": raw[:10],
        "year": default,
    }
