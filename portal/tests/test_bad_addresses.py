"""Nothing typed into an address gives a server error: a NUL byte, a huge number or an impossible date in
a query parameter or a path gets a 400/404, or is ignored (the admin shows the whole list with a message).

The parameters are not listed by hand: the test crawls the portal as a superuser and as a manager (the
admin's change list of every registered model, and every page reachable from the home page and the
dashboards), gathers every query parameter the pages link to or ask for in a GET form, the admin's filter
parameters and its date hierarchy, and replays each with every bad value.
"""

import re
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.contrib import admin
from django.contrib.admin.views.main import ERROR_FLAG
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from demo.world import build_world
from partners.models import ConsultationMoment
from partners.tests.factories import PartnerUserFactory

pytestmark = pytest.mark.django_db

NUL = "\x00"
HUGE = "99999999999999999999999"
IMPOSSIBLE_DATE = "2019-02-31"
BAD_VALUES = [NUL, HUGE, IMPOSSIBLE_DATE]
PAGES_PER_VIEW = 2
NOT_FOLLOWED = ("/admin/", "/accounts/logout/", "/i18n/", "/static/", "/media/")


class _Links(HTMLParser):
    """The links of a page, and the names of the fields of its GET forms (filters, year pickers, search)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.form_fields: set[str] = set()
        self.in_get_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        elif tag == "form":
            self.in_get_form = (attrs.get("method") or "get").lower() == "get"
        elif tag in ("input", "select", "textarea") and self.in_get_form and attrs.get("name"):
            self.form_fields.add(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_get_form = False


def _parse(html: str) -> _Links:
    links = _Links()
    links.feed(html)
    return links


def _query_parameters(page: str, links: _Links) -> set[str]:
    """The parameters of the links from `page` to itself, and of its GET forms."""
    names = set(links.form_fields)
    for href in links.hrefs:
        parts = urlsplit(href)
        if parts.query and parts.path in ("", page):
            names |= {name for name, _value in parse_qsl(parts.query, keep_blank_values=True)}
    return names


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _admin_parameters(client) -> dict[str, set[str]]:
    """Per change list of every registered model: the parameters its links, filters and date hierarchy use."""
    found = {}
    for model, model_admin in admin.site._registry.items():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = client.get(url)
        if response.status_code != 200:
            continue  # no view permission: the admin answers 403 whatever the parameters
        names = _query_parameters(url, _parse(response.content.decode()))
        changelist = response.context["cl"]
        for spec in changelist.filter_specs:
            names |= set(spec.expected_parameters())
        if model_admin.date_hierarchy:
            names |= {f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")}
        found[url] = names - {ERROR_FLAG}
    return found


def _site_parameters(client, start: list[str]) -> dict[str, set[str]]:
    """Per page reachable from `start` (outside the admin): the query parameters it links to or asks for.

    Two pages per view are enough (two partners, two reports...): the year navigation alone would lead
    from one programme year to the next for ever. A dashboard table's paging parameter (`p-<table>`) is
    added beside its sort parameter (`o-<table>`), as its paging links only show with more rows than a page.
    """
    found, per_view, queue = {}, Counter(), list(start)
    while queue:
        page = queue.pop(0)
        if page in found:
            continue
        try:
            view = resolve(page).view_name
        except Resolver404:
            continue
        per_view[view] += 1
        if per_view[view] > PAGES_PER_VIEW:
            continue
        response = client.get(page)
        found[page] = set()
        if response.status_code in (301, 302):
            queue.append(urlsplit(response["Location"]).path)
            continue
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        links = _parse(response.content.decode())
        names = _query_parameters(page, links)
        found[page] = names | {f"p-{name[2:]}" for name in names if name.startswith("o-")}
        for href in links.hrefs:
            path = urlsplit(href).path
            if path.startswith("/") and not path.startswith(NOT_FOLLOWED) and path not in found:
                queue.append(path)
    return found


def _replays(pages: dict[str, set[str]]):
    """Each parameter of each page with each bad value; a date hierarchy's month or day with a good year."""
    for page, names in pages.items():
        for name in sorted(names):
            for value in BAD_VALUES:
                params = {name: value}
                if name.endswith(("__month", "__day")):
                    stem = name.rsplit("__", 1)[0]
                    params = {f"{stem}__year": "2019", f"{stem}__month": "2", **params}
                yield page, params


