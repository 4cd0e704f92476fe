"""The server-rendered charts: round axes, bars proportional to the data, no localised numbers in SVG."""

from decimal import Decimal

from dashboards.charts import bar_chart, hbar_chart, nice_step, scatter_chart
from dashboards.templatetags.dashboard_tags import svg_shapes
from portal.formatting import format_date, format_number, format_percent


def test_nice_steps_are_one_two_or_five_times_a_power_of_ten():
    assert nice_step(Decimal("905000")) == Decimal("500000")
    assert nice_step(Decimal("100")) == Decimal("50")
    assert nice_step(Decimal("7")) == Decimal("2")
    assert nice_step(Decimal("0")) == Decimal("1")


def test_bars_are_proportional_and_missing_values_draw_nothing():
    chart = bar_chart(
        id="c",
        title="Budget",
        description="Per jaar",
        categories=["2018", "2019"],
        series=[("machtiging", "series-0"), ("betaald", "series-1")],
        values=[[Decimal("1000"), None], [Decimal("1000"), Decimal("500")]],
        unit="euro",
    )
    bars = [s for s in chart.shapes if s.kind == "rect"]
    assert len(bars) == 3
    assert bars[2].h * 2 == bars[1].h  # 500 is half of 1000
    assert bars[2].tooltip == "2019 – betaald: €\u00a0500"
    assert chart.legend == [("series-0", "machtiging"), ("series-1", "betaald")]


def test_stacked_horizontal_bars_add_up():
    chart = hbar_chart(
        id="c",
        title="Financiering",
        description="",
        labels=["Project"],
        series=[("a", "series-0"), ("b", "series-1")],
        values=[[Decimal("40"), Decimal("60")]],
        stacked=True,
        maximum=100,
    )
    a, b = (s for s in chart.shapes if s.kind == "rect")
    assert a.x + a.w == b.x and a.w + b.w == Decimal("420.0")  # the whole plot width


def test_a_scatter_chart_skips_points_without_data_and_draws_the_reference_line():
    chart = scatter_chart(
        id="c",
        title="Waarde",
        description="",
        points=[("A", Decimal("50000"), Decimal("110"), "p"), ("B", None, Decimal("90"), "p")],
        x_label="betaald",
        y_label="realisatie",
        reference=Decimal("100"),
        reference_label="behaald",
    )
    assert len([s for s in chart.shapes if s.kind == "circle"]) == 1
    assert any(s.css == "reference" for s in chart.shapes)


def test_svg_marks_use_a_decimal_point_and_escape_text():
    chart = bar_chart(
        id="c",
        title="t",
        description="d",
        categories=["<b>"],
        series=[("s", "series-0")],
        values=[[Decimal("1.5")]],
    )
    svg = str(svg_shapes(chart))
    assert "&lt;b&gt;" in svg and "<b>" not in svg
    assert "," not in "".join(part.split('"')[1] for part in svg.split(" y=")[1:])


def test_numbers_percentages_and_dates_are_written_the_flemish_way():
    import datetime

    assert format_number(Decimal("1234567.50")) == "1.234.567,5"
    assert format_number(Decimal("120.00")) == "120"
    assert format_number(2019) == "2.019"  # a count; years are a column kind of their own
    assert format_percent(Decimal("102.5")) == "102,5 %"
    assert format_date(datetime.date(2018, 9, 18)) == "18/09/2018"
