"""Every dashboard table as CSV and XLSX: Dutch headers, numbers as numbers, euro amounts with two decimals.

CSV follows what Excel expects on a Belgian (nl-BE) computer: UTF-8 with a byte order mark, semicolons
between fields, a decimal comma and no thousands separator; dates in ISO (2019-09-18). XLSX cells hold
real numbers and dates, with a display format (euro amounts `#,##0.00`, percentages one decimal). Text,
headers included, never starts a formula (`portal.spreadsheets.neutralise`).
"""

import csv
import datetime
import io
import re
from collections.abc import Callable, Iterator
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from accounts.audit import audit
from accounts.models import AuditEvent
from portal.money import to_cents
from portal.spreadsheets import neutralise

from .tables import ATTAINMENT, BADGE, DATE, EURO, INT, LIST, NUMBER, PERCENT, YEAR, Attainment, Table

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EURO_FORMAT = '"€" #,##0.00'
NUMBER_FORMATS = {INT: "#,##0", YEAR: "0", NUMBER: "#,##0.##", EURO: EURO_FORMAT, PERCENT: "0.0", DATE: "dd/mm/yyyy"}
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


def table_csv(table: Table) -> bytes:
    columns = export_columns(table)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(header) for header, _kind, _get in columns])
    for row in _rows(table):
        writer.writerow([_csv_value(get(row), kind) for _header, kind, get in columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]\*\?/\\:]")


def table_xlsx(table: Table) -> bytes:
    columns = export_columns(table)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_SHEET_TITLE_FORBIDDEN.sub(" ", str(table.caption))[:31] or "Data")
    bold = Font(bold=True)
    header = []
    for text, _kind, _get in columns:
        cell = WriteOnlyCell(sheet, value=neutralise(text))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    # One styled cell per formatted column, its value replaced row after row: a write-only sheet writes
    # each row out when it is appended, so the cell can be reused (thousands of rows, tens of columns).
    styled = {}
    for index, (_header, kind, _get) in enumerate(columns):
        if kind in NUMBER_FORMATS:
            styled[index] = WriteOnlyCell(sheet)
            styled[index].number_format = NUMBER_FORMATS[kind]
    for row in _rows(table):
        values = []
        for index, (_header, kind, get) in enumerate(columns):
            value = _plain(get(row), kind)
            if index in styled and value is not None:
                styled[index].value = value
                value = styled[index]
            values.append(value)
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(request, tables: Callable[[], dict[str, Table]], filename: str) -> HttpResponse | None:
    """The download a request asks for (`?export=csv|xlsx&table=<name>`), or None to render the page.

    `tables()` builds the page's tables from the same filters, only when a download is asked for (a page
    may come from the cache without them); the export holds every row, in the page's order.
    """
    kind = request.GET.get("export")
    name = request.GET.get("table")
    if kind not in EXPORT_FORMATS or not name:
        return None
    table = tables().get(name)
    if table is None:
        return None
    table.sort(request.GET.get(table.sort_param) or table.default_sort)
    stem = slugify(f"{filename}-{name}")
    if kind == "csv":
        response = HttpResponse(table_csv(table), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(table_xlsx(table), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{kind}"'
    query = request.GET.urlencode()
    audit(AuditEvent.Kind.EXPORT, request=request, path=request.path, table=name, format=kind, query=query)
    return response
