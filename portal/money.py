"""Money: always Decimal, rounded half-up to the cent, shown the Flemish way (€ 905.000,00, no-break space)."""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

CENT = Decimal("0.01")
HUNDRED = Decimal("100")


def to_cents(value: Decimal | int | str) -> Decimal:
    """Round half-up to the cent (the rule of Belgian public accounting)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def percentage_of(amount: Decimal, percentage: Decimal) -> Decimal:
    """`percentage` % of `amount`, rounded half-up to the cent."""
    return to_cents(Decimal(amount) * Decimal(percentage) / HUNDRED)


def split_by_percentages(total: Decimal, percentages: list[Decimal]) -> list[Decimal]:
    """Split `total` into parts by `percentages` (which sum to 100) so the parts sum to `total` exactly.

    Rule: each part is rounded half-up to the cent; a remainder left by rounding (a few cents at
    most) goes to the part with the largest percentage, the first such part on a tie. The result
    is in the order of `percentages`.
    """
    if not percentages:
        return []
    total = to_cents(total)
    parts = [percentage_of(total, p) for p in percentages]
    remainder = total - sum(parts, Decimal("0.00"))
    if remainder:
        largest = max(range(len(percentages)), key=lambda i: (percentages[i], -i))
        parts[largest] += remainder
    return parts


def format_euro(value: Decimal | int | None, *, decimals: int = 2) -> str:
    """`€ 905.000,00`: euro sign, no-break space, dot between thousands, comma before the cents.

    The no-break space keeps the sign with its number when a table cell or a sentence wraps.
    """
    if value is None:
        return ""
    quant = Decimal(1).scaleb(-decimals)
    number = Decimal(value).quantize(quant, rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    text = f"{abs(number):,.{decimals}f}"  # 905,000.00
    text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{sign}€\u00a0{text}"


# Spaces people and spreadsheets put in amounts: ordinary, no-break and narrow no-break spaces.
_SPACES = str.maketrans("", "", " \u00a0\u202f")


def parse_amount(value: Decimal | int | float | str, *, thousands: str = ".", decimal: str = ",") -> Decimal:
    """An amount or a count as it is written in Flanders: `905000`, `905.000`, `905000,00`, `1.234.567,89`.

    The rule, with the nl-BE separators (the defaults; forms pass those of the user's language):
    the thousands separator may only stand between groups of exactly three digits, and only the
    decimal separator starts the decimals. So `905.000` is 905000, never 905; and text such as
    `1.5`, `905000.00` or `1,234.56` could mean two things and is refused (ValueError) rather than
    guessed. A real number (an XLSX numeric cell: int, float or Decimal) is taken as it is.
    A euro sign and spaces are ignored.
    """
    if isinstance(value, bool):
        raise ValueError(_not_clear(value, thousands, decimal))
    if isinstance(value, int | Decimal):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))  # the shortest text of the float: 905000.5, not its binary expansion
    else:
        text = str(value).replace("€", "").translate(_SPACES)
        if not re.search(r"\d", text):
            raise ValueError(_("‘%(value)s’ is not a valid amount.") % {"value": value})
        sep, dec = re.escape(thousands), re.escape(decimal)
        if not re.fullmatch(rf"[-+]?(?:\d{{1,3}}(?:{sep}\d{{3}})+|\d+)(?:{dec}\d+)?", text):
            raise ValueError(_not_clear(value, thousands, decimal))
        try:
            number = Decimal(text.replace(thousands, "").replace(decimal, "."))
        except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
            raise ValueError(_not_clear(value, thousands, decimal)) from None
    if not number.is_finite():
        raise ValueError(_not_clear(value, thousands, decimal))
    return number


def _not_clear(value, thousands: str, decimal: str) -> str:
    return _(
        "‘%(value)s’ is not a clear amount: use ‘%(thousands)s’ only between groups of three digits "
        "and ‘%(decimal)s’ before the decimals, e.g. %(example)s."
    ) % {"value": value, "thousands": thousands, "decimal": decimal, "example": f"1{thousands}234{decimal}56"}
