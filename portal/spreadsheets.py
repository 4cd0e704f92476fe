"""The rules every CSV and XLSX export of the portal follows: typed text never becomes a live formula, and
a sheet has a readable name (`sheet_title`).

A partner, a contact or a member of staff types titles, names and notes; a spreadsheet program reads a
cell that starts with `=`, `+`, `-` or `@` (and, in some programs, after a tab or a carriage return) as
a formula, so `=HYPERLINK("http://x","y")` in an action title would be a live link in the manager's
export. Following OWASP's advice on CSV injection, such text gets a leading single quote: the program
shows it as text, and the reader still sees what was typed.

Only text is touched: a number, an amount, a date or a boolean stays what it is (a negative amount is a
number, not a formula). Callers apply `neutralise` where they still know a value's type, before it is
formatted: the dashboards' exports (dashboards/exports.py) and every django-import-export resource
(portal/importexport.py). An import undoes it (`restore`), so that an exported file imports unchanged.

django-import-export's own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT is not enough and stays off: it only
drops a leading `=` (changing the text, and missing `+ - @`, tab and carriage return) and turns every
cell, numbers too, into text.
"""

import datetime
import io
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import IO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_PREFIX = "'"


def neutralise(value):
    """The value to write to a spreadsheet cell: text that a program would run as a formula gets a `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return TEXT_PREFIX + value
    return value


def restore(value):
    """The text as typed, from a cell that `neutralise` wrote (`'=1+1` becomes `=1+1` again)."""
    if isinstance(value, str) and value.startswith(TEXT_PREFIX) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def is_number(value) -> bool:
    """A true number or date, which a spreadsheet shows as such (booleans count: they are ints)."""
    return isinstance(value, (int, float, Decimal, datetime.date, datetime.time, datetime.timedelta))


# Excel's rules for a sheet's name: at most 31 characters, none of []*?/\: and no apostrophe at either end.
SHEET_TITLE_LENGTH = 31
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]\*\?/\\:]")


def sheet_title(text: str, taken: Iterable[str] = (), *, fallback: str = "Data") -> str:
    """A readable name for a sheet: shortened at a word boundary to Excel's 31 characters, unique in `taken`.

    "Resultaten per partner en KPI in 2019" becomes "Resultaten per partner en KPI", never "…KPI i".
    Only a single word longer than the limit is cut inside itself. A name already in `taken` (Excel
    ignores case) gets " (2)", " (3)"..., with the words shortened to make room.
    """
    clean = " ".join(_SHEET_TITLE_FORBIDDEN.sub(" ", str(text)).split()).strip("'") or fallback
    used = {name.casefold() for name in taken}
    number = 1
    while True:
        suffix = f" ({number})" if number > 1 else ""
        title = _shorten(clean, SHEET_TITLE_LENGTH - len(suffix)) + suffix
        if title.casefold() not in used:
            return title
        number += 1


# Little words a shortened name should not end on ("Resultaten per partner en").
_CONNECTORS = {"in", "en", "per", "van", "voor", "de", "het", "and", "for", "of", "the", "by", "door"}


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit + 1]
    if " " not in cut:
        return text[:limit]
    words = cut[: cut.rindex(" ")].split(" ")
    while len(words) > 1 and (words[-1].casefold() in _CONNECTORS or not words[-1].strip(" –-,;.(")):
        words.pop()
    return " ".join(words).rstrip(" –-,;.(").strip("'")


# How an XLSX of the portal looks, whoever writes it (table_workbook is the one writer): the dashboards'
# exports (dashboards/exports.py), the staff pages' downloads and the admin's import-export downloads
# (portal.importexport): a bold header row that stays in view with a filter on it, columns as wide as what
# they show, amounts with two decimals and dates as dates.
AMOUNT_FORMAT = "#,##0.00"
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
MIN_WIDTH, MAX_WIDTH = 6, 60


def cell_format(value) -> str | None:
    """The number format of a cell for a value of a generic table (one whose column kinds are unknown)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return AMOUNT_FORMAT
    if isinstance(value, datetime.datetime):
        return DATETIME_FORMAT
    if isinstance(value, datetime.date):
        return DATE_FORMAT
    return None  # an int (a year, an id, a count) stays as it is: no thousands separator in 2019


