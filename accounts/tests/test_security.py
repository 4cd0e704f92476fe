"""Log-in throttling, the audit log, throttled password resets, security headers, sessions, health."""

from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from accounts.tests.factories import PASSWORD, UserFactory
from portal.celery import app

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache(fresh_cache):
    """Each test counts password resets and failed log-ins afresh (conftest.fresh_cache)."""


def test_five_failed_log_ins_lock_the_account_out_with_a_clear_message(client):
    UserFactory(username="lies")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(reverse("login"), {"username": "lies", "password": "fout"})
        assert response.status_code == 200
        assert "horen niet bij elkaar" in response.content.decode()
    assert client.post(reverse("login"), {"username": "lies", "password": "fout"}).status_code == 429
    # Locked out: even the right password does not get in now.
    response = client.post(reverse("login"), {"username": "lies", "password": PASSWORD})
    assert response.status_code == 429
    assert "Te veel mislukte aanmeldingen" in response.content.decode()
    assert "15 minuten" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated
    assert AuditEvent.objects.filter(kind="locked_out", username="lies").exists()


def test_the_lock_out_is_per_user_name_and_address(client):
    UserFactory(username="lies")
    UserFactory(username="omar")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "lies", "password": "fout"})
    response = client.post(reverse("login"), {"username": "omar", "password": PASSWORD})
    assert response.status_code == 302  # another user from the same address still gets in


def _fail_until_locked(client, username, **extra):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": username, "password": "fout"}, **extra)


def _cool_off_passes():
    from axes.models import AccessAttempt

    AccessAttempt.objects.update(attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME - timedelta(minutes=1))


def test_a_locked_account_stays_locked_under_every_spelling_until_the_cool_off_ends(client):
    UserFactory(username="partner-sim", email="sim@sim.example")
    _fail_until_locked(client, "partner-sim")
    for spelling in ["PARTNER-SIM", "sim@sim.example", "Sim@SIM.example", " partner-sim "]:
        response = client.post(reverse("login"), {"username": spelling, "password": PASSWORD})
        assert response.status_code == 429, spelling
        assert not response.wsgi_request.user.is_authenticated
    # The right password under another spelling did not lift the lock either.
    assert client.post(reverse("login"), {"username": "partner-sim", "password": PASSWORD}).status_code == 429
    _cool_off_passes()
    response = client.post(reverse("login"), {"username": "PARTNER-SIM", "password": PASSWORD})
    assert response.status_code == 302
    assert response.wsgi_request.user.username == "partner-sim"


def test_failures_under_different_spellings_add_up_to_one_lock_out(client):
    UserFactory(username="partner-sim", email="sim@sim.example")
    for spelling in ["partner-sim", "PARTNER-SIM", "sim@sim.example", "Partner-Sim", "SIM@SIM.EXAMPLE"]:
        client.post(reverse("login"), {"username": spelling, "password": "fout"})
    assert client.post(reverse("login"), {"username": "partner-sim", "password": PASSWORD}).status_code == 429


def test_a_success_under_any_spelling_before_the_limit_resets_the_one_counter(client):
    from axes.models import AccessAttempt

    UserFactory(username="partner-sim", email="sim@sim.example")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(reverse("login"), {"username": "PARTNER-SIM", "password": "fout"})
    assert list(AccessAttempt.objects.values_list("username", "failures_since_start")) == [
        ("partner-sim", settings.AXES_FAILURE_LIMIT - 1)
    ]
    assert client.post(reverse("login"), {"username": "sim@sim.example", "password": PASSWORD}).status_code == 302
    assert not AccessAttempt.objects.exists()
    client.logout()
    # A fresh count: four more failures do not lock the account.
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(reverse("login"), {"username": "partner-sim", "password": "fout"})
    assert client.post(reverse("login"), {"username": "Partner-Sim", "password": PASSWORD}).status_code == 302


def test_an_unknown_name_is_counted_by_its_normalised_spelling(client):
    from axes.models import AccessAttempt

    for spelling in ["Niemand", "NIEMAND", " niemand", "niemand", "nieMAND"]:
        assert client.post(reverse("login"), {"username": spelling, "password": "fout"}).status_code in (200, 429)
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["niemand"]
    # Created now, the account is locked from this address until the cool-off ends.
    UserFactory(username="niemand")
    assert client.post(reverse("login"), {"username": "niemand", "password": PASSWORD}).status_code == 429


def test_log_ins_and_failures_are_in_the_audit_log(client):
    UserFactory(username="lies")
    client.post(reverse("login"), {"username": "lies", "password": "fout"}, REMOTE_ADDR="10.1.2.3")
    client.post(reverse("login"), {"username": "lies", "password": PASSWORD}, REMOTE_ADDR="10.1.2.3")
    events = list(AuditEvent.objects.order_by("at").values_list("kind", "username", "ip_address"))
    assert events == [("login_failed", "lies", "10.1.2.3"), ("login", "lies", "10.1.2.3")]


def test_password_reset_mails_at_most_three_times_per_hour_and_says_nothing_about_it(client):
    UserFactory(username="lies", email="lies@voka.example")
    for _ in range(5):
        response = client.post(reverse("password_reset"), {"email": "lies@voka.example"})
        assert response.status_code == 302
        assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 3
    assert AuditEvent.objects.filter(kind="password_reset").count() == 5


def test_strong_passwords_are_required():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("demo")
    with pytest.raises(ValidationError):
        validate_password("1234567890")
    validate_password("Brexit-en-export-2019!")


def test_pages_send_a_strict_content_security_policy(client):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy


