"""Middleware of the project: security headers, the safety nets for database conflicts and bad addresses."""

import logging

from django.conf import settings
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

logger = logging.getLogger(__name__)


class ContentSecurityPolicyMiddleware:
    """Send the Content-Security-Policy from settings: no inline scripts or styles, nothing from elsewhere."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = "; ".join(
            f"{name} {' '.join(values)}" for name, values in settings.CONTENT_SECURITY_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response


class IntegrityErrorMiddleware:
    """The last safety net for a constraint the forms could not check in time (two people saving the same
    thing at once): the user gets a clear 409 page instead of a 500, and nothing was saved."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, IntegrityError):
            logger.warning("Integrity error on %s: %s", request.path, exception)
            return render(request, "409.html", status=409)
        return None


class DutchFirstLocaleMiddleware:
    """Dutch unless the user asked for English with the language switcher (its cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language; the portal speaks Dutch first
    and English on request, whatever the browser says.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = dict(settings.LANGUAGES)
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        patch_vary_headers(response, ("Cookie",))
        return response


class PublicPageMiddleware:
    """A response of a public page (portal.public.public_page) leaves without cookies and without `Vary: Cookie`.

    It sits before the session middleware, so it sees the response last: a logged-in visitor's session
    cookie (refreshed on every response, SESSION_SAVE_EVERY_REQUEST) or a CSRF cookie must not be sent on a
    page a CDN may store for everyone, and the page does not depend on any cookie (its language is in the
    address).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(response, "public_page", False):
            response.cookies.clear()
            vary = [name.strip() for name in response.headers.get("Vary", "").split(",") if name.strip()]
            vary = [name for name in vary if name.lower() != "cookie"]
            if vary:
                response.headers["Vary"] = ", ".join(vary)
            else:
                response.headers.pop("Vary", None)
        return response


class RejectNulBytesMiddleware:
    """A NUL byte anywhere in the address (path, query parameter names or values) is a clear 400 page.

    No page of the portal has a use for one, and PostgreSQL refuses it in any text, so a NUL that reaches a
    lookup (a calendar token, an admin filter, a search) would be a server error. Checked once here,
    for every page, rather than in each view and form.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in name or any("\x00" in value for value in values) for name, values in request.GET.lists()
        ):
            return render(request, "400.html", status=400)
        return self.get_response(request)


class PortalNotFoundMiddleware:
    """With DEBUG on (`make run`), a page that does not exist is still the portal's own 404 page.

    Django answers a 404 under DEBUG with its technical page (the URL patterns it tried), which a partner
    or an account manager trying the demo should never see. So, under DEBUG, everyone but a superuser (the
    developer, who wants the technical page to debug a URL) gets templates/404.html, as in production:
    for an address that matches no URL and for a view that raises Http404 (another partner's report). A
    view that answers 404 itself keeps its answer. Without DEBUG, Django already renders 404.html.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 404 and request.resolver_match is None and self._portal_page(request):
            return render(request, "404.html", status=404)  # no URL matched the address
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, Http404) and self._portal_page(request):
            return render(request, "404.html", status=404)
        return None

    @staticmethod
    def _portal_page(request) -> bool:
        user = getattr(request, "user", None)
        return settings.DEBUG and not (user is not None and user.is_superuser)
