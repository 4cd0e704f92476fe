"""How the portal writes numbers for people (nl-BE), in one place: pages, the admin, the PDF, chart labels.

- A count or a KPI value has no needless decimals and a dot between thousands: `320`, `1.234`, `12,5`
  (never `320,00`, which is what Django's own localisation makes of a Decimal field with two places).
- An amount is `€ 905.000,00`, with a no-break space after the euro sign so that a line never ends on
  a lone `€` (portal.money.format_euro).
- A percentage is rounded (one decimal unless told) without a needless `,0`: `102,5 %`, `120 %`.
- A date in a table is `18/09/2018`, a date-time in Brussels time.

Templates use the filters of portal_tags (`euro`, `number`, `percent`, `day`) and the dashboards'
cells call these functions; the spreadsheets hold real numbers with a display format instead
(dashboards/exports.py), so that Excel and LibreOffice can still add them up.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from portal.money import format_euro

__all__ = ["format_date", "format_euro", "format_number", "format_percent"]


def _group(text: str) -> str:
    """`905,000.5` (Python's grouping) → `905.000,5`."""
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def format_number(value, decimals: int | None = None) -> str:
    """`1.234,5`: dot between thousands, decimal comma; without `decimals`, no trailing zeros (320,00 → 320)."""
    if value is None or value == "":
        return ""
    number = Decimal(value)
    if decimals is not None:
        number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        text = f"{abs(number):,.{decimals}f}"
    else:
        text = f"{abs(number):,f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    return f"-{_group(text)}" if number < 0 and text.strip("0.,") else _group(text)


def format_percent(value, decimals: int = 1) -> str:
    """`102,5 %`, `120 %`: rounded half-up to `decimals`, without a needless `,0`."""
    if value is None or value == "":
        return ""
    rounded = Decimal(value).quantize(Decimal(1).scaleb(-int(decimals)), rounding=ROUND_HALF_UP)
    return f"{format_number(rounded)} %"


def format_date(value) -> str:
    """`18/09/2018` (tables); a datetime in Brussels time."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return value.strftime("%d/%m/%Y")
