"""The web container's HEALTHCHECK (Dockerfile): gunicorn answers `/healthz` and the database answers.

Not the whole `/healthz`: a stopped beat makes it 503 ("sweep": "late"), which the monitor must report, but
restarting or unrouting the web containers for it would help nobody (docs/deploy.md, section 6).
"""

import json
import os
import sys
import urllib.error
import urllib.request

URL = os.environ.get("HEALTHCHECK_URL", "http://127.0.0.1:8000/healthz")

if not URL.startswith(("http://", "https://")):
    sys.exit(f"HEALTHCHECK_URL must be an http(s) URL, not {URL!r}")
try:
    with urllib.request.urlopen(URL, timeout=4) as response:  # noqa: S310 (http or https only, checked above)
        body = response.read()
except urllib.error.HTTPError as error:  # 503: still an answer, naming each part
    body = error.read()
except OSError:
    sys.exit(1)
sys.exit(0 if json.loads(body or b"{}").get("database") == "ok" else 1)
