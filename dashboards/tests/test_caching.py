"""Rendered dashboards come from the cache only while their data is unchanged, however the data is written."""

import datetime
import re
import threading
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from dashboards.freshness import (
    bump,
    compact,
    current_version,
    install_triggers,
    remove_triggers,
    tables_with_trigger,
    watched_tables,
)
from evaluations.models import KPIResult
from partners.models import Partner, Versnelling

from .factories import build_partnerships

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("dashboards:overview") + "?year=2019"


def first_result(world) -> KPIResult:
    return KPIResult.objects.get(
        target__agreement__partner=world["partners"][0], target__year=2019, target__kpi__code="T00"
    )


# Tables a dashboard page reads that are not its data: the session, the user and their roles, the version.
NOT_DATA = {"django_session", "auth_group", "accounts_user_groups", "dashboards_dataversion", "dashboards_datachange"}


def test_every_table_the_dashboards_read_has_the_trigger(client, manager):
    world = build_partnerships(2)
    client.force_login(manager)
    read = set()
    for url in dashboard_urls(world["partners"][0]):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        for query in queries.captured_queries:
            read |= set(re.findall(r'(?:FROM|JOIN) "(\w+)"', query["sql"]))
    assert {"evaluations_kpiresult", "partners_partner", "budgets_payment", "partners_invitation"} <= read
    watched = {table for table, _columns in watched_tables()}
    assert read - NOT_DATA <= watched
    assert not any("historical" in table for table in watched)  # written together with what they follow
    assert watched <= tables_with_trigger()


def dashboard_urls(partner) -> list[str]:
    return [
        OVERVIEW,
        reverse("dashboards:partner", args=[partner.pk]),
        reverse("dashboards:budget") + "?year=2019",
        reverse("dashboards:consultation") + "?year=2019",
        reverse("dashboards:value") + "?year=2019",
        reverse("dashboards:account_managers"),
        reverse("dashboards:annual_report", args=[2019]),
    ]


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
    User.objects.filter(pk=user.pk).update(email="an.peeters@fitagency.be")  # and address: shown
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
    # The session, the user, their roles, the data version, the session's expiry (an UPDATE between a
    # savepoint and its release).
    assert len(queries) <= 7


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
def test_an_unreachable_cache_only_costs_speed(client, manager, caplog):
    build_partnerships(1)
    client.force_login(manager)
    response = client.get(OVERVIEW)
    assert response.status_code == 200
    assert "P partner 000" in response.content.decode()
    assert "Dashboard cache unreachable" in caplog.text


def test_folding_the_change_log_keeps_the_version(partner):
    Partner.objects.filter(pk=partner.pk).update(website="https://een.be")
    Partner.objects.filter(pk=partner.pk).update(website="https://twee.be")
    before = current_version()
    assert compact() >= 1
    assert current_version() == before
    Partner.objects.filter(pk=partner.pk).update(website="https://drie.be")
    assert current_version() != before


def test_without_the_dashboards_writes_still_work(partner):
    """`migrate dashboards zero` removes the triggers (migration 0001), and the watched tables stay writable."""
    remove_triggers()
    assert tables_with_trigger() == set()
    before = current_version()
    Partner.objects.filter(pk=partner.pk).update(website="https://zonder.be")
    assert current_version() == before
    install_triggers()
    assert {table for table, _columns in watched_tables()} <= tables_with_trigger()


@pytest.mark.django_db(transaction=True)
def test_writers_never_wait_for_each_other_on_the_version():
    """One transaction wrote x1 and will write x2; another writes x2 meanwhile. With a single version row
    locked by every writer until commit, the second would wait for the first, and the first for x2: a
    deadlock. With a change log nobody waits for anybody but the row's own writer."""
    x1, x2 = (Versnelling.objects.create(code=code, name=code) for code in ("x1", "x2"))
    first_wrote, second_done = threading.Event(), threading.Event()
    errors = []

    def first():
        try:
            with transaction.atomic():
                Versnelling.objects.filter(pk=x1.pk).update(name="first 1")
                first_wrote.set()
                second_done.wait(10)
                Versnelling.objects.filter(pk=x2.pk).update(name="first 2")
        except Exception as error:  # reported below, in the test's own thread
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=first)
    thread.start()
    assert first_wrote.wait(10)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '3s'")
        Versnelling.objects.filter(pk=x2.pk).update(name="second")
    second_done.set()
    thread.join(20)
    assert not errors
    assert Versnelling.objects.get(pk=x2.pk).name == "first 2"
