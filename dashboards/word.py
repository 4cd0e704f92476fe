"""The annual report as a Word document (DOCX, written with python-docx), so FIT can paste its answer into the
minister's reply.

The document is made from the same HTML as the page and the PDF (templates/dashboards/includes/
annual_report_body.html): its headings become Word headings, its paragraphs and lists Word paragraphs, its
tables Word tables with their caption above them. One text for the three formats, so they never disagree.
What only a screen reader hears (`visually-hidden`) or only the screen shows (`d-print-none`) stays out,
as in print.
"""

import io
import re
from html.parser import HTMLParser

from django.template.loader import render_to_string
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

HEADINGS = {"h2": 1, "h3": 2, "h4": 3}
SKIPPED_CLASSES = {"visually-hidden", "d-print-none"}
VOID = {"br", "img", "input", "meta", "link", "hr", "col"}
SPACES = re.compile(r"[^\S\u00a0]+")  # white space, but not the no-break space of `€ 905.000,00`


class _Table:
    def __init__(self):
        self.caption = ""
        self.rows: list[list[tuple[str, bool, bool]]] = []  # (text, is header cell, is numeric)
        self.header_rows = 0


class _Builder(HTMLParser):
    """Walks the report's HTML and writes it into a python-docx Document."""

    def __init__(self, document):
        super().__init__(convert_charrefs=True)
        self.document = document
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.block = None  # ("p" | "h2"... | "li" | "dt", runs) being collected
        self.runs: list[tuple[str, bool]] = []
        self.bold = 0
        self.table: _Table | None = None
        self.cell: list[str] | None = None
        self.cell_meta = (False, False)
        self.row: list | None = None
        self.in_thead = False
        self.in_caption = False

    @property
    def skipping(self) -> bool:
        return any(skipped for _tag, skipped in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = set((attrs.get("class") or "").split())
        skipped = bool(classes & SKIPPED_CLASSES) or tag in ("svg", "script", "style")
        if tag not in VOID:
            self.stack.append((tag, skipped))
        if self.skipping:
            return
        if tag == "table":
            self.table = _Table()
        elif self.table is not None:
            self._table_start(tag, classes)
        elif tag in HEADINGS or tag in ("p", "li", "dt"):
            self._flush()
            self.block = tag
            self.bold += tag == "dt"  # a term of a definition list: bold, its definition follows on its line
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag == "dd" and self.runs:
            self.runs.append((" – ", False))
        elif tag == "span" and self.runs and not self.runs[-1][0].endswith(" "):
            self.runs.append((" ", False))

    def _table_start(self, tag, classes):
        if tag == "caption" or (tag == "th" and "pdf-caption" in classes):
            self.in_caption = True
        elif tag == "thead":
            self.in_thead = True
        elif tag == "tr":
            self.row = []
        elif tag in ("th", "td"):
            self.cell = []
            self.cell_meta = (tag == "th", "num" in classes or "attainment" in classes)
        elif tag in ("span", "li") and self.cell:
            self.cell.append(" " if tag == "span" else "; ")

    def handle_endtag(self, tag):
        skipped_before = self.skipping
        while self.stack:
            open_tag, _skipped = self.stack.pop()
            if open_tag == tag:
                break
        if skipped_before:
            return
        if tag == "table" and self.table is not None:
            self._write_table(self.table)
            self.table = None
        elif self.table is not None:
            self._table_end(tag)
        elif tag in HEADINGS or tag in ("p", "li") or tag == "dd":
            self._flush()
        elif tag in ("strong", "b", "dt"):
            self.bold = max(0, self.bold - 1)

    def _table_end(self, tag):
        if tag == "caption" or (tag == "th" and self.in_caption):
            self.in_caption = False
        elif tag == "thead":
            self.in_thead = False
        elif tag in ("th", "td") and self.cell is not None and self.row is not None:
            self.row.append((_clean("".join(self.cell)), *self.cell_meta))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if self.row:
                self.table.rows.append(self.row)
                if self.in_thead:
                    self.table.header_rows += 1
            self.row = None

    def handle_data(self, data):
        if self.skipping:
            return
        if self.table is not None:
            if self.in_caption:
                self.table.caption += data
            elif self.cell is not None:
                self.cell.append(data)
            return
        if self.block is None and not data.strip():
            return
        if self.block is None:  # loose text (a dd, a div): its own paragraph
            self.block = "p"
        self.runs.append((data, self.bold > 0))

    def _flush(self):
        if self.block is None:
            return
        text = _clean("".join(text for text, _bold in self.runs))
        if text:
            if self.block in HEADINGS:
                self.document.add_heading(text, level=HEADINGS[self.block])
            else:
                style = "List Bullet" if self.block == "li" else None
                paragraph = self.document.add_paragraph(style=style)
                for index, (run_text, bold) in enumerate(self.runs):
                    run_text = SPACES.sub(" ", run_text)
                    if index == 0:
                        run_text = run_text.lstrip()
                    if run_text:
                        paragraph.add_run(run_text).bold = bold
        self.block = None
        self.runs = []

    def _write_table(self, table: _Table):
        self._flush()
        if table.caption.strip():
            caption = self.document.add_paragraph(_clean(table.caption), style="Caption")
            caption.paragraph_format.keep_with_next = True
        width = max((len(row) for row in table.rows), default=0)
        if not width:
            return
        grid = self.document.add_table(rows=0, cols=width)
        grid.style = "Table Grid"
        for index, row in enumerate(table.rows):
            cells = grid.add_row().cells
            for cell, (text, is_header, is_numeric) in zip(cells, row, strict=False):
                cell.text = text
                paragraph = cell.paragraphs[0]
                if is_numeric:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                for run in paragraph.runs:
                    run.font.size = Pt(8)
                    run.bold = is_header or index < table.header_rows
        self.document.add_paragraph()

    def close(self):
        super().close()
        self._flush()


def _clean(text: str) -> str:
    return SPACES.sub(" ", text).strip()


def annual_report_docx(report, generated_at, report_url: str = "") -> bytes:
    """The annual report as a DOCX file: its title, when it was compiled, and the sections of the report
    (a long table's note points to `report_url`, the report's page, for the full table)."""
    document = Document()
    document.core_properties.title = str(report.title)
    document.add_heading(str(report.title), level=0)
    html = render_to_string(
        "dashboards/includes/annual_report_word.html",
        {"report": report, "generated_at": generated_at, "report_url": report_url},
    )
    builder = _Builder(document)
    builder.feed(html)
    builder.close()
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
