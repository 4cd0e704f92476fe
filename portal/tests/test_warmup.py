"""A new gunicorn worker readies Django before its first request (gunicorn.conf.py, portal.warmup)."""

import runpy
import types
from pathlib import Path

from django.conf import settings


def test_a_new_worker_loads_the_urlconf_and_the_first_pages_templates_without_error():
    logged = []
    worker = types.SimpleNamespace(log=types.SimpleNamespace(exception=logged.append))
    config = runpy.run_path(str(Path(settings.BASE_DIR) / "gunicorn.conf.py"))
    config["post_worker_init"](worker)
    assert logged == []  # every template it names exists, the URLconf imports


def test_a_failing_warm_up_is_logged_and_the_worker_still_serves(monkeypatch):
    import portal.warmup

    logged = []
    worker = types.SimpleNamespace(log=types.SimpleNamespace(exception=logged.append))
    monkeypatch.setattr(portal.warmup, "TEMPLATES", ("no/such/template.html",))
    config = runpy.run_path(str(Path(settings.BASE_DIR) / "gunicorn.conf.py"))
    config["post_worker_init"](worker)
    assert logged == ["The worker's warm-up failed"]
