"""HTML to PDF with WeasyPrint: tagged PDF/UA-1 with embedded (subset) fonts.

WeasyPrint lays out with Pango and embeds the fonts it uses (fontconfig finds them: the Debian packages of the
Makefile's `pdf` target and docs/deploy.md). `pdf_variant="pdf/ua-1"` tags the document's structure (headings,
paragraphs, tables with their header cells, figures), writes /MarkInfo, /Lang from `<html lang>` and the
PDF/UA identifier in the XMP metadata. A template gives the document its language, a `<title>` and CSS Paged
Media for page numbers; the only files it may load are the portal's static files: no fetch over the network.
"""

import gc
import mimetypes
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse


class PDFError(Exception):
    pass


class RefusedURL(FatalURLFetchingError):
    """A URL the PDF may not load: fatal, so WeasyPrint stops instead of leaving the resource out."""


def static_file(uri: str) -> Path:
    """The file of a /static/ URL (on any host: the base URL is the portal's); other URLs are refused."""
    path = unquote(urlsplit(uri).path)
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if path.startswith(prefix):
        found = finders.find(path[len(prefix) :])
        if found:
            return Path(found)
    raise PDFError(f"the PDF may only use the portal's static files, not {uri!r}")


class StaticFileFetcher(URLFetcher):
    """WeasyPrint's fetcher for the portal's static files and data: URLs, and nothing else."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        try:
            path = static_file(url)
        except PDFError as error:
            raise RefusedURL(str(error)) from error
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


@contextmanager
def objects_frozen():
    """The process's objects out of the garbage collector's sight while WeasyPrint lays a document out.

    WeasyPrint allocates a box tree of some hundred thousand objects; every so often the collector makes a
    full pass, which walks everything the process holds (Django, the portal, the report's data) besides
    that tree. gc.freeze() moves what exists now into a generation the collector skips, so its passes look
    only at what the layout makes; gc.unfreeze() hands it all back afterwards. Nothing is kept alive that
    would otherwise be freed: the collector only runs later. Measured: a fifth of the annual report PDF's
    CPU (docs/benchmarks.md).
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def render_pdf(template_name: str, context: dict) -> bytes:
    html = render_to_string(template_name, context)
    try:
        with objects_frozen():
            return HTML(string=html, base_url=settings.SITE_URL + "/", url_fetcher=StaticFileFetcher()).write_pdf(
                pdf_variant="pdf/ua-1",  # tagged (pdf_tags), PDF 1.7, the PDF/UA-1 identifier in the XMP metadata
                custom_metadata=True,  # <meta name="description"> and friends in the document information
            )
    except RefusedURL as error:
        raise PDFError(str(error)) from error
