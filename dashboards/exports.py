"""Every dashboard table as CSV and XLSX: Dutch headers, numbers as numbers, euro amounts with two decimals.

CSV follows what Excel expects on a Belgian (nl-BE) computer: UTF-8 with a byte order mark, semicolons
between fields, a decimal comma and no thousands separator; dates in ISO (2019-09-18). XLSX cells hold
real numbers and dates with a display format that Excel and LibreOffice both show in the reader's own
separators: amounts `€ 905.000,00`, counts `1.234`, KPI values without a dangling separator (`320`,
`12,5`), percentages as percentages (the cell holds 1,025 for `102,5%`), dates as dates. The sheet looks
finished: a bold, frozen header row with a filter, columns as wide as their content, a readable sheet
name (`portal.spreadsheets.sheet_title`). Text, headers included, never starts a formula
(`portal.spreadsheets.neutralise`). A file is named, in the user's language, after what it holds
(`export_filename`).
"""

import csv
import datetime
import io
import tempfile
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import IO

from django.http import FileResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.audit import audit
from accounts.models import AuditEvent
from portal.formatting import format_date, format_euro, format_number
from portal.money import to_cents
from portal.spreadsheets import neutralise, table_workbook

from .tables import ATTAINMENT, BADGE, DATE, EURO, INT, LIST, NUMBER, PERCENT, YEAR, Attainment, Table

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EURO_FORMAT = '"€" #,##0.00'
# A KPI value that is a whole number is shown as a count: "#,##0.##" would show `320,` (a dangling
# separator) in both Excel and LibreOffice, so a fraction gets its own format.
FRACTION_FORMAT = "#,##0.0#"
NUMBER_FORMATS = {INT: "#,##0", YEAR: "0", NUMBER: "#,##0", EURO: EURO_FORMAT, PERCENT: "0.0%", DATE: "dd/mm/yyyy"}
EXPORT_FORMATS = ("csv", "xlsx")


def export_columns(table: Table) -> list[tuple[str, str, callable]]:
    """(header, kind, value-of-row) for each exported column; a KPI result becomes four columns."""
    columns = []
    for column in table.columns:
        key = column.key
        label = str(column.label)
        if column.kind == ATTAINMENT:
            columns += [
                (f"{label} – {_('streefwaarde')}", NUMBER, lambda row, k=key: _attr(row.get(k), "target")),
                (f"{label} – {_('resultaat')}", NUMBER, lambda row, k=key: _attr(row.get(k), "actual")),
                (f"{label} – {_('realisatie (%)')}", PERCENT, lambda row, k=key: _attr(row.get(k), "achievement")),
                (f"{label} – {_('beoordeling')}", "text", lambda row, k=key: _attr(row.get(k), "label")),
            ]
        elif column.kind == BADGE:
            columns.append((label, "text", lambda row, k=key: str(row[k]) if row.get(k) else ""))
        elif column.kind == LIST:
            columns.append((label, "text", lambda row, k=key: "; ".join(str(v) for v in row.get(k) or [])))
        else:
            header = f"{label} (€)" if column.kind == EURO and "€" not in label else label
            columns.append((header, column.kind, lambda row, k=key: row.get(k)))
    return columns


def _attr(value, name):
    return getattr(value, name) if isinstance(value, Attainment) else None


def _rows(table: Table) -> Iterator[dict]:
    yield from table.rows
    if table.footer:
        yield table.footer


def _plain(value, kind: str):
    """A cell value as a plain Python value: Decimal (euro to the cent), int, date, or text (neutralised)."""
    if value is None or value == "":
        return None
    if kind == EURO:
        return to_cents(value)
    if kind in (NUMBER, PERCENT) and isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else value
    if kind == DATE and isinstance(value, datetime.datetime):
        return timezone.localtime(value).date()
    if isinstance(value, (int, Decimal, datetime.date)):
        return value
    return neutralise(str(value))


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}".replace(".", ",")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _csv_value(value, kind: str) -> str:
    plain = _plain(value, kind)
    if kind == EURO and plain is not None:
        return f"{plain:.2f}".replace(".", ",")
    if kind in (INT, YEAR) and plain is not None:
        return str(int(plain))
    return _csv_text(plain)


