"""How the dashboards write numbers, percentages and dates on the page (nl-BE); money is portal.money.format_euro."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone


def format_number(value, decimals: int | None = None) -> str:
    """`1.234,5`: dot between thousands, decimal comma; without `decimals`, no trailing zeros (120,00 → 120)."""
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
    text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"-{text}" if number < 0 else text


def format_percent(value, decimals: int = 1) -> str:
    """`102,5 %`."""
    if value is None or value == "":
        return ""
    return f"{format_number(value, decimals)} %"


def format_date(value) -> str:
    """`18/09/2018` (tables); a datetime in Brussels time."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return value.strftime("%d/%m/%Y")
