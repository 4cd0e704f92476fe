"""A new web worker readies itself before its first request (gunicorn.conf.py's post_worker_init).

Django loads lazily: the first request of a worker imports every view module (the URLconf), reads the
translation catalogues and compiles the templates it renders, about 0,7 s of CPU, which the user of that
request waits for, and under load every request queued behind it (docs/benchmarks.md, Load). gunicorn
starts workers at start-up and again after GUNICORN_MAX_REQUESTS; each does this once, before it accepts.
"""

from django.conf import settings
from django.template.loader import get_template
from django.urls import get_resolver
from django.utils import translation

# What the first pages of a visit render: the log-in and the base of every portal page.
TEMPLATES = ("account/login.html", "base.html")


def warm_up() -> None:
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018  # imports the URLconf and with it every view module
    resolver.reverse_dict  # noqa: B018  # the table {% url %} and reverse() look names up in
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Log in")  # reads the language's catalogues
            for name in TEMPLATES:
                get_template(name)
