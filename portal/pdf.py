"""HTML to PDF with xhtml2pdf (pure Python over reportlab: no system libraries to install)."""

import io
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from xhtml2pdf import pisa


class PDFError(Exception):
    pass


def static_file(uri: str, rel: str | None = None) -> str:
    """xhtml2pdf's link_callback: a /static/ URL as the path of the file; other URLs are refused."""
    if uri.startswith(settings.STATIC_URL) or uri.startswith("/" + settings.STATIC_URL.lstrip("/")):
        name = uri.split(settings.STATIC_URL.strip("/") + "/", 1)[1]
        path = finders.find(name)
        if path:
            return str(Path(path))
    if uri.startswith("data:"):
        return uri
    raise PDFError(f"the PDF may only use the portal's static files, not {uri!r}")


def render_pdf(template_name: str, context: dict) -> bytes:
    html = render_to_string(template_name, context)
    output = io.BytesIO()
    result = pisa.CreatePDF(html, dest=output, encoding="utf-8", link_callback=static_file)
    if result.err:
        raise PDFError(f"xhtml2pdf reported {result.err} error(s)")
    return output.getvalue()
