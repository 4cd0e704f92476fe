"""Two-step log-in (django-allauth's MFA): FIT staff must enrol, codes computed from the secret as an app
does, recovery codes, "trust this browser", and FIT's reset of a lost second factor."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from accounts.models import AuditEvent, Role
from accounts.tests.factories import PASSWORD, UserFactory
from accounts.tests.otp import totp

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _two_step_required(settings, fresh_cache):
    """Staff must log in in two steps; allauth remembers used codes in the cache, each test under keys of its own."""
    settings.PORTAL = {**settings.PORTAL, "MFA_REQUIRED_FOR_STAFF": True, "MFA_REQUIRED_FOR_PARTNERS": False}


@pytest.fixture
def sofie(db):
    """Sofie, FIT staff, with a log-in to the admin."""
    return UserFactory(username="sofie", roles=[Role.FIT_STAFF], is_staff=True)


def log_in(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def enrol_authenticator_app(client) -> str:
    """Set up an authenticator app on the page the user is sent to; returns the secret it shows."""
    page = client.get(reverse("mfa_activate_totp"))
    # allauth asks the password again before a second factor is added (so a borrowed session cannot).
    assert page["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    html = page.content.decode()
    secret = page.context["form"].secret
    assert secret in html  # shown to type into the app, next to the QR code
    response = client.post(reverse("mfa_activate_totp"), {"code": totp(secret)})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return secret


def test_fit_staff_without_a_second_factor_is_sent_to_enrol_and_reaches_nothing_else(client, sofie):
    response = log_in(client, "sofie")
    assert response.status_code == 302
    for url in [reverse("home"), reverse("evaluations:staff_home"), "/admin/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_index"), url
    page = client.get(reverse("mfa_index"))
    assert "Aanmelden in twee stappen" in page.content.decode()
    assert (
        "Stel een authenticator-app of een passkey in voor u verdergaat"
        in client.get(reverse("home"), follow=True).content.decode()
    )
    # Logging out stays possible.
    assert client.post(reverse("logout")).status_code == 302
    assert not client.get(reverse("mfa_index")).wsgi_request.user.is_authenticated


def test_once_enrolled_staff_log_in_with_a_code_from_the_app_and_a_wrong_code_is_refused(
    client, sofie, django_capture_on_commit_callbacks
):
    log_in(client, "sofie")
    with django_capture_on_commit_callbacks(execute=True):  # allauth signals the new factor after the commit
        secret = enrol_authenticator_app(client)
    assert client.get(reverse("evaluations:staff_home")).status_code == 200
    assert AuditEvent.objects.filter(kind="mfa_added", user=sofie, detail__type="totp").exists()
    client.post(reverse("logout"))

    response = log_in(client, "sofie")
    assert response["Location"] == reverse("mfa_authenticate")
    assert not client.get(reverse("evaluations:staff_home")).wsgi_request.user.is_authenticated
    wrong = f"{(int(totp(secret)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert response.status_code == 200
    assert "Ongeldige code" in response.content.decode()
    assert AuditEvent.objects.filter(kind="mfa_failed", user=sofie).exists()
    assert AuditEvent.objects.filter(kind="login", user=sofie).count() == 1  # the first log-in only, so far

    response = client.post(reverse("mfa_authenticate"), {"code": totp(secret)})
    assert response["Location"] == reverse("mfa_trust")
    response = client.post(reverse("mfa_trust"), {"action": "skip"})
    assert response.status_code == 302
    assert client.get(reverse("evaluations:staff_home")).status_code == 200


def test_a_recovery_code_logs_in_once(client, sofie):
    log_in(client, "sofie")
    enrol_authenticator_app(client)
    page = client.get(reverse("mfa_view_recovery_codes"))
    codes = re.findall(r"\b\d{8}\b", page.content.decode())
    assert len(set(codes)) == 10
    client.post(reverse("logout"))

    log_in(client, "sofie")
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert response["Location"] == reverse("mfa_trust")
    client.post(reverse("mfa_trust"), {"action": "skip"})
    assert client.get(reverse("evaluations:staff_home")).status_code == 200
    client.post(reverse("logout"))

    log_in(client, "sofie")
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert response.status_code == 200  # used up
    assert "Ongeldige code" in response.content.decode()
    response = client.post(reverse("mfa_authenticate"), {"code": codes[1]})
    assert response["Location"] == reverse("mfa_trust")


def test_a_trusted_browser_skips_the_second_step_for_30_days_and_another_browser_does_not(client, sofie, settings):
    from django.test import Client

    log_in(client, "sofie")
    secret = enrol_authenticator_app(client)
    client.post(reverse("logout"))
    log_in(client, "sofie")
    client.post(reverse("mfa_authenticate"), {"code": totp(secret)})
    page = client.get(reverse("mfa_trust"))
    assert "30 dagen" in page.content.decode()
    response = client.post(reverse("mfa_trust"), {"action": "trust"})
    cookie = response.cookies["mfa_trusted"]
    assert int(cookie["max-age"]) == 30 * 24 * 3600
    client.post(reverse("logout"))

    response = log_in(client, "sofie")  # the same browser: the password is enough
    assert response["Location"] == reverse("home")
    assert client.get(reverse("evaluations:staff_home")).status_code == 200

    other_browser = Client()
    assert log_in(other_browser, "sofie")["Location"] == reverse("mfa_authenticate")


def test_partner_users_log_in_with_the_password_unless_the_setting_asks_two_steps(client, partner_user, settings):
    log_in(client, "lies")
    assert client.get(reverse("partners:home")).status_code == 200
    client.post(reverse("logout"))
    settings.PORTAL = {**settings.PORTAL, "MFA_REQUIRED_FOR_PARTNERS": True}
    log_in(client, "lies")
    assert client.get(reverse("partners:home"))["Location"] == reverse("mfa_index")


def test_whoever_must_use_two_steps_cannot_remove_the_last_second_factor(client, sofie):
    log_in(client, "sofie")
    enrol_authenticator_app(client)
    response = client.post(reverse("mfa_deactivate_totp"), follow=True)
    assert Authenticator.objects.filter(user=sofie, type="totp").exists()
    assert response.status_code == 200


def test_fit_staff_reset_a_partner_users_second_factor_in_the_admin_and_the_audit_log_records_it(
    client, sofie, partner_user
):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(partner_user, generate_totp_secret())
    colleague = UserFactory(username="an", roles=[Role.ACCOUNT_MANAGER], is_staff=True)
    TOTP.activate(colleague, generate_totp_secret())
    TOTP.activate(sofie, secret := generate_totp_secret())
    log_in(client, "sofie")
    client.post(reverse("mfa_authenticate"), {"code": totp(secret)})
    client.post(reverse("mfa_trust"), {"action": "skip"})

    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_second_factor", ACTION_CHECKBOX_NAME: [partner_user.pk, colleague.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "werd gereset" in html
    assert "Alleen een superuser" in html and "an" in html
    assert not Authenticator.objects.filter(user=partner_user).exists()
    assert Authenticator.objects.filter(user=colleague).exists()  # a FIT user's: only a superuser
    event = AuditEvent.objects.get(kind="mfa_reset")
    assert (event.user, event.detail["target"], event.detail["removed"]) == (sofie, "lies", ["totp"])
    # Lies logs in with her password again.
    client.post(reverse("logout"))
    assert log_in(client, "lies")["Location"] == reverse("home")