@contextmanager
def _the_clock_at(moment):
    """Django's clock at `moment`: the session store reads it to decide whether a session has expired."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def test_the_session_cookie_ends_with_the_browser(client, partner_user):
    response = client.post(reverse("login"), {"username": "lies", "password": PASSWORD})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie.value
    assert not cookie["expires"] and not cookie["max-age"]  # no lifetime: the browser drops it when it closes


def test_an_idle_hour_sends_the_user_to_log_in_while_each_request_restarts_the_hour(client, partner_user):
    client.post(reverse("login"), {"username": "lies", "password": PASSWORD})
    home, logged_in = reverse("partners:home"), timezone.now()
    almost_idle = timedelta(seconds=settings.SESSION_COOKIE_AGE) - timedelta(minutes=10)
    assert almost_idle == timedelta(minutes=50)
    # Active for longer than the idle time, but never idle for as long.
    for moment in (logged_in + almost_idle, logged_in + 2 * almost_idle):
        with _the_clock_at(moment):
            assert client.get(home).status_code == 200
    with _the_clock_at(logged_in + 2 * almost_idle + timedelta(minutes=61)):
        response = client.get(home)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_error_pages_speak_the_users_language(client, settings):
    settings.DEBUG = False
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()
    client.cookies["django_language"] = "en"
    response = client.get("/bestaat-niet/")
    assert '<html lang="en">' in response.content.decode()


@contextmanager
def broker_unreachable():
    good = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    app._pool, app.amqp._producer_pool = None, None
    try:
        yield
    finally:
        app.conf.broker_url = good
        app._pool, app.amqp._producer_pool = None, None


def test_healthz_names_the_part_that_is_down(client):
    with broker_unreachable():
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["database"] == "ok"
    assert response.json()["broker"] == "unavailable"
    # The periodic sweep's part, with a real beat and worker: notifications/tests/test_integration.py.


def test_a_database_conflict_gives_a_clear_409_page_not_a_500(rf, partner_user):
    from django.db import IntegrityError

    from portal.middleware import IntegrityErrorMiddleware

    request = rf.post("/partner/contacts/new/")
    request.user = partner_user
    response = IntegrityErrorMiddleware(lambda r: None).process_exception(request, IntegrityError("duplicate key"))
    assert response.status_code == 409
    assert "iemand anders was u voor" in response.content.decode()


def test_an_uploaded_file_name_never_reaches_the_disk():
    from portal.uploads import RandomUploadTo

    name = RandomUploadTo("evidence")(None, "../../etc/passwd.pdf")
    assert name.startswith("evidence/") and ".." not in name and "passwd" not in name and name.endswith(".pdf")


def test_behind_one_proxy_the_client_address_cannot_be_forged(rf, settings):
    from accounts.audit import client_ip

    settings.PROXY_COUNT = 1
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9", REMOTE_ADDR="127.0.0.1")
    assert client_ip(request) == "203.0.113.9"  # what nginx saw, not what the client claimed
    settings.PROXY_COUNT = 0
    assert client_ip(request) == "127.0.0.1"


def _through_nginx(client_address: str) -> dict:
    """What gunicorn gets from nginx (docs/deploy.md): the socket is nginx's, the client is in the header."""
    return {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": client_address}


def test_behind_a_proxy_a_log_in_is_audited_with_the_clients_address(client, settings):
    settings.PROXY_COUNT = 1
    UserFactory(username="partner-sim")
    client.post(reverse("login"), {"username": "partner-sim", "password": "fout"}, **_through_nginx("203.0.113.7"))
    client.post(reverse("login"), {"username": "partner-sim", "password": PASSWORD}, **_through_nginx("203.0.113.7"))
    events = list(AuditEvent.objects.order_by("at").values_list("kind", "ip_address"))
    assert events == [("login_failed", "203.0.113.7"), ("login", "203.0.113.7")]


def test_behind_a_proxy_the_lock_out_is_per_account_and_client_address(client, settings):
    from axes.models import AccessAttempt

    settings.PROXY_COUNT = 1
    UserFactory(username="partner-sim", email="sim@sim.example")
    _fail_until_locked(client, "PARTNER-SIM", **_through_nginx("203.0.113.7"))
    assert list(AccessAttempt.objects.values_list("username", "ip_address")) == [("partner-sim", "203.0.113.7")]
    locked = client.post(
        reverse("login"), {"username": "sim@sim.example", "password": PASSWORD}, **_through_nginx("203.0.113.7")
    )
    assert locked.status_code == 429
    # An attacker elsewhere cannot lock the account out for its owner, who logs in from her own address.
    response = client.post(
        reverse("login"), {"username": "partner-sim", "password": PASSWORD}, **_through_nginx("198.51.100.9")
    )
    assert response.status_code == 302


def test_the_web_unit_behind_nginx_trusts_exactly_one_proxy():
    # gunicorn listens on loopback behind nginx: without PROXY_COUNT=1 every client would be 127.0.0.1,
    # so one attacker could lock everyone out and the audit log would record only nginx.
    unit = (settings.BASE_DIR / "deploy/systemd/partnerportaal-web.service").read_text()
    assert "Environment=GUNICORN_BIND=127.0.0.1:8000" in unit
    assert "Environment=PROXY_COUNT=1" in unit
    guide = (settings.BASE_DIR / "docs/deploy.md").read_text()
    production_env = guide.split("/etc/partnerportaal/partnerportaal.env`, `root:partnerportaal`")[1].split("```")[1]
    assert "\nPROXY_COUNT=1\n" in production_env
