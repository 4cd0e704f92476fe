"""Single sign-on for FIT staff against a real OpenID Connect provider in another process: panva's
oidc-provider under Node (accounts/tests/oidc/, installed by `make test` with npm ci). The portal fetches
its discovery document and keys, exchanges the code and checks the ID token over real HTTP."""

import os
import shutil
import socket
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from accounts.models import AuditEvent, Role, User
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OIDC_DIR = Path(__file__).parent / "oidc"
CLIENT_ID, CLIENT_SECRET = "partnerportaal", "test-client-secret"
CALLBACK = "http://testserver/accounts/oidc/fit/login/callback/"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def identity_provider():
    """The provider's issuer URL, for as long as the module's tests run."""
    node = shutil.which("node")
    if node is None or not (OIDC_DIR / "node_modules" / "oidc-provider").exists():
        message = "the test OIDC provider is not installed: run `make test` or `npm ci` in accounts/tests/oidc"
        pytest.fail(message) if os.environ.get("REQUIRE_SERVICES") else pytest.skip(message)
    port = _free_port()
    process = subprocess.Popen(
        [node, "server.mjs", str(port), CLIENT_ID, CLIENT_SECRET, CALLBACK],
        cwd=OIDC_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = process.stdout.readline()
        assert line.startswith("ready "), f"the OIDC provider did not start: {line!r}"
        yield line.split()[1]
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(autouse=True)
def _sso_configured(settings, identity_provider):
    settings.OIDC_SERVER_URL = identity_provider
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": "fit",
                    "name": "FIT (test)",
                    "client_id": CLIENT_ID,
                    "secret": CLIENT_SECRET,
                    "settings": {
                        "server_url": identity_provider,
                        "token_auth_method": "client_secret_basic",
                        "oauth_pkce_enabled": True,
                        "scope": ["openid", "email", "profile"],
                    },
                }
            ],
        }
    }
    settings.PORTAL = {**settings.PORTAL, "MFA_REQUIRED_FOR_STAFF": True}


def sign_in_at_the_provider(client, email: str) -> str:
    """Press "With your FIT account", sign in at the provider as `email`; returns the callback URL the
    provider sends the browser back to (not yet followed)."""
    response = client.post(reverse("openid_connect_login", kwargs={"provider_id": "fit"}))
    assert response.status_code == 302
    authorize = response["Location"]
    assert parse_qs(urlsplit(authorize).query)["code_challenge_method"] == ["S256"]
    browser = requests.Session()
    response = browser.get(authorize, allow_redirects=False)
    interaction = requests.compat.urljoin(authorize, response.headers["Location"])
    assert "E-mail" in browser.get(interaction).text
    response = browser.post(interaction, data={"email": email}, allow_redirects=False)
    for _ in range(5):  # the provider resumes the authorisation, then sends the browser back
        location = requests.compat.urljoin(authorize, response.headers["Location"])
        if location.startswith(CALLBACK):
            return location
        response = browser.get(location, allow_redirects=False)
    raise AssertionError(f"the provider never sent the browser back: {response.status_code} {response.text[:200]}")


def test_the_log_in_page_offers_the_fit_account_when_configured(client, settings):
    assert "Met uw FIT-account" in client.get(reverse("login")).content.decode()
    settings.OIDC_SERVER_URL = ""
    assert "Met uw FIT-account" not in client.get(reverse("login")).content.decode()


def test_fit_staff_log_in_through_the_provider_as_their_existing_account_and_log_out(client):
    an = UserFactory(username="an", email="An.Peeters@fitagency.be", roles=[Role.ACCOUNT_MANAGER], is_staff=True)
    callback = sign_in_at_the_provider(client, "an.peeters@fitagency.be")
    response = client.get(callback)
    assert response.status_code == 302
    assert response.wsgi_request.user == an
    # The identity provider's own two-step log-in counts: no enrolment asked here, the staff side opens.
    assert client.get(reverse("evaluations:staff_home")).status_code == 200
    assert SocialAccount.objects.get(user=an).provider == "fit"
    assert User.objects.count() == 1
    assert AuditEvent.objects.filter(kind="login", user=an).exists()

    client.post(reverse("logout"))
    response = client.get(reverse("evaluations:staff_home"))
    assert response["Location"].startswith(reverse("login"))
    assert AuditEvent.objects.filter(kind="logout", user=an).exists()
    # A second time, the account is found by its link to the provider.
    client.get(sign_in_at_the_provider(client, "an.peeters@fitagency.be"))
    assert client.get(reverse("evaluations:staff_home")).status_code == 200


def test_a_tampered_state_is_refused(client):
    UserFactory(username="an", email="an@fitagency.be", roles=[Role.ACCOUNT_MANAGER], is_staff=True)
    callback = sign_in_at_the_provider(client, "an@fitagency.be")
    parts = urlsplit(callback)
    query = parse_qs(parts.query)
    forged = f"{parts.path}?code={query['code'][0]}&state=forged{query['state'][0][6:]}"
    response = client.get(forged)
    assert response.status_code == 401
    assert not response.wsgi_request.user.is_authenticated
    assert "Eenmalige aanmelding mislukt" in response.content.decode()
    assert not client.get(reverse("evaluations:staff_home")).wsgi_request.user.is_authenticated


def test_an_unknown_address_is_refused_and_no_account_is_made(client):
    response = client.get(sign_in_at_the_provider(client, "nieuw@fitagency.be"), follow=True)
    assert not response.wsgi_request.user.is_authenticated
    assert "Geen FIT-account in het portaal heeft het adres nieuw@fitagency.be" in response.content.decode()
    assert not User.objects.exists()
    assert AuditEvent.objects.filter(kind="sso_refused", username="nieuw@fitagency.be").exists()


def test_a_partner_users_address_is_refused(client, partner_user):
    response = client.get(sign_in_at_the_provider(client, partner_user.email), follow=True)
    assert not response.wsgi_request.user.is_authenticated
    assert "Eenmalige aanmelding is voor FIT-medewerkers" in response.content.decode()
    assert not SocialAccount.objects.exists()