def table_csv_lines(table: Table) -> Iterator[bytes]:
    """The CSV, line by line (a streamed download): the byte order mark, the header, then each row."""
    columns = export_columns(table)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")

    def line(values) -> bytes:
        writer.writerow(values)
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text.encode("utf-8")

    yield "\ufeff".encode()
    yield line([neutralise(header) for header, _kind, _get in columns])
    for row in _rows(table):
        yield line([_csv_value(get(row), kind) for _header, kind, get in columns])


def _xlsx_value(value, kind: str):
    """The cell value of an XLSX: as `_plain`, with a percentage as the fraction a percent format expects."""
    plain = _plain(value, kind)
    if kind == PERCENT and plain is not None:
        return Decimal(plain) / 100
    return plain


def _shown(value, kind: str) -> str:
    """About what a spreadsheet shows for a value, to fit the column's width to it."""
    if value is None:
        return ""
    if kind == EURO:
        return format_euro(value)
    if kind == PERCENT:
        return f"{format_number(value * 100, 1)}%"
    if kind in (INT, NUMBER):
        return format_number(value)
    if isinstance(value, datetime.date):
        return format_date(value)
    return max(str(value).splitlines() or [""], key=len)


def _number_format(value, kind: str) -> str | None:
    if kind == NUMBER and isinstance(value, Decimal) and value != value.to_integral_value():
        return FRACTION_FORMAT
    return NUMBER_FORMATS.get(kind)


def table_xlsx(table: Table, into: IO[bytes] | None = None) -> bytes | None:
    """The table as one sheet, written by the portal's one XLSX writer with the formats of its column kinds
    (into the file `into`, a download's temporary file, or returned as bytes)."""
    columns = export_columns(table)
    kinds = [kind for _header, kind, _get in columns]
    rows = [[_xlsx_value(get(row), kind) for _header, kind, get in columns] for row in _rows(table)]
    return table_workbook(
        [header for header, _kind, _get in columns],
        rows,
        table.caption,
        number_format=lambda index, value: _number_format(value, kinds[index]),
        shown=lambda index, value: _shown(value, kinds[index]),
        into=into,
    )


def xlsx_download(write: Callable[[IO[bytes]], object], filename: str) -> FileResponse:
    """A streamed XLSX download: `write(file)` saves the workbook into a temporary file, which the response
    sends in blocks and then closes (deleting it), so the file is never held in memory whole."""
    file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the response once sent
    write(file)
    file.seek(0)
    response = FileResponse(file, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Little words left dangling at the end of a name once a repeated year is dropped ("... KPI in").
_CONNECTORS = {"in", "en", "per", "van", "voor", "and", "for", "of"}


def export_filename(subject: str, table: Table, extension: str) -> str:
    """`begroting-2019-per-jaar.xlsx`: the page's subject and the table's caption, in the user's language.

    A word of the caption that the subject already says (the year, "begroting") is said once.
    """
    words = slugify(subject).split("-")
    for word in slugify(str(table.caption)).split("-"):
        if word and word not in words:
            words.append(word)
    while len(words) > 1 and words[-1] in _CONNECTORS:
        words.pop()
    stem = "-".join(word for word in words if word)
    if len(stem) > 80:
        stem = stem[:81].rsplit("-", 1)[0]
    return f"{stem or 'export'}.{extension}"


def export_response(request, tables: Callable[[], dict[str, Table]], subject: str) -> HttpResponseBase | None:
    """The download a request asks for (`?export=csv|xlsx&table=<name>`), or None to render the page.

    `tables()` builds the page's tables from the same filters, only when a download is asked for (a page
    may come from the cache without them); the export holds every row, in the page's order. `subject`
    names the page in the user's language ("begroting 2019"); the file is named after it and the table.
    Both formats are streamed: the CSV line by line, the XLSX from the temporary file it was written to.
    """
    kind = request.GET.get("export")
    name = request.GET.get("table")
    if kind not in EXPORT_FORMATS or not name:
        return None
    table = tables().get(name)
    if table is None:
        return None
    table.sort(request.GET.get(table.sort_param) or table.default_sort)
    filename = export_filename(subject, table, kind)
    if kind == "csv":
        response = StreamingHttpResponse(table_csv_lines(table), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    else:
        response = xlsx_download(lambda file: table_xlsx(table, into=file), filename)
    query = request.GET.urlencode()
    audit(AuditEvent.Kind.EXPORT, request=request, path=request.path, table=name, format=kind, query=query)
    return response