def _server_errors(client, requests) -> list[str]:
    errors = []
    for page, params in requests:
        response = client.get(page, params)
        if response.status_code >= 500:
            errors.append(f"{response.status_code} {page} {params!r}")
    return errors


@pytest.fixture
def world(db, monkeypatch):
    # The admin's side navigation only links to the change lists themselves; without it every replayed
    # change list renders in half the time.
    monkeypatch.setattr(admin.site, "enable_nav_sidebar", False)
    return build_world(2)


@pytest.mark.parametrize("role", ["superuser", "manager"])
def test_no_admin_change_list_filter_gives_a_server_error(request, world, role):
    client = _client(request.getfixturevalue(role))
    pages = _admin_parameters(client)
    assert len(pages) >= (30 if role == "superuser" else 5)
    assert any(name.endswith("__year") for names in pages.values() for name in names)
    assert _server_errors(client, _replays(pages)) == []


@pytest.mark.parametrize("role", ["superuser", "manager", "partner"])
def test_no_query_parameter_or_number_in_the_path_of_the_portals_pages_gives_a_server_error(request, world, role):
    if role == "partner":  # a contact of a partner of the world, with its reports, actions and moments
        user = PartnerUserFactory(username="p0-contact", contact__partner=world.partners[0])
    else:
        user = request.getfixturevalue(role)
    client = _client(user)
    pages = _site_parameters(client, [reverse("home"), reverse("dashboards:index")])
    if role == "partner":
        assert len(pages) >= 5  # the partner's pages link to no query parameters; their paths are tried below
    else:
        assert sum(len(names) for names in pages.values()) >= 10  # the crawl found the filters and the sorting
    assert _server_errors(client, _replays(pages)) == []

    # A page with a number in its path (a year, an id): with a number too large or 0 instead.
    numbered = {
        re.sub(r"/\d+(?=/)", f"/{number}", page, count=1)
        for page in pages
        if re.search(r"/\d+/", page)
        for number in (HUGE, "0")
    }
    assert len(numbered) >= 2, sorted(pages)
    assert _server_errors(client, [(page, {}) for page in sorted(numbered)]) == []


def test_no_bad_id_in_an_admin_object_address_gives_a_server_error(superuser, world):
    client = _client(superuser)
    requests = []
    for model in admin.site._registry:
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        for value in (HUGE, IMPOSSIBLE_DATE):
            for view in ("change", "delete", "history"):
                requests.append((reverse(f"{info}_{view}", args=[value]), {}))
            if hasattr(model, "history"):  # django-simple-history's page of one version
                first = model.objects.first()
                pk = first.pk if first else 1
                requests.append((reverse(f"{info}_simple_history", args=[pk, value]), {}))
                requests.append((reverse(f"{info}_simple_history", args=[value, 1]), {}))
    assert len(requests) > 2 * 3 * 30
    assert _server_errors(client, requests) == []


@pytest.mark.parametrize("role", [None, "partner_user", "manager", "superuser"])
def test_a_nul_byte_in_a_calendar_feed_address_is_a_bad_request_for_anyone(request, role):
    client = Client(raise_request_exception=False)
    if role:
        client.force_login(request.getfixturevalue(role))
    response = client.get("/calendar/%00.ics")
    assert response.status_code == 400
    assert "Ongeldig adres" in response.content.decode()


def test_a_bad_admin_filter_shows_the_whole_list_with_a_message(client, superuser, world):
    client.force_login(superuser)
    url = reverse("admin:partners_consultationmoment_changelist")
    response = client.get(url, {"starts_at__year": HUGE}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [(f"{url}?{ERROR_FLAG}=1", 302)]
    assert "kan niet zo gefilterd of gesorteerd worden" in response.content.decode()
    assert response.context["cl"].result_count == ConsultationMoment.objects.count()
