"""The portal's settings, with one change: the URLconf that also serves the benchmarks' floor pages.

Only loadtest/run.sh uses it, and only for gunicorn in its floor run (`LOAD_FLOOR=1 bash loadtest/run.sh`,
`make load-floor`): DJANGO_SETTINGS_MODULE=loadtest.floor_settings. Everything else (DEBUG off, the
middleware, sessions, the database, the hashers) is portal/settings.py as in production, so the floor run
differs from the page run only in what the pages render. Production runs portal.settings, whose URLconf
(portal.urls) has no `__benchmark__/` URL.
"""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
