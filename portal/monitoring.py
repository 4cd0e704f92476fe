"""Error monitoring: sentry-sdk with its Django and Celery integrations, on when SENTRY_DSN is set (FIT's
self-hosted Sentry or GlitchTip; both take the same DSN). Nothing personal leaves the portal: no user, no
cookies, no request bodies, no local variables (they may hold a partner's figures), and the e-mail addresses
and names in messages and breadcrumbs are what `before_send` strips. Without a DSN the 500s still reach
ADMINS by mail (Django's mail_admins handler), the minimum.
"""

import re

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def _scrub(text):
    return _EMAIL.sub("[e-mail]", text) if isinstance(text, str) else text


def before_send(event, hint):
    """What an event carries of a person, removed: the user, the request's cookies, headers that identify and
    its body, and e-mail addresses anywhere in the message or the exception's value."""
    event.pop("user", None)
    request = event.get("request") or {}
    for key in ("cookies", "data", "env"):
        request.pop(key, None)
    headers = request.get("headers") or {}
    for name in list(headers):
        if name.lower() in {"cookie", "authorization", "x-forwarded-for", "x-real-ip", "referer"}:
            headers.pop(name)
    if "logentry" in event:
        event["logentry"]["message"] = _scrub(event["logentry"].get("message"))
        event["logentry"].pop("params", None)
    for exception in (event.get("exception") or {}).get("values", []):
        exception["value"] = _scrub(exception.get("value"))
    for crumb in (event.get("breadcrumbs") or {}).get("values", []):
        crumb["message"] = _scrub(crumb.get("message"))
        crumb.pop("data", None)
    return event


def init_sentry(dsn: str, *, environment: str = "production", release: str | None = None) -> None:
    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        environment=environment,
        release=release,
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        traces_sample_rate=0,
        before_send=before_send,
    )
