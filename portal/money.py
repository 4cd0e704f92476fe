"""Money: always Decimal, rounded half-up to the cent, shown the Flemish way (€ 905.000,00)."""

from decimal import ROUND_HALF_UP, Decimal

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
    """`€ 905.000,00`: euro sign, space, dot between thousands, comma before the cents."""
    if value is None:
        return ""
    quant = Decimal(1).scaleb(-decimals)
    number = Decimal(value).quantize(quant, rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    text = f"{abs(number):,.{decimals}f}"  # 905,000.00
    text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{sign}€ {text}"
