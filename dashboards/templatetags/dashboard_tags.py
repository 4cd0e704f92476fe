"""Template helpers of the dashboards: table cells, numbers and percentages the nl-BE way."""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from portal.formatting import format_date, format_euro, format_number, format_percent

from ..tables import ATTAINMENT, BADGE, DATE, EURO, INT, LIST, NUMBER, PERCENT, YEAR, Attainment, Badge, Column

register = template.Library()

register.filter("number", format_number)
register.filter("pct", format_percent)
register.filter("day", format_date)


class Texts:
    """The translated words of a table's cells, looked up once per table rather than once per cell."""

    def __init__(self):
        self.empty = f'<span aria-hidden="true">–</span><span class="visually-hidden">{escape(_("geen"))}</span>'
        self.target = escape(_("target"))
        self._labels: dict[tuple, str] = {}

    def label(self, value: Attainment) -> str:
        key = (value.target is None, value.actual is None, value.rating, value.final)
        if key not in self._labels:
            self._labels[key] = escape(value.label)
        return self._labels[key]


def _attainment(value: Attainment, texts: Texts, plain: bool = False) -> str:
    label = texts.label(value)
    if plain:
        return _plain_attainment(value, label, texts)
    if value.target is None:
        return f'<td class="attainment rating-none">–<span class="visually-hidden"> {label}</span></td>'
    if value.achievement is None:
        return (
            f'<td class="attainment rating-none"><span class="small">{label}</span>'
            f'<span class="figures">{texts.target}: {format_number(value.target)}</span></td>'
        )
    provisional = "" if value.final else " provisional"
    return (
        f'<td class="attainment rating-{value.rating}{provisional}"><span class="pct">'
        f"{format_percent(value.achievement)}</span> "
        f'<span class="rating-label">{label}</span>'
        f'<span class="figures">{format_number(value.actual)} / {format_number(value.target)}</span></td>'
    )


def _plain_attainment(value: Attainment, label: str, texts: Texts) -> str:
    """The same cell as one text on up to three lines (`white-space: pre-line` in the PDF's CSS).

    The PDF lays out every text box of a cell with Pango: one text instead of three spans makes the wide table
    of partners x KPIs a third cheaper to print, and it reads the same.
    """
    if value.target is None:
        return '<td class="attainment rating-none">–</td>'
    if value.achievement is None:
        return f'<td class="attainment rating-none">{label}\n{texts.target}: {format_number(value.target)}</td>'
    provisional = "" if value.final else " provisional"
    return (
        f'<td class="attainment rating-{value.rating}{provisional}">{format_percent(value.achievement)}\n{label}\n'
        f"{format_number(value.actual)} / {format_number(value.target)}</td>"
    )


def _content(value, column: Column, row: dict, texts: Texts, plain: bool = False) -> str:
    kind = column.kind
    if value is None or value == "" or value == []:
        return "–" if plain else texts.empty
    if kind == EURO:
        return format_euro(value)
    if kind == PERCENT:
        return format_percent(value)
    if kind in (NUMBER, INT):
        return format_number(value)
    if kind == YEAR:
        return str(value)
    if kind == DATE:
        return format_date(value)
    if kind == BADGE and isinstance(value, Badge):
        return f'<span class="badge status-badge {escape(value.css)}">{escape(value.label)}</span>'
    if kind == LIST:
        items = "".join(f"<li>{escape(item)}</li>" for item in value)
        return f'<ul class="cell-list">{items}</ul>'
    url = row.get(column.url_key) if column.url_key else None
    if url:
        return f'<a href="{escape(url)}">{escape(value)}</a>'
    return escape(value)


def cell(
    row: dict, column: Column, is_row_header: bool = False, texts: Texts | None = None, plain: bool = False
) -> str:
    """One table cell: `<th scope="row">` for the row's header, `<td>` otherwise.

    Built with plain strings and escape() rather than a template or format_html: a large table has
    thousands of cells, and this is where its render time goes. `plain` (the PDF) gives a cell fewer
    elements: a KPI's result as one text, an empty cell as a dash.
    """
    texts = texts or Texts()
    value = row.get(column.key)
    if column.kind == ATTAINMENT and isinstance(value, Attainment):
        return _attainment(value, texts, plain)
    content = _content(value, column, row, texts, plain)
    css = "cell-warnings" if column.kind == LIST and column.key == "warnings" else "num" if column.is_numeric else ""
    css_attr = f' class="{css}"' if css else ""
    if is_row_header:
        return f'<th scope="row"{css_attr}>{content}</th>'
    return f"<td{css_attr}>{content}</td>"


