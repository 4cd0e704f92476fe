"""Who sees the dashboards: anyone at FIT; partner users get 403; anonymous users are sent to log in."""

import pytest
from django.urls import reverse

from demo.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world(1)


def dashboard_urls(world) -> list[str]:
    partner = world.partners[0]
    return [
        reverse("dashboards:index"),
        reverse("dashboards:overview"),
        reverse("dashboards:overview") + "?year=2019&export=xlsx&table=overview",
        reverse("dashboards:partner", args=[partner.pk]),
        reverse("dashboards:partner", args=[partner.pk]) + "?export=csv&table=kpis",
        reverse("dashboards:budget"),
        reverse("dashboards:consultation"),
        reverse("dashboards:communication"),
        reverse("dashboards:value"),
        reverse("dashboards:account_managers"),
        reverse("dashboards:annual_report", args=[2019]),
        reverse("dashboards:annual_report_pdf", args=[2019]),
    ]


@pytest.mark.parametrize("persona", ["staff", "manager", "account_manager", "superuser"])
def test_every_dashboard_answers_fit_users(client, world, persona, request):
    client.force_login(request.getfixturevalue(persona))
    for url in dashboard_urls(world):
        assert client.get(url).status_code == 200, url


def test_partner_users_get_403_on_every_dashboard_and_export(client, world, partner_user):
    client.force_login(partner_user)
    for url in dashboard_urls(world):
        assert client.get(url).status_code == 403, url


def test_partner_users_get_403_even_on_their_own_partner_page(client, partner_user):
    client.force_login(partner_user)
    url = reverse("dashboards:partner", args=[partner_user.contact.partner_id])
    assert client.get(url).status_code == 403


def test_anonymous_users_are_sent_to_log_in(client, world):
    for url in dashboard_urls(world):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_an_unknown_partner_or_year_is_404(client, manager):
    client.force_login(manager)
    assert client.get(reverse("dashboards:partner", args=[999_999])).status_code == 404
    assert client.get("/dashboards/annual-report/12/").status_code == 404  # no such year: not a URL


def test_the_dashboards_are_in_the_navigation_of_fit_users_only(client, manager, partner_user):
    client.force_login(manager)
    assert reverse("dashboards:index") in client.get(reverse("evaluations:staff_home")).content.decode()
    client.force_login(partner_user)
    assert reverse("dashboards:index") not in client.get(reverse("partners:home")).content.decode()
