"""Load test of the portal (issue 7): partner users, FIT users and log-ins against the demo data.

Run by loadtest/run.sh (gunicorn with DEBUG off on PostgreSQL, locust headless, 50 users for 60 s). Every
request must succeed: a page answers 200 itself (no redirect, so a lost session counts as a failure instead
of silently measuring the log-in page), a log-in answers 302 to the home page.

Plain http on loopback, production settings unchanged. In production the browser speaks HTTPS to nginx,
which passes `X-Forwarded-Proto: https` to gunicorn (docs/deploy.md). Here locust plays both parts:
- it sends `X-Forwarded-Proto: https` on every request, as nginx does, so Django sees a secure request
  (no HTTPS redirect, Secure cookies, HSTS, the strict Origin check of CSRF on HTTPS);
- it sends the Secure session and CSRF cookies back over the loopback http connection, as the browser
  does over its HTTPS connection. The stdlib cookie jar never returns a Secure cookie to an http URL;
  `LoopbackSecureCookies` allows exactly that, for loopback hosts only. (locust's FastHttpSession happens
  to label every request "https" for its cookie jar already; the policy states the intent and keeps the
  test honest should locust change.)
What this leaves out is the cost of TLS and of nginx itself, which run on the proxy. No setting of the
portal is relaxed for the test.
"""

import itertools
import os
import re
from http.cookiejar import DefaultCookiePolicy
from urllib.parse import urlsplit

from locust import FastHttpUser, between, task

# The demo's structural partners: each has an agreement and a KPI report for 2019 (load_demo).
PARTNER_LOGINS = [
    "partner-agoria",
    "partner-b-hive",
    "partner-belgo-chinese",
    "partner-belgo-indian",
    "partner-dsp-valley",
    "partner-essenscia",
    "partner-euka",
    "partner-fedustria",
    "partner-fevia",
    "partner-flanders-cleantech",
    "partner-flandersbio",
    "partner-startups-be",
    "partner-unizo",
    "partner-vckvk",
    "partner-vil",
    "partner-vkw-limburg",
    "partner-voka",
]
FIT_LOGINS = ["staff", "manager", "accountmanager"]
PASSWORD = "demo"  # noqa: S105 - the published password of the demo log-ins
YEAR = 2019

# run.sh turns the dashboards off when portal/urls.py does not route /dashboards/ yet.
DASHBOARDS = os.environ.get("LOAD_DASHBOARDS", "1") == "1"
WAIT = between(float(os.environ.get("LOAD_WAIT_MIN", "1")), float(os.environ.get("LOAD_WAIT_MAX", "3")))

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STATIC_ASSET = re.compile(r'(?:href|src)="(/static/[^"]+)"')
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class LoopbackSecureCookies(DefaultCookiePolicy):
    """Return Secure cookies to loopback hosts over http, as a browser does over HTTPS to the proxy."""

    def return_ok_secure(self, cookie, request) -> bool:
        if urlsplit(request.get_full_url()).hostname in LOOPBACK:
            return True
        return super().return_ok_secure(cookie, request)


class PortalUser(FastHttpUser):
    """One person with a browser: logs in once, then clicks through their side of the portal."""

    abstract = True
    wait_time = WAIT
    default_headers = {"X-Forwarded-Proto": "https", "Accept-Language": "nl-BE"}
    logins: itertools.cycle

    def on_start(self) -> None:
        self.client.cookiejar.set_policy(LoopbackSecureCookies())
        self.origin = "https://" + urlsplit(self.host).netloc
        html = self.log_in(next(self.logins))
        # A browser fetches the stylesheets and scripts once, then keeps them (hashed names, cached for ever).
        for path in sorted(set(STATIC_ASSET.findall(html))):
            self.page(path, "static file (whitenoise)")

    def page(self, path: str, name: str) -> str:
        """GET a page that must answer 200 by itself; returns its HTML."""
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                where = response.headers.get("Location", "") if response.headers else ""
                response.failure(f"{response.status_code} {where}".strip())
            return response.text or ""

    def log_in(self, username: str) -> str:
        """A fresh browser logs in: the form, its POST with the CSRF token, then the page "/" leads to.

        Returns the HTML of that landing page.
        """
        self.client.cookiejar.clear()
        html = self.page("/accounts/login/", "log-in form (GET)")
        token = CSRF_FIELD.search(html)
        with self.client.post(
            "/accounts/login/",
            data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1) if token else ""},
            # A browser sends its origin with a POST; on HTTPS Django's CSRF check compares it with the host.
            headers={"Origin": self.origin, "Referer": f"{self.origin}/accounts/login/"},
            name="log-in (POST)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302 or response.headers.get("Location") != "/":
                response.failure(f"log-in of {username} failed: {response.status_code}")
                return ""
        # As the browser does: "/" sends partner users to /partner/ and FIT users to /staff/.
        landing, name = ("/staff/", "staff home") if username in FIT_LOGINS else ("/partner/", "partner home")
        with self.client.get("/", name="/ (redirect)", allow_redirects=False, catch_response=True) as response:
            if response.status_code != 302 or response.headers.get("Location") != landing:
                response.failure(f"/ of {username}: {response.status_code}, not a redirect to {landing}")
        return self.page(landing, name)


class PartnerContact(PortalUser):
    """A contact of a structural partner: home, the KPI report of 2019, the consultation moments."""

    weight = 12
    logins = itertools.cycle(PARTNER_LOGINS)

    @task(3)
    def home(self) -> None:
        self.page("/partner/", "partner home")

    @task(2)
    def kpi_report(self) -> None:
        self.page(f"/partner/reports/{YEAR}/", "KPI report 2019")

    @task(2)
    def moments(self) -> None:
        self.page("/partner/moments/", "moment list")


class FitUser(PortalUser):
    """FIT staff, a manager or an account manager: staff home, the evaluations of 2019, the dashboards."""

    weight = 6
    logins = itertools.cycle(FIT_LOGINS)

    @task(3)
    def home(self) -> None:
        self.page("/staff/", "staff home")

    @task(2)
    def evaluations(self) -> None:
        self.page(f"/staff/evaluations/?year={YEAR}", "evaluation list 2019")

    @task(1)
    def dashboards(self) -> None:
        if not DASHBOARDS:
            return
        self.page("/dashboards/", "dashboards: index")
        self.page(f"/dashboards/evaluations/?year={YEAR}", "dashboards: evaluations 2019")

    @task(1)
    def dashboard_budget(self) -> None:
        if DASHBOARDS:
            self.page(f"/dashboards/budget/?year={YEAR}", "dashboards: budget 2019")

    @task(1)
    def annual_report(self) -> None:
        if DASHBOARDS:
            self.page(f"/dashboards/annual-report/{YEAR}/", "dashboards: annual report 2019")


class Visitor(PortalUser):
    """Someone who logs in again and again, each time with a new browser: the cost of a log-in."""

    weight = 2
    logins = itertools.cycle(PARTNER_LOGINS[::-1] + FIT_LOGINS)

    def on_start(self) -> None:
        self.client.cookiejar.set_policy(LoopbackSecureCookies())
        self.origin = "https://" + urlsplit(self.host).netloc

    @task
    def log_in_again(self) -> None:
        self.log_in(next(self.logins))
