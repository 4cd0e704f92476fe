"""Passkeys in a real browser: Chromium's virtual authenticator (through Playwright's CDP session) stands in
for the fingerprint reader, so the browser, allauth's JavaScript and the server's WebAuthn checks all run."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from accounts.models import AuditEvent, Role
from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _two_step_required(settings):
    settings.PORTAL = {**settings.PORTAL, "MFA_REQUIRED_FOR_STAFF": True}


def virtual_authenticator(page) -> dict:
    """A platform authenticator with resident keys and user verification, as a laptop's fingerprint reader."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    answer = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return {"cdp": cdp, "id": answer["authenticatorId"]}


def test_staff_register_a_passkey_then_log_in_with_it_without_a_password(page, live_server):
    page.set_default_timeout(15_000)
    sofie = UserFactory(username="sofie", first_name="Sofie", roles=[Role.FIT_STAFF], is_staff=True)
    authenticator = virtual_authenticator(page)
    # The live server answers on localhost: a secure context, and the passkey's relying party.
    assert live_server.url.startswith("http://localhost:")

    page.goto(f"{live_server.url}{reverse('login')}")
    page.get_by_label("Gebruikersnaam of e-mailadres").fill("sofie")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden", exact=True).click()
    # Must enrol first: sent to "Two-step log-in".
    page.get_by_role("heading", name="Aanmelden in twee stappen").wait_for()

    page.goto(f"{live_server.url}{reverse('mfa_add_webauthn')}")
    page.get_by_label("Wachtwoord").fill(PASSWORD)  # allauth asks the password again before adding a factor
    page.get_by_role("button", name="Bevestigen").click()
    page.get_by_label("Wachtwoordloos").check()
    page.get_by_role("button", name="Toevoegen").click()
    page.wait_for_url(lambda url: "/webauthn/add/" not in url)
    key = Authenticator.objects.get(user=sofie, type=Authenticator.Type.WEBAUTHN)
    assert key.wrap().is_passwordless
    credentials = authenticator["cdp"].send("WebAuthn.getCredentials", {"authenticatorId": authenticator["id"]})
    assert len(credentials["credentials"]) == 1 and credentials["credentials"][0]["isResidentCredential"]

    page.get_by_role("button", name="Afmelden").click()
    # Not "Aanmelden...": the log-in helpers of the browser tests click the one button named so.
    page.get_by_role("button", name="Passkey gebruiken").click()
    page.get_by_role("button", name="Afmelden").wait_for()
    assert page.url == f"{live_server.url}{reverse('evaluations:staff_home')}"
    assert AuditEvent.objects.filter(kind="login", user=sofie).count() == 2
