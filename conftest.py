"""Shared fixtures: the test settings (one place), the personas of the portal (see STYLE.md), the data of the
migrations kept for every test, and the service guard for CI."""

import os

os.environ.setdefault("DEBUG", "1")
# Sync Playwright drives the browser from the test thread while live_server serves Django.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import importlib

import pytest
from pytest_django.plugin import blocking_manager_key

from accounts.models import Role


def _flushes_the_database(item) -> bool:
    marker = item.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction", bool(marker.args and marker.args[0]))
    return transactional or bool({"transactional_db", "live_server"} & set(item.fixturenames))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends by emptying every table, the rows the data migrations made included. Made
    again, they are there for every test, whatever ran before it on this process (pytest-xdist gives each
    process whole modules, in no set order). After the last test the test database is closed: the next run
    on it (--reuse-db) makes them again in `django_db_setup`."""
    yield
    if nextitem is not None and _flushes_the_database(item):
        with item.config.stash[blocking_manager_key].unblock():
            _make_the_data_of_the_migrations_again()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _make_the_data_of_the_migrations_again()


def _make_the_data_of_the_migrations_again() -> None:
    """The role groups and their permissions, the reminder policies and the periodic tasks."""
    from django.apps import apps

    from accounts.roles import apply_role_permissions

    apply_role_permissions(apps)
    importlib.import_module("notifications.migrations.0002_default_policies_and_schedule").create(apps, None)
    importlib.import_module("notifications.migrations.0007_digest_schedule").create(apps, None)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploads of a test land in a temporary folder, never in the developer's media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the portal's default language: a request in English leaves its thread in English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(scope="session", autouse=True)
def _test_settings(worker_id):
    """The one place for what the tests change in the settings, for the whole run, so that fixtures of every
    scope (the module-wide worlds of the permission matrix, the demo, the dashboards) and live_server's thread
    see it too."""
    from django.conf import settings
    from django.test import override_settings

    with override_settings(
        # PBKDF2's deliberate slowness protects real passwords; in tests it only slows every user.
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        # pytest-xdist's processes share the Redis database: each keeps its own keys (the reset throttle).
        CACHES={"default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{worker_id}"}},
        # FIT staff log in in two steps in production; the suite's other tests log them in with the password
        # (or force_login) only. The tests of the two-step log-in (accounts/tests/test_two_step.py) switch it on.
        PORTAL={**settings.PORTAL, "MFA_REQUIRED_FOR_STAFF": False, "MFA_REQUIRED_FOR_PARTNERS": False},
    ):
        yield


@pytest.fixture
def partner(db):
    from partners.tests.factories import PartnerFactory

    return PartnerFactory(name="Voka", slug="voka", is_structural=True)


@pytest.fixture
def other_partner(db):
    from partners.tests.factories import PartnerFactory

    return PartnerFactory(name="Agoria", slug="agoria", is_structural=True)


@pytest.fixture
def partner_user(partner):
    """Lies, a reporting contact of Voka with a log-in."""
    from partners.tests.factories import PartnerUserFactory

    return PartnerUserFactory(contact__partner=partner, username="lies", first_name="Lies")


@pytest.fixture
def other_partner_user(other_partner):
    from partners.tests.factories import PartnerUserFactory

    return PartnerUserFactory(contact__partner=other_partner, username="omar", first_name="Omar")


@pytest.fixture
def account_manager(db, partner):
    """An, FIT account manager who looks after Voka."""
    from partners.tests.factories import AccountManagerFactory, AssignmentFactory

    manager = AccountManagerFactory(user__username="an", user__first_name="An")
    AssignmentFactory(partner=partner, account_manager=manager)
    return manager.user


@pytest.fixture
def manager(db):
    """Marc, a manager at FIT who reviews the dashboards and signs off evaluations."""
    from accounts.tests.factories import UserFactory

    return UserFactory(username="marc", first_name="Marc", roles=[Role.MANAGER], is_staff=True)


@pytest.fixture
def staff(db):
    """Sofie, FIT staff who run the partnerships in the admin."""
    from accounts.tests.factories import UserFactory

    return UserFactory(username="sofie", first_name="Sofie", roles=[Role.FIT_STAFF], is_staff=True)


@pytest.fixture
def superuser(db):
    from accounts.tests.factories import UserFactory

    return UserFactory(username="root", is_staff=True, is_superuser=True)


# Real-browser tests: Playwright drives Debian's Chromium (`make test` installs it when missing).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        if os.environ.get("REQUIRE_SERVICES"):
            pytest.fail(f"{CHROMIUM} is missing: run `make browser`")
        pytest.skip(f"{CHROMIUM} is missing: run `make browser` to run the browser tests")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-BE", "timezone_id": "Europe/Brussels", "accept_downloads": True}


@pytest.fixture
def fresh_cache(settings):
    """A test that counts in the cache (throttles) starts afresh, under keys of its own. Never `cache.clear()`: on
    Redis it empties the whole database, the keys and Celery queues of the other test processes included."""
    import uuid

    settings.CACHES = {"default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}}


@pytest.fixture(autouse=True)
def _celery_in_process(request):
    """Unit tests run tasks in-process; the integration tests (marker `integration`) use a real worker."""
    from portal.celery import app

    if request.node.get_closest_marker("integration"):
        yield
        return
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def _redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker, worker_id):
    """A real Celery worker (a thread of this process) on the real Redis broker, for the whole run."""
    from celery.contrib.testing.worker import start_worker
    from django.conf import settings

    from portal.celery import app

    if not settings.REDIS_URL or not _redis_answers(settings.REDIS_URL):
        if os.environ.get("REQUIRE_SERVICES"):
            pytest.fail(f"Redis is required here (REQUIRE_SERVICES) but does not answer at {settings.REDIS_URL!r}")
        pytest.skip("no Redis at REDIS_URL: the Celery integration tests need one")
    app.conf.update(
        result_backend="cache+memory://",
        task_ignore_result=False,
        task_always_eager=False,
        task_default_queue=f"test-{worker_id}",  # one queue per pytest-xdist process, or they steal tasks
    )
    # Earlier tests may have built the app's result backend (none configured): build it again from the new conf.
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)
    app.loader.import_module("celery.contrib.testing.tasks")
    with django_db_blocker.unblock(), start_worker(app, pool="solo", shutdown_timeout=10, perform_ping_check=True) as w:
        yield w
