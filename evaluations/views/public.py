"""The published action programme for everyone, without logging in (issue 15); see evaluations.public_programme.

Every view is a `portal.public.public_page`: the language from the address, an ETag and public caching, no
cookie. An unpublished or unknown year is a 404.
"""

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from portal.pdf import render_pdf
from portal.public import LANGUAGE_PARAM, public_page, render_public

from ..models import ProgrammePublication
from ..public_programme import (
    PublicProgramme,
    download_name,
    index_etag,
    programme_csv,
    programme_etag,
    programme_ics,
    programme_last_modified,
    programme_xlsx,
    publication_for,
    when,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

programme_page = public_page(etag=programme_etag, last_modified=programme_last_modified)


def _with_query(url: str, request, lang: str = "") -> str:
    """`url` with the page's filters and language, so the feed and downloads hold what the page shows."""
    query = request.GET.copy()
    query.pop(LANGUAGE_PARAM, None)
    if lang:
        query[LANGUAGE_PARAM] = lang
    return f"{url}?{query.urlencode()}" if query else url


def _links(request, year: int) -> dict:
    lang = "en" if get_language().startswith("en") else ""
    links = {
        name: _with_query(reverse(f"evaluations:public_programme_{name}", args=[year]), request, lang=lang)
        for name in ("ics", "csv", "xlsx", "print", "pdf")
    }
    links["index"] = reverse("evaluations:public_programme_index") + (f"?{LANGUAGE_PARAM}={lang}" if lang else "")
    here = reverse("evaluations:public_programme", args=[year])
    links["clear"] = here + (f"?{LANGUAGE_PARAM}={lang}" if lang else "")
    links["languages"] = [
        ("nl", "Nederlands", _with_query(here, request)),
        ("en", "English", _with_query(here, request, lang="en")),
    ]
    return links


def _context(request, year: int) -> dict:
    programme = PublicProgramme.build(publication_for(request, year), request.GET)
    for action in programme.actions:
        action.when = when(action)
    return {"programme": programme, "links": _links(request, year), "language": get_language()[:2]}


@public_page(etag=index_etag)
def programme_index(request):
    language = get_language()[:2]
    suffix = "" if language == "nl" else f"?{LANGUAGE_PARAM}={language}"
    years = [
        (publication, reverse("evaluations:public_programme", args=[publication.year]) + suffix)
        for publication in ProgrammePublication.objects.order_by("-year")
    ]
    languages = [
        ("nl", "Nederlands", reverse("evaluations:public_programme_index")),
        ("en", "English", reverse("evaluations:public_programme_index") + f"?{LANGUAGE_PARAM}=en"),
    ]
    links = {"languages": languages, "index": reverse("evaluations:public_programme_index") + suffix}
    return render_public("evaluations/public/index.html", {"years": years, "language": language, "links": links})


@programme_page
def programme(request, year: int):
    return render_public("evaluations/public/programme.html", _context(request, year))


@programme_page
def programme_print(request, year: int):
    return render_public("evaluations/public/print.html", {**_context(request, year), "generated_at": timezone.now()})


@programme_page
def programme_pdf(request, year: int):
    context = {**_context(request, year), "generated_at": timezone.now()}
    response = HttpResponse(render_pdf("evaluations/public/pdf.html", context), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{download_name(context["programme"], "pdf")}"'
    return response


def _download(programme: PublicProgramme, body: bytes, content_type: str, extension: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{download_name(programme, extension)}"'
    return response


@programme_page
def programme_csv_view(request, year: int):
    programme = PublicProgramme.build(publication_for(request, year), request.GET)
    return _download(programme, programme_csv(programme), "text/csv; charset=utf-8", "csv")


@programme_page
def programme_xlsx_view(request, year: int):
    programme = PublicProgramme.build(publication_for(request, year), request.GET)
    return _download(programme, programme_xlsx(programme), XLSX_TYPE, "xlsx")


@programme_page
def programme_ics_view(request, year: int):
    programme = PublicProgramme.build(publication_for(request, year), request.GET)
    response = HttpResponse(programme_ics(programme), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{download_name(programme, "ics")}"'
    return response
