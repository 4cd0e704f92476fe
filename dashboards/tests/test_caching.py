"""Rendered dashboards come from the cache only while their data is unchanged, however the data is written."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from dashboards.freshness import bump, current_version, tables_with_trigger, watched_tables
from evaluations.models import KPIResult
from partners.models import Partner, Versnelling

from .factories import build_partnerships

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("dashboards:overview") + "?year=2019"


def first_result(world) -> KPIResult:
    return KPIResult.objects.get(
        target__agreement__partner=world["partners"][0], target__year=2019, target__kpi__code="T00"
    )


def test_every_table_the_dashboards_read_has_the_trigger():
    watched = {table for table, _columns in watched_tables()}
    assert {"evaluations_kpiresult", "partners_partner", "budgets_payment", "accounts_user"} <= watched
    assert "partners_partner_versnellingen" in watched  # many-to-many tables too
    assert not any(table.endswith("historical" + table.split("_", 1)[1]) for table in watched)
    assert watched <= tables_with_trigger()


def test_every_kind_of_write_makes_a_new_version(partner, account_manager):
    seen = [current_version()]

    def changed() -> bool:
        seen.append(current_version())
        return seen[-1] != seen[-2]

    partner.name = "Nieuwe naam"
    partner.save()
    assert changed()
    Partner.objects.filter(pk=partner.pk).update(website="https://voorbeeld.be")  # no signals
    assert changed()
    Versnelling.objects.bulk_create([Versnelling(code="x", name="X")])  # no signals either
    assert changed()
    partner.versnellingen.add(Versnelling.objects.get(code="x"))
    assert changed()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM partners_partner_versnellingen")
    assert changed()
    user = account_manager
    User.objects.filter(pk=user.pk).update(last_login=datetime.datetime.now(datetime.UTC))  # a log-in: not shown
    assert not changed()
    User.objects.filter(pk=user.pk).update(last_name="Peeters")  # an account manager's name: shown
    assert changed()
    bump()
    assert changed()


def test_a_second_view_comes_from_the_cache_without_dashboard_queries(client, manager):
    build_partnerships(2)
    client.force_login(manager)
    first = client.get(OVERVIEW).content.decode()
    with CaptureQueriesContext(connection) as queries:
        second = client.get(OVERVIEW).content.decode()
    assert second == first.replace(_csrf(first), _csrf(second))
    touched = " ".join(q["sql"] for q in queries.captured_queries)
    assert "evaluations_kpitarget" not in touched and "partners_partner" not in touched
    # The session, the user, their roles, the data version (for the years and the page), the session's
    # expiry (an UPDATE between a savepoint and its release).
    assert len(queries) <= 8


def _csrf(html: str) -> str:
    marker = 'name="csrfmiddlewaretoken" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def test_a_change_shows_at_once_even_when_written_without_signals(client, manager):
    world = build_partnerships(1)
    client.force_login(manager)
    partner_page = reverse("dashboards:partner", args=[world["partners"][0].pk])
    assert "90,0 %" in client.get(OVERVIEW).content.decode()
    assert "€ 30.000,00" in client.get(partner_page).content.decode()

    KPIResult.objects.filter(pk=first_result(world).pk).update(actual_value=Decimal("120"))
    world["partners"][0].budget_lines.get().payments.update(amount=Decimal("45000"))

    overview = client.get(OVERVIEW).content.decode()
    assert "120,0 %" in overview and "90,0 %" not in overview
    assert "€ 45.000,00" in client.get(partner_page).content.decode()


def test_each_language_and_each_filter_has_its_own_page(client, manager):
    build_partnerships(4)
    client.force_login(manager)
    dutch = client.get(OVERVIEW).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(OVERVIEW).content.decode()
    assert "Resultaten per partner" in dutch and "Results per partner" in english
    clusters = client.get(OVERVIEW + "&kind=cluster").content.decode()
    assert "P partner 002" in clusters and "P partner 001" not in clusters


@override_settings(
    CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
)
def test_an_unreachable_cache_only_costs_speed(client, manager):
    build_partnerships(1)
    client.force_login(manager)
    response = client.get(OVERVIEW)
    assert response.status_code == 200
    assert "P partner 000" in response.content.decode()
