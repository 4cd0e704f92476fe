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

The floor run (LOAD_FLOOR=1, `make load-floor`) replays the same users with the same clicks, but every
page they open is the benchmarks' floor page (`/__benchmark__/page/`: the middleware, the session, the
user and their roles, base.html), kept under the page's name; the log-in (its form, the POST, the
redirect of `/`) and the static files stay real. The page run's req/s and CPU per request against the
floor's say what the portal's own pages cost above the framework's.
"""

import itertools
import json
import os
import pathlib
import re
from http.cookiejar import Cookie, DefaultCookiePolicy
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
# FIT staff log in in two steps; run.sh gives each FIT log-in a browser it trusted at an earlier log-in
# (loadtest/fit_browsers.py): {username: {"name": ..., "value": ...}} of allauth's trust cookie.
_browsers = os.environ.get("LOAD_FIT_BROWSERS")
TRUSTED_BROWSERS = json.loads(pathlib.Path(_browsers).read_text()) if _browsers else {}
# run.sh serves the floor page (loadtest/floor_settings.py) only in the floor run.
FLOOR = os.environ.get("LOAD_FLOOR", "0") == "1"
FLOOR_PAGE = "/__benchmark__/page/"
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
            self.fetch(path, "static file (whitenoise)")

    def page(self, path: str, name: str) -> str:
        """GET a page of the portal (in the floor run, the floor page instead) under its name; see fetch."""
        return self.fetch(FLOOR_PAGE if FLOOR else path, name)

    def fetch(self, path: str, name: str) -> str:
        """GET a URL that must answer 200 by itself; returns its HTML."""
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                where = response.headers.get("Location", "") if response.headers else ""
                response.failure(f"{response.status_code} {where}".strip())
            return response.text or ""

    def trust_browser(self, trusted: dict) -> None:
        """The cookie with which the portal (allauth) skips the second step for this person's browser."""
        cookie = Cookie(
            version=0,
            name=trusted["name"],
            value=trusted["value"],
            port=None,
            port_specified=False,
            domain=urlsplit(self.host).hostname,
            domain_specified=False,
            domain_initial_dot=False,
            path="/",
            path_specified=True,
            secure=True,
            expires=None,
            discard=False,
            comment=None,
            comment_url=None,
            rest={"HttpOnly": ""},
        )
        self.client.cookiejar.set_cookie(cookie)

    def log_in(self, username: str) -> str:
        """A fresh browser logs in: the form, its POST with the CSRF token, then the page "/" leads to.

        Returns the HTML of that landing page.
        """
        self.client.cookiejar.clear()
        if username in TRUSTED_BROWSERS:
            self.trust_browser(TRUSTED_BROWSERS[username])
        html = self.fetch("/accounts/login/", "log-in form (GET)")
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
