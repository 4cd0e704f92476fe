"""Someone is told when something breaks (issue 17): a server error reaches ADMINS by mail, and with SENTRY_DSN
set it reaches Sentry (or GlitchTip) without anything personal. The Sentry side is a real HTTP server on this
machine that receives what the real sentry-sdk sends."""

import gzip
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sentry_sdk
from django.urls import path

from accounts.tests.factories import UserFactory
from portal.monitoring import before_send, init_sentry


def broken_view(request):
    raise RuntimeError(f"the budget line of {request.user.email} could not be read")


urlpatterns = [path("broken/", broken_view)]


@pytest.fixture
def broken_page(settings):
    settings.ROOT_URLCONF = __name__
    return "/broken/"


@pytest.mark.django_db
def test_a_server_error_mails_the_admins(client, broken_page, settings, mailoutbox):
    settings.ADMINS = [("Portaalbeheer", "portaalbeheer@fitagency.be")]
    client.raise_request_exception = False
    response = client.get(broken_page)
    assert response.status_code == 500
    [mail] = mailoutbox
    assert mail.to == ["portaalbeheer@fitagency.be"]
    assert "RuntimeError" in mail.body


class _Ingest(BaseHTTPRequestHandler):
    """Sentry's ingest endpoint: keeps every envelope it is sent."""

    received: list[bytes] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":  # the SDK compresses with Brotli when the package is installed (WeasyPrint's)
            import brotli

            body = brotli.decompress(body)
        self.received.append(body)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def sentry_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Ingest)
    _Ingest.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    init_sentry(f"http://publickey@127.0.0.1:{server.server_port}/1", environment="test")
    yield _Ingest.received
    sentry_sdk.init()  # no DSN: the SDK sends nothing from here on
    server.shutdown()


def events(envelopes: list[bytes]) -> list[dict]:
    found = []
    for envelope in envelopes:
        lines = envelope.split(b"\n")
        for header, payload in zip(lines[1::2], lines[2::2], strict=False):
            if json.loads(header).get("type") == "event":
                found.append(json.loads(payload))
    return found


@pytest.mark.django_db
def test_a_server_error_reaches_sentry_without_anything_personal(client, broken_page, sentry_server):
    user = UserFactory(username="lies", email="lies.peeters@voka.be", first_name="Lies")
    client.force_login(user)
    client.raise_request_exception = False
    response = client.get(broken_page, HTTP_REFERER="https://partners.fitagency.be/partner/", REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 500
    sentry_sdk.flush(timeout=5)

    [event] = events(sentry_server)
    [exception] = event["exception"]["values"]
    assert exception["type"] == "RuntimeError"
    assert exception["value"] == "the budget line of [e-mail] could not be read"
    sent = json.dumps(event)
    for personal in (
        "lies.peeters@voka.be",
        "lies",
        "10.1.2.3",
        "sessionid",
        "csrftoken",
        client.cookies["sessionid"].value,
    ):
        assert personal not in sent, personal


def test_what_a_request_carries_of_a_person_is_removed_before_sending():
    """The request part as sentry-sdk's Django integration writes it behind gunicorn (the test client's requests
    do not pass through it)."""
    event = {
        "request": {
            "url": "https://partners.fitagency.be/partner/reports/2021/",
            "method": "POST",
            "cookies": {"sessionid": "abc"},
            "data": {"kpi_3": "17"},
            "env": {"REMOTE_ADDR": "10.1.2.3"},
            "headers": {"Cookie": "sessionid=abc", "X-Forwarded-For": "10.1.2.3", "User-Agent": "Firefox"},
        },
        "user": {"id": 7, "email": "lies.peeters@voka.be"},
        "logentry": {"message": "Mail to %s failed for lies.peeters@voka.be", "params": ["jan@unizo.be"]},
        "breadcrumbs": {"values": [{"message": "sent to jan@unizo.be", "data": {"to": "jan@unizo.be"}}]},
    }
    sent = json.dumps(before_send(event, {}))
    for personal in ("lies.peeters@voka.be", "jan@unizo.be", "10.1.2.3", "sessionid", "kpi_3", '"id": 7'):
        assert personal not in sent, personal
    assert event["request"]["url"] == "https://partners.fitagency.be/partner/reports/2021/"
    assert event["request"]["headers"] == {"User-Agent": "Firefox"}
