"""Dashboard tables: one description of a table serves the HTML page, its sorting and paging, and the exports.

A `Table` has columns (with a kind that says how a value is shown and exported) and rows (dicts of plain
values, keyed by column). Views call `table.prepare(request)` to sort and page it from the query string;
dashboards/exports.py writes the same rows, all of them, to CSV and XLSX.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from evaluations.models import Rating, rate_achievement

from .conf import dashboard_setting

# How a column's values are shown and exported:
TEXT = "text"  # a string; with Column.url_key, a link
INT = "int"  # an integer count
YEAR = "year"  # a year: 2019, never 2.019
NUMBER = "number"  # a Decimal quantity (KPI values), shown without needless decimals
EURO = "euro"  # a Decimal amount: € 905.000,00 on the page, a number with two decimals in exports
PERCENT = "percent"  # a Decimal percentage, one decimal
DATE = "date"  # a date: 18/09/2018 on the page, ISO in CSV, a date cell in XLSX
BADGE = "badge"  # a Badge: a label with a colour class (the text is always there)
ATTAINMENT = "attainment"  # an Attainment: a KPI result against its target
LIST = "list"  # a list of strings (warnings, names)

NUMERIC_KINDS = {INT, NUMBER, EURO, PERCENT}


@dataclass(frozen=True)
class Badge:
    """A status or rating shown as a coloured badge with its text (never colour alone)."""

    code: str
    label: str
    css: str = ""

    def __str__(self) -> str:
        return str(self.label)


RATING_LABELS = {rating.value: rating.label for rating in Rating}
_LABELS: dict[tuple, str] = {}


@dataclass(slots=True)
class Attainment:
    """One KPI result against its target; `final` when its report is validated, provisional otherwise."""

    target: Decimal | None
    actual: Decimal | None
    achievement: Decimal | None
    final: bool
    report_status: str | None = None

    @property
    def rating(self) -> str:
        return rate_achievement(self.achievement).value

    @property
    def label(self) -> str:
        """The rating in words, with "voorlopig" for a result that is not validated yet."""
        key = (get_language(), self.target is None, self.actual is None, self.rating, self.final)
        if key not in _LABELS:  # a large table or export asks thousands of times for a handful of texts
            _LABELS[key] = self._label()
        return _LABELS[key]

    def _label(self) -> str:
        if self.target is None:
            return str(_("no target"))
        if self.actual is None:
            return str(_("no result"))
        text = str(RATING_LABELS[self.rating])
        return text if self.final else str(_("%(rating)s (provisional)") % {"rating": text})

    @property
    def sort_value(self):
        return self.achievement


@dataclass
class Column:
    key: str
    label: str
    kind: str = TEXT
    sortable: bool = True
    url_key: str | None = None  # the row key holding the URL of a link in this column
    help: str = ""  # a visually hidden explanation after the label (units, direction)
    # Filled in by Table.prepare():
    sort_url: str = ""
    aria_sort: str = ""

    @property
    def is_numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS

    @property
    def sorts_descending_first(self) -> bool:
        """Figures sort highest first on the first click; texts and dates from A and from old."""
        return self.kind in NUMERIC_KINDS or self.kind == ATTAINMENT


def sort_key(value) -> tuple:
    """A key that sorts numbers, dates, texts and cell objects; empty values always last."""
    if isinstance(value, Attainment):
        value = value.sort_value
    elif isinstance(value, Badge):
        value = str(value.label)
    elif isinstance(value, list):
        value = len(value) or None
    if value is None or value == "":
        return (1, 0)
    if isinstance(value, str):
        return (0, value.casefold())
    if isinstance(value, datetime.datetime):
        return (0, value.timestamp())
    if isinstance(value, datetime.date):
        return (0, value.toordinal())
    return (0, value)


def query_string(params, **changes) -> str:
    """The current query string with `changes` applied (None removes a parameter); starts with "?"."""
    merged = {key: params.getlist(key) for key in params} if hasattr(params, "getlist") else dict(params)
    for key, value in changes.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = [value]
    return "?" + urlencode(merged, doseq=True)


@dataclass
class Table:
    """A dashboard table. `name` is a slug: the anchor of the table and the name in its export URL."""

    name: str
    caption: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    empty_text: str = ""
    footer: dict[str, Any] | None = None  # a totals row, keyed like the rows (not sorted, exported last)
    default_sort: str = ""  # a column key, "-key" for descending
    paginate: bool = True
    # Set when the table stands in for a longer one in the annual report (a summary or its first rows),
    # whose every row is a download under the same name.
    abridged: "Abridgement | None" = None
    # Filled in by prepare():
    page_rows: list[dict[str, Any]] = field(default_factory=list)
    page: Any = None
    prev_url: str = ""
    next_url: str = ""
    csv_url: str = ""
    xlsx_url: str = ""

    def __post_init__(self) -> None:
        if self.default_sort:
            self.sort(self.default_sort)

    @property
    def sort_param(self) -> str:
        return f"o-{self.name}"

    @property
    def page_param(self) -> str:
        return f"p-{self.name}"

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def sort(self, order: str) -> str:
        """Sort the rows by `order` ("key" or "-key"); an unknown key keeps the order. Returns the applied order."""
        key = order.removeprefix("-")
        if not any(c.key == key and c.sortable for c in self.columns):
            return ""
        descending = order.startswith("-")
        present = [row for row in self.rows if sort_key(row.get(key))[0] == 0]
        missing = [row for row in self.rows if sort_key(row.get(key))[0] == 1]
        present.sort(key=lambda row: sort_key(row.get(key)), reverse=descending)
        self.rows = present + missing  # empty values last, whatever the direction
        return order

    def prepare(self, request) -> "Table":
        """Sort and page from the query string, and make the header, paging and export links."""
        params = request.GET
        order = self.sort(params.get(self.sort_param) or self.default_sort)
        current_key, descending = order.removeprefix("-"), order.startswith("-")
        for column in self.columns:
            if not column.sortable:
                continue
            if column.key == current_key:
                column.aria_sort = "descending" if descending else "ascending"
                wanted = column.key if descending else f"-{column.key}"
            else:
                column.aria_sort = ""
                wanted = f"-{column.key}" if column.sorts_descending_first else column.key
            column.sort_url = query_string(params, **{self.sort_param: wanted, self.page_param: None})
        if self.paginate:
            paginator = Paginator(self.rows, dashboard_setting("PAGE_SIZE"))
            self.page = paginator.get_page(params.get(self.page_param))
            self.page_rows = list(self.page.object_list)
            if self.page.has_previous():
                self.prev_url = query_string(params, **{self.page_param: str(self.page.previous_page_number())})
            if self.page.has_next():
                self.next_url = query_string(params, **{self.page_param: str(self.page.next_page_number())})
        else:
            self.page_rows = self.rows
        export = {"export": None, "table": self.name}
        self.csv_url = query_string(params, **{**export, "export": "csv"})
        self.xlsx_url = query_string(params, **{**export, "export": "xlsx"})
        return self

    @property
    def is_paged(self) -> bool:
        return self.page is not None and self.page.paginator.num_pages > 1


@dataclass(frozen=True)
class Abridgement:
    """What a report table that is too long to read shows instead of its rows, and what it stands for.

    `kind` is SUMMARY (the rows are grouped: per type, per status) or FIRST (the first rows in the order of
    `sorted_by`); `total` is the number of rows of the full table and `caption` its caption.
    """

    kind: str
    total: int
    caption: str
    sorted_by: str = ""


SUMMARY = "summary"
FIRST = "first"


def first_rows(table: Table, limit: int, order: str = "") -> Table:
    """The table, or when it has more than `limit` rows its first `limit` in the order `order` ("-key" for
    descending) with the footer of all rows: a report shows those, and the full table is a download."""
    if len(table.rows) <= limit:
        return table
    if order:
        table.sort(order)
    sorted_by = str(table.column(order.removeprefix("-")).label) if order else ""
    return Table(
        table.name,
        table.caption,
        table.columns,
        table.rows[:limit],
        empty_text=table.empty_text,
        footer=table.footer,
        paginate=False,
        abridged=Abridgement(FIRST, len(table.rows), str(table.caption), sorted_by),
    )


def summary_of(
    name: str, caption: str, total: int, full_caption: str, columns: list[Column], rows: list[dict]
) -> Table:
    """A summary (grouped rows) standing in for the report table `name` of `total` rows."""
    return Table(name, caption, columns, rows, paginate=False, abridged=Abridgement(SUMMARY, total, str(full_caption)))


def grouped(rows: list[dict], by: tuple[str, ...], sums: tuple[str, ...] = (), count: str = "count") -> list[dict]:
    """`rows` grouped on the values of the keys `by`, in the order each group first appears: one row per
    group with those values, the number of its rows (`count`) and the sum of each key of `sums`."""
    groups: dict = {}
    for row in rows:
        values = {key: row[key] for key in by}
        group = groups.setdefault(tuple(values.values()), {**values, count: 0, **dict.fromkeys(sums, 0)})
        group[count] += 1
        for key in sums:
            group[key] += row[key] or 0
    return list(groups.values())


@dataclass(frozen=True)
class Note:
    """An alert that several rows of a table share, said once under the table instead of on every row."""

    text: str
    count: int
    marker: str = ""  # "(1)" in the rows it applies to; empty when it applies to every row

    @property
    def label(self) -> str:
        if not self.marker:
            return _("All %(count)s partners in the table: %(alert)s") % {"count": self.count, "alert": self.text}
        return _("%(marker)s %(alert)s (%(count)s partners)") % {
            "marker": self.marker,
            "alert": self.text,
            "count": self.count,
        }


def shared_texts_as_notes(table: Table, key: str) -> tuple[Table, list[Note]]:
    """The table with each text of the LIST column `key` that two or more rows share taken out as a Note.

    For a printed report, where "payment arrears: not yet fully paid on 01/07/2020" on all 17 rows is
    noise: a text every row has leaves the rows and is said once; one that some rows share becomes a
    marker, "(1)", in those rows. Texts of one row stay where they are. The dashboards keep every text
    on its row (they are read a row at a time, sorted and filtered).
    """
    counts: dict[str, int] = {}
    for row in table.rows:
        for text in dict.fromkeys(str(text) for text in row.get(key) or []):
            counts[text] = counts.get(text, 0) + 1
    notes: dict[str, Note] = {}
    for text, count in counts.items():
        if count > 1:
            everywhere = count == len(table.rows)
            marker = "" if everywhere else f"({sum(1 for note in notes.values() if note.marker) + 1})"
            notes[text] = Note(text=text, count=count, marker=marker)
    if not notes:
        return table, []
    rows = []
    for row in table.rows:
        texts = [str(text) for text in row.get(key) or []]
        kept = [notes[text].marker if text in notes else text for text in texts]
        rows.append({**row, key: [text for text in kept if text]})
    # A column that has nothing left to say on any row goes: the notes under the table say it.
    columns = [c for c in table.columns if c.key != key or any(row[key] for row in rows)]
    shortened = Table(
        table.name,
        table.caption,
        columns,
        rows,
        empty_text=table.empty_text,
        footer=table.footer,
        paginate=table.paginate,
    )
    return shortened, sorted(notes.values(), key=lambda note: (bool(note.marker), note.marker))
