"""The benchmarks' floor pages exist only where a benchmark asks for them: the load test's floor run serves
them (loadtest/floor_settings.py, `make load-floor`), the portal's own URLconf never does."""

import importlib

import pytest

import portal.settings as portal_settings

pytestmark = pytest.mark.django_db

FLOOR_URLS = ["/__benchmark__/page/", "/__benchmark__/trivial/"]


def test_the_portal_serves_no_floor_page_even_to_a_logged_in_user(client, partner_user):
    client.force_login(partner_user)
    for url in FLOOR_URLS:
        assert client.get(url).status_code == 404, url


def test_the_load_tests_floor_run_serves_them_with_the_portals_settings_otherwise(client, partner_user, settings):
    floor = importlib.import_module("loadtest.floor_settings")
    names = {name for name in dir(portal_settings) + dir(floor) if name.isupper()}
    changed = {name for name in names if getattr(floor, name, None) is not getattr(portal_settings, name, None)}
    assert changed == {"ROOT_URLCONF"}

    settings.ROOT_URLCONF = floor.ROOT_URLCONF
    assert client.get("/__benchmark__/page/").status_code == 302  # to the log-in page, like any portal page
    client.force_login(partner_user)
    response = client.get("/__benchmark__/page/")
    assert response.status_code == 200
    assert "base.html" in [template.name for template in response.templates]
    assert client.get("/partner/").status_code == 200  # and the portal's pages beside it