def _width_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, datetime.datetime):
        return "00/00/0000 00:00"
    if isinstance(value, datetime.date):
        return "00/00/0000"
    return max(str(value).splitlines() or [""], key=len)


def _widest(rows: Iterable[list], columns: int, shown: Callable[[int, object], str]) -> list[int]:
    """The widest shown value of each column, asking `shown` once per text value but only for the largest
    and smallest number of a column (a number's shown width grows with its magnitude): 86.000 cells of the
    overview at 1.000 partners are 62.000 numbers, formatted twice per column instead of once per cell."""
    widest = [0] * columns
    high: list = [None] * columns
    low: list = [None] * columns
    for row in rows:
        for index, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
                if high[index] is None or value > high[index]:
                    high[index] = value
                if low[index] is None or value < low[index]:
                    low[index] = value
                continue
            widest[index] = max(widest[index], len(shown(index, value)))
    for index in range(columns):
        for value in {high[index], low[index]} - {None}:
            widest[index] = max(widest[index], len(shown(index, value)))
    return widest


def table_workbook(
    headers: list,
    rows: list[list],
    title: str,
    *,
    number_format: Callable[[int, object], str | None] | None = None,
    shown: Callable[[int, object], str] | None = None,
    into: IO[bytes] | None = None,
) -> bytes | None:
    """An XLSX of one sheet: `headers` bold, frozen and filtered, `rows` with fitted widths and formats.

    The one writer of the portal's XLSX files. A table whose column kinds are unknown gets the generic rules
    (`cell_format`: amounts with two decimals, dates as dates); a caller that knows its columns' kinds (the
    dashboards: euro, percentages, KPI values) passes `number_format(column index, value)` and
    `shown(column index, value)`, about what a spreadsheet shows, to fit the widths to it. The values are
    written as they are (the caller neutralised typed text); a timezone-aware datetime is written in local
    time, as a spreadsheet has no time zones.

    The sheet is written row by row (openpyxl's write-only mode) and, given a file `into`, the workbook is
    saved there (a temporary file a response streams: the dashboards' exports) rather than returned as bytes.
    """
    from django.utils import timezone
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    number_format = number_format or (lambda _index, value: cell_format(value))
    shown = shown or (lambda _index, value: _width_text(value))
    headers = [neutralise("" if header is None else str(header)) for header in headers]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title(title))
    # What a write-only sheet needs before its first row: widths and the frozen header.
    for index, (header, widest) in enumerate(zip(headers, _widest(rows, len(headers), shown), strict=True), start=1):
        width = max(MIN_WIDTH, min(MAX_WIDTH, max(widest, len(header) + 3) + 2))  # + 3: the filter's button
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold, top = Font(bold=True), Alignment(vertical="top", wrap_text=True)
    header_cells = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font, cell.alignment = bold, top
        header_cells.append(cell)
    sheet.append(header_cells)
    # One styled cell per column and number format, its value replaced row after row: a write-only sheet
    # writes each row out when it is appended, so the cell can be reused (thousands of rows, tens of columns).
    styled: dict[tuple[int, str], WriteOnlyCell] = {}
    count = 0
    for values in rows:
        out = []
        for index, value in enumerate(values):
            if value is None:
                out.append(None)
                continue
            if isinstance(value, datetime.datetime) and value.tzinfo:
                value = timezone.localtime(value).replace(tzinfo=None)
            style = number_format(index, value)
            if style:
                cell = styled.get((index, style))
                if cell is None:
                    cell = styled[(index, style)] = WriteOnlyCell(sheet)
                    cell.number_format = style
                cell.value = value
                value = cell
            out.append(value)
        sheet.append(out)
        count += 1
    if headers:
        # The filter is written after the rows (the sheet's tail), so the rows need not be counted first.
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count + 1}"
    if into is not None:
        workbook.save(into)
        return None
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
