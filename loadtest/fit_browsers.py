"""The FIT log-ins' own browsers for the load test: prints {username: trust cookie} as JSON.

FIT staff must log in in two steps (settings.PORTAL["MFA_REQUIRED_FOR_STAFF"]), and the demo's FIT log-ins
have no second factor, so the portal would send them to enrol one. Here each gets an authenticator app
(a TOTP secret nobody keeps) and a browser that a past log-in with its code trusted (allauth's "trust this
browser", MFA_TRUST_ENABLED, 30 days): the cookie allauth sets then, signed with the server's SECRET_KEY.
locust (loadtest/locustfile.py) gives that cookie to every fresh browser of the log-in, so the password
is checked as for everyone and the code is not asked, as for FIT staff on their own computer. Run by
loadtest/run.sh with the server's settings: `python -m loadtest.fit_browsers staff manager ...`.
"""

import json
import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
django.setup()

from allauth.mfa import app_settings  # noqa: E402
from allauth.mfa.internal.flows.trust import IssuedTrust, create_config_fingerprint, encode_trust_cookie  # noqa: E402
from allauth.mfa.models import Authenticator  # noqa: E402
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret  # noqa: E402

from accounts.models import User  # noqa: E402

cookies = {}
for username in sys.argv[1:]:
    user = User.objects.get(username=username)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
    trust = IssuedTrust(fingerprint=create_config_fingerprint(user), at=int(time.time()))
    cookies[username] = {"name": app_settings.TRUST_COOKIE_NAME, "value": encode_trust_cookie([trust])}
print(json.dumps(cookies))
