"""The password-reset mail links to where the portal is served (SITE_URL), whatever Host the request named."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle(fresh_cache):
    """The reset throttle counts per client address in the cache: each test afresh (conftest.fresh_cache; a
    cache.clear() emptied the Redis database shared with the other test processes' Celery queues)."""


def test_the_password_reset_link_starts_with_site_url_not_with_the_requests_host(client, settings):
    settings.SITE_URL = "http://127.0.0.1:8123"
    settings.ALLOWED_HOSTS = ["testserver", "evil.example"]
    UserFactory(username="lies", email="lies@voka.example")
    client.post(reverse("password_reset"), {"email": "lies@voka.example"}, HTTP_HOST="evil.example")
    assert len(mail.outbox) == 1
    links = re.findall(r"https?://\S+", mail.outbox[0].body)
    assert len(links) == 1
    assert links[0].startswith("http://127.0.0.1:8123" + reverse("password_reset_confirm", args=["x", "y"])[:-5])
