"""Pages anyone may read without logging in, fit to sit behind a CDN (issue 15: the published action programme).

A public page is the same for everyone who asks for the same address: its language comes from the address
(`?lang=en`, Dutch without it), not from the language cookie, and nothing of the visitor's session is read or
sent back. `public_page` gives such a view an ETag and Last-Modified (Django's `condition`: a 304 when the
visitor or the CDN already holds that version), `Cache-Control: public, max-age=...`, and marks the response so
that `portal.middleware.PublicPageMiddleware` takes off the session's and CSRF's cookies and `Vary: Cookie`
(a logged-in visitor's session would otherwise be refreshed on the response, and a CDN must never store
someone's cookie). The view renders its template without the request (`render_public`): no context
processor runs, so no user, messages or CSRF token can reach the page.
"""

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.views.decorators.http import condition, require_safe

LANGUAGE_PARAM = "lang"
PUBLIC_MAX_AGE = 300


def public_language(request) -> str:
    """The language the address asks for (`?lang=en`), else the portal's first language (Dutch)."""
    asked = request.GET.get(LANGUAGE_PARAM, "")
    return asked if asked in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def filter_query(request) -> str:
    """The query string without the language, in a stable order: part of an ETag."""
    return "&".join(
        f"{name}={value}" for name, values in sorted(request.GET.lists()) if name != LANGUAGE_PARAM for value in values
    )


def make_etag(*parts) -> str:
    """A short ETag of what a response depends on (with the language, which the address chose)."""
    text = "|".join(str(part) for part in (*parts, translation.get_language()))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def public_page(*, etag: Callable, last_modified: Callable | None = None, max_age: int = PUBLIC_MAX_AGE):
    """A public view: GET and HEAD only, in the address's language, with ETag/Last-Modified and public caching.

    `etag(request, *args, **kwargs)` and `last_modified(...)` are cheap (a query or two, no rendering); they
    may raise Http404 for a page that does not exist."""

    def decorator(view):
        conditional = condition(etag_func=etag, last_modified_func=last_modified)(view)

        @require_safe
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            language = public_language(request)
            with translation.override(language):
                response = conditional(request, *args, **kwargs)
            patch_cache_control(response, public=True, max_age=max_age)
            response.headers["Content-Language"] = language
            response.public_page = True
            return response

        return wrapper

    return decorator


def render_public(template_name: str, context: dict, *, content_type: str | None = None) -> HttpResponse:
    """The template rendered without the request: no context processor, so nothing of the visitor's session."""
    return HttpResponse(render_to_string(template_name, context), content_type=content_type)