@register.simple_tag(name="cell")
def cell_tag(row: dict, column: Column, is_row_header: bool = False) -> SafeString:
    return mark_safe(cell(row, column, is_row_header))  # every text is escaped in cell()


@register.simple_tag
def table_rows(table, rows=None, plain=False) -> SafeString:
    """The `<tr>` rows of a table (its current page unless `rows` is given), built in Python for speed.

    `plain`: the cells of the PDF (see cell()).
    """
    rows = table.page_rows if rows is None else rows
    columns = table.columns
    texts = Texts()
    html = []
    for row in rows:
        cells = "".join([cell(row, column, index == 0, texts, plain) for index, column in enumerate(columns)])
        html.append(f"<tr>{cells}</tr>")
    return mark_safe("\n".join(html))  # every cell is built with format_html


@register.simple_tag
def svg_shapes(chart) -> SafeString:
    """The marks of a chart as SVG elements; numbers unlocalised (a decimal point, as SVG wants)."""
    html = []
    for s in chart.shapes:
        css = escape(s.css)
        if s.kind == "rect":
            html.append(
                f'<rect class="{css}" x="{s.x}" y="{s.y}" width="{s.w}" height="{s.h}">'
                f"<title>{escape(s.tooltip)}</title></rect>"
            )
        elif s.kind == "line":
            html.append(f'<line class="{css}" x1="{s.x}" y1="{s.y}" x2="{s.x2}" y2="{s.y2}"/>')
        elif s.kind == "text":
            anchor = escape(s.anchor)
            html.append(f'<text class="{css}" x="{s.x}" y="{s.y}" text-anchor="{anchor}">{escape(s.text)}</text>')
        elif s.kind == "circle":
            html.append(
                f'<circle class="{css}" cx="{s.x}" cy="{s.y}" r="{s.r}"><title>{escape(s.tooltip)}</title></circle>'
            )
    return mark_safe("".join(html))  # every text is escaped above


@register.simple_tag
def table_head(table) -> SafeString:
    """The header row of a dashboard table: sortable columns as links, the current one with aria-sort."""
    sortable = len(table.rows) > 1
    cells = []
    for column in table.columns:
        label = escape(column.label)
        help_text = f'<span class="visually-hidden"> ({escape(column.help)})</span>' if column.help else ""
        aria = f' aria-sort="{column.aria_sort}"' if column.aria_sort else ""
        css = ' class="num"' if column.is_numeric else ""
        if column.sortable and sortable:
            mark = {"ascending": " ▲", "descending": " ▼"}.get(column.aria_sort, "")
            mark = f'<span class="sort-mark" aria-hidden="true">{mark}</span>' if mark else ""
            href = escape(f"{column.sort_url}#table-{table.name}")
            label = f'<a class="sort-link" href="{href}">{label}{help_text}{mark}</a>'
        else:
            label = f"{label}{help_text}"
        cells.append(f'<th scope="col"{aria}{css}>{label}</th>')
    return mark_safe("<tr>" + "".join(cells) + "</tr>")  # every text is escaped above


@register.simple_tag
def select_field(field) -> SafeString:
    """A <select> of a form field, written here instead of by Django's widget templates (faster, same HTML)."""
    value = field.value()
    selected = {str(v) for v in value} if isinstance(value, list | tuple) else {"" if value is None else str(value)}
    options = []
    for choice, label in field.field.choices:
        mark = " selected" if str(choice) in selected else ""
        options.append(f'<option value="{escape(choice)}"{mark}>{escape(label)}</option>')
    css = escape(field.field.widget.attrs.get("class", ""))
    return mark_safe(  # every text is escaped above
        f'<select name="{escape(field.html_name)}" id="{escape(field.id_for_label)}" class="{css}">'
        + "".join(options)
        + "</select>"
    )
