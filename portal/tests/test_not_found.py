"""A missing page is the portal's own 404 page, also under DEBUG (`make run`); every page has a favicon."""

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.django_db

TECHNICAL = "Django tried these URL patterns"


@pytest.fixture
def debug(settings):
    settings.DEBUG = True  # as under `make run`


def test_under_debug_a_missing_page_is_the_portals_404_for_a_partner(client, partner_user, debug):
    client.force_login(partner_user)
    response = client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Pagina niet gevonden</h1>" in page and "Naar uw overzicht" in page
    assert 'class="portal-header"' in page and TECHNICAL not in page


def test_under_debug_a_missing_page_is_the_portals_404_without_a_log_in(client, debug):
    response = client.get("/dashboards/nothing-here/")
    assert response.status_code == 404 and TECHNICAL not in response.content.decode()
    assert "Pagina niet gevonden" in response.content.decode()


def test_under_debug_another_partners_object_is_the_portals_404_too(client, partner_user, other_partner, debug):
    from evaluations.tests.factories import ImprovementPointFactory

    point = ImprovementPointFactory(partner=other_partner)
    client.force_login(partner_user)
    response = client.get(reverse("evaluations:improvement_detail", args=[point.pk]))
    assert response.status_code == 404
    page = response.content.decode()
    assert "Pagina niet gevonden" in page and "Page not found at" not in page


def test_under_debug_a_superuser_still_gets_djangos_technical_404_to_debug_a_url(client, superuser, debug):
    client.force_login(superuser)
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and TECHNICAL in response.content.decode()


def test_without_debug_the_portals_404_as_ever(client, partner_user):
    client.force_login(partner_user)
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "Pagina niet gevonden" in response.content.decode()


def test_the_portal_and_the_admin_show_the_favicon(client, partner_user, superuser):
    assert finders.find("img/favicon.svg")
    link = 'rel="icon" href="/static/img/favicon.svg" type="image/svg+xml"'
    assert link in client.get(reverse("login")).content.decode()
    client.force_login(partner_user)
    assert link in client.get(reverse("partners:home")).content.decode()
    client.force_login(superuser)
    for url in (
        reverse("admin:index"),
        reverse("admin:partners_partner_add"),
        "/admin/django_celery_beat/periodictask/",
    ):
        assert link in client.get(url).content.decode(), url
    client.logout()
    assert link in client.get(reverse("admin:login")).content.decode()
