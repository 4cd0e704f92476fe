"""Charts as server-rendered SVG: geometry computed here, drawn by templates/dashboards/includes/chart.html.

No JavaScript and no chart library. Every chart has an accessible name and description (role="img"), a
legend in words, and the numbers it draws are in a table on the same page. Colours come from CSS classes
(static/css/dashboards.css), so no style attribute is needed (a strict Content-Security-Policy allows it).
Geometry is computed in Decimal like everything else that starts from an amount of money.
"""

from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from portal.formatting import format_euro, format_number, format_percent

TENTH = Decimal("0.1")
ZERO = Decimal(0)


def _d(value) -> Decimal:
    return Decimal(value).quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass
class Shape:
    kind: str  # rect, line, text, circle
    css: str = ""
    x: Decimal = ZERO
    y: Decimal = ZERO
    w: Decimal = ZERO
    h: Decimal = ZERO
    x2: Decimal = ZERO
    y2: Decimal = ZERO
    r: Decimal = ZERO
    text: str = ""
    anchor: str = "start"
    tooltip: str = ""


@dataclass
class Chart:
    id: str
    title: str
    description: str
    width: int
    height: int
    shapes: list[Shape] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)  # (css class, label)
    table_id: str = ""  # the id of the table with the numbers


def format_value(value, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "euro":
        return format_euro(value, decimals=0)
    if unit == "percent":
        return format_percent(value, 0)
    return format_number(value)


def nice_step(maximum: Decimal, ticks: int = 4) -> Decimal:
    """A round step (1, 2 or 5 × 10^n) so that about `ticks` steps cover `maximum`."""
    if maximum <= 0:
        return Decimal(1)
    raw = Decimal(maximum) / ticks
    magnitude = Decimal(1).scaleb(raw.adjusted())
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude  # pragma: no cover


def _axis_max(values, reference=None) -> tuple[Decimal, Decimal]:
    present = [Decimal(v) for v in values if v is not None]
    if reference is not None:
        present.append(Decimal(reference))
    maximum = max(present, default=ZERO)
    step = nice_step(maximum)
    top = (maximum / step).to_integral_value(rounding=ROUND_CEILING) * step
    return max(top, step), step


def bar_chart(
    *,
    id: str,
    title: str,
    description: str,
    categories: list[str],
    series: list[tuple[str, str]],
    values: list[list],
    unit: str = "number",
    reference: Decimal | None = None,
    reference_label: str = "",
    table_id: str = "",
) -> Chart:
    """Vertical grouped bars: for each category, one bar per series (`values[category][series]`)."""
    left, right, top, bottom = 72, 12, 12, 44
    group = max(len(series) * 18 + 16, 40)
    width = max(left + right + group * len(categories), 320)
    plot_h = 200
    height = top + plot_h + bottom
    flat = [v for row in values for v in row]
    axis_top, step = _axis_max(flat, reference)
    chart = Chart(id, title, description, width, height, table_id=table_id)
    chart.legend = [(css, label) for label, css in series]
    base_y = top + plot_h

    def y_of(value) -> Decimal:
        return _d(base_y - Decimal(value) / axis_top * plot_h)

    tick = ZERO
    while tick <= axis_top:
        y = y_of(tick)
        chart.shapes.append(Shape("line", "grid", x=_d(left), y=y, x2=_d(width - right), y2=y))
        chart.shapes.append(Shape("text", "tick", x=_d(left - 6), y=y + 4, text=format_value(tick, unit), anchor="end"))
        tick += step
    bar_w = Decimal(14)
    for index, category in enumerate(categories):
        x0 = Decimal(left + index * group + 8)
        for s_index, (label, css) in enumerate(series):
            value = values[index][s_index]
            x = x0 + s_index * (bar_w + 4)
            if value is None:
                continue
            y = y_of(value)
            chart.shapes.append(
                Shape(
                    "rect",
                    css,
                    x=_d(x),
                    y=y,
                    w=bar_w,
                    h=_d(base_y - y),
                    tooltip=f"{category} – {label}: {format_value(value, unit)}",
                )
            )
        chart.shapes.append(
            Shape(
                "text",
                "category",
                x=_d(x0 + (len(series) * (bar_w + 4)) / 2),
                y=_d(base_y + 16),
                text=category,
                anchor="middle",
            )
        )
    if reference is not None:
        y = y_of(reference)
        chart.shapes.append(Shape("line", "reference", x=_d(left), y=y, x2=_d(width - right), y2=y))
        chart.legend.append(("reference", reference_label))
    chart.shapes.append(Shape("line", "axis", x=_d(left), y=_d(base_y), x2=_d(width - right), y2=_d(base_y)))
    return chart


def hbar_chart(
    *,
    id: str,
    title: str,
    description: str,
    labels: list[str],
    series: list[tuple[str, str]],
    values: list[list],
    unit: str = "number",
    stacked: bool = False,
    maximum: Decimal | None = None,
    reference: Decimal | None = None,
    reference_label: str = "",
    table_id: str = "",
) -> Chart:
    """Horizontal bars, one row per label: side by side per series, or stacked (`stacked=True`)."""
    left, right, top = 220, 70, 24
    row_h = 22 if stacked or len(series) == 1 else 10 + 12 * len(series)
    plot_w = 420
    width = left + plot_w + right
    height = top + row_h * len(labels) + 16
    totals = [sum((Decimal(v) for v in row if v is not None), ZERO) for row in values] if stacked else []
    flat = totals if stacked else [v for row in values for v in row]
    if maximum is not None:
        axis_top, step = Decimal(maximum), nice_step(Decimal(maximum))
    else:
        axis_top, step = _axis_max(flat, reference)
    chart = Chart(id, title, description, width, height, table_id=table_id)
    chart.legend = [(css, label) for label, css in series]

    def x_of(value) -> Decimal:
        return _d(left + Decimal(value) / axis_top * plot_w)

    tick = ZERO
    while tick <= axis_top:
        x = x_of(tick)
        chart.shapes.append(Shape("line", "grid", x=x, y=_d(top - 4), x2=x, y2=_d(height - 12)))
        chart.shapes.append(Shape("text", "tick", x=x, y=_d(top - 8), text=format_value(tick, unit), anchor="middle"))
        tick += step
    for index, label in enumerate(labels):
        y0 = Decimal(top + index * row_h)
        short = label if len(label) <= 32 else label[:31] + "…"
        chart.shapes.append(
            Shape("text", "category", x=_d(left - 6), y=_d(y0 + Decimal(row_h) / 2 + 4), text=short, anchor="end")
        )
        offset = ZERO
        for s_index, (s_label, css) in enumerate(series):
            value = values[index][s_index]
            if value is None:
                continue
            value = min(Decimal(value), axis_top) if not stacked else Decimal(value)
            if stacked:
                x, w, y, h = x_of(offset), _d(Decimal(value) / axis_top * plot_w), _d(y0 + 4), _d(row_h - 8)
                offset += value
            else:
                bar_h = Decimal(row_h - 10) / len(series)
                x, w, y, h = _d(left), _d(Decimal(value) / axis_top * plot_w), _d(y0 + 5 + s_index * bar_h), _d(bar_h)
            if w <= 0:
                continue
            chart.shapes.append(
                Shape(
                    "rect",
                    css,
                    x=x,
                    y=y,
                    w=w,
                    h=h,
                    tooltip=f"{label} – {s_label}: {format_value(values[index][s_index], unit)}",
                )
            )
        if not stacked and len(series) == 1 and values[index][0] is not None:
            end = x_of(min(Decimal(values[index][0]), axis_top))
            chart.shapes.append(
                Shape(
                    "text",
                    "value",
                    x=end + 4,
                    y=_d(y0 + Decimal(row_h) / 2 + 4),
                    text=format_value(values[index][0], unit),
                )
            )
    if reference is not None:
        x = x_of(reference)
        chart.shapes.append(Shape("line", "reference", x=x, y=_d(top - 4), x2=x, y2=_d(height - 12)))
        chart.legend.append(("reference", reference_label))
    return chart


def scatter_chart(
    *,
    id: str,
    title: str,
    description: str,
    points: list[tuple[str, Decimal, Decimal, str]],
    x_label: str,
    y_label: str,
    x_unit: str = "euro",
    y_unit: str = "percent",
    reference: Decimal | None = None,
    reference_label: str = "",
    legend: list[tuple[str, str]] | None = None,
    table_id: str = "",
) -> Chart:
    """Points (label, x, y, css class): e.g. amount paid against KPI attainment, one point per partner."""
    left, right, top, bottom = 84, 24, 32, 48
    plot_w, plot_h = 520, 260
    width, height = left + plot_w + right, top + plot_h + bottom
    x_top, x_step = _axis_max([p[1] for p in points])
    y_top, y_step = _axis_max([p[2] for p in points], reference)
    chart = Chart(id, title, description, width, height, legend=legend or [], table_id=table_id)

    def x_of(value) -> Decimal:
        return _d(left + Decimal(value) / x_top * plot_w)

    def y_of(value) -> Decimal:
        return _d(top + plot_h - Decimal(value) / y_top * plot_h)

    tick = ZERO
    while tick <= y_top:
        y = y_of(tick)
        chart.shapes.append(Shape("line", "grid", x=_d(left), y=y, x2=_d(left + plot_w), y2=y))
        chart.shapes.append(
            Shape("text", "tick", x=_d(left - 6), y=y + 4, text=format_value(tick, y_unit), anchor="end")
        )
        tick += y_step
    tick = ZERO
    while tick <= x_top:
        x = x_of(tick)
        chart.shapes.append(Shape("line", "grid", x=x, y=_d(top), x2=x, y2=_d(top + plot_h)))
        chart.shapes.append(
            Shape("text", "tick", x=x, y=_d(top + plot_h + 16), text=format_value(tick, x_unit), anchor="middle")
        )
        tick += x_step
    if reference is not None:
        y = y_of(reference)
        chart.shapes.append(Shape("line", "reference", x=_d(left), y=y, x2=_d(left + plot_w), y2=y))
        chart.legend.append(("reference", reference_label))
    chart.shapes.append(
        Shape("text", "axis-label", x=_d(left + Decimal(plot_w) / 2), y=_d(height - 6), text=x_label, anchor="middle")
    )
    chart.shapes.append(Shape("text", "axis-label", x=_d(4), y=_d(top - 16), text=y_label))
    for label, x_value, y_value, css in points:
        if x_value is None or y_value is None:
            continue
        chart.shapes.append(
            Shape(
                "circle",
                css,
                x=x_of(x_value),
                y=y_of(y_value),
                r=Decimal(5),
                tooltip=f"{label}: {format_value(x_value, x_unit)}, {format_value(y_value, y_unit)}",
            )
        )
    return chart
