"""Rendered dashboards from the cache, as long as their data has not changed.

A dashboard is a pure function of the data, the URL (its filters, sorting and page), the language, the day
and the code that renders it; it shows nothing of the user who asks (every FIT user sees the same). So the
rendered body of a dashboard page is cached under a key made of exactly these: the data version of
dashboards/freshness.py, the full path, the language, the date in Brussels and a digest of the release's
code, templates and translations. Any write to the data makes a new version, and with it new keys; a new
release makes new keys too. Old entries are never read again and expire after CACHE_SECONDS, which also
bounds how long a page may lag the clock (an upcoming moment that has just started).

The version is read once per request, before the view reads any data (`pinned`): data read later can only
be newer than the version it is stored under, never older. The views build their data lazily (`deferred`),
so a page served from the cache runs no dashboard query. When the cache is unreachable, the page is
rendered as if there were no cache.
"""

import functools
import hashlib
import logging
import os
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from .conf import dashboard_setting
from .freshness import current_version

logger = logging.getLogger(__name__)

# What renders a dashboard: the project's Python code, templates and compiled translations.
RELEASE_SUFFIXES = (".py", ".html", ".mo")
NOT_RELEASE = {"var", "staticfiles", "media", "node_modules", "loadtest", "deploy", "__pycache__"}


@functools.cache
def release() -> str:
    """A digest of the code, templates and translations of this release (read once per process)."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    files = []
    for folder, subfolders, names in os.walk(base):
        subfolders[:] = sorted(d for d in subfolders if d not in NOT_RELEASE and not d.startswith("."))
        files += [Path(folder, name) for name in names if name.endswith(RELEASE_SUFFIXES)]
    for path in sorted(files):
        digest.update(str(path.relative_to(base)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def data_version(request) -> str | None:
    """The data version for this request, read on first use and kept for the rest of the request."""
    if not hasattr(request, "_dashboard_data_version"):
        request._dashboard_data_version = current_version()
    return request._dashboard_data_version


def pinned(view):
    """Read the data version before the view reads any data (see the module's docstring)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        data_version(request)
        return view(request, *args, **kwargs)

    return wrapper


def cache_key(request, name: str, *parts: str) -> str | None:
    """The key of `name` (and `parts`) for this request's data, language, day and release; None without a version."""
    version = data_version(request)
    if version is None:
        return None
    text = "|".join([name, version, release(), get_language() or "", timezone.localdate().isoformat(), *parts])
    return "dashboards:" + hashlib.sha256(text.encode()).hexdigest()


def get_or_build(key: str | None, build: Callable[[], object]):
    """The cached value of `key`, or `build()` stored under it; `build()` alone without a key or a cache."""
    if key is None:
        return build()
    try:
        value = cache.get(key)
    except Exception:  # an unreachable cache must not take the dashboards down
        logger.warning("Dashboard cache unreachable; rendering without it.", exc_info=True)
        return build()
    if value is None:
        value = build()
        try:
            cache.set(key, value, dashboard_setting("CACHE_SECONDS"))
        except Exception:
            logger.warning("Dashboard cache unreachable; not storing the page.", exc_info=True)
    return value


def cached(request, name: str, build: Callable[[], object], *parts: str):
    """`build()`, computed once per data version, language, day and release (e.g. the years to choose from)."""
    return get_or_build(cache_key(request, name, *parts), build)


def deferred(build: Callable[[], dict], *names: str) -> dict:
    """Context entries `names` of the dict that `build()` returns, computed only when a template first uses one.

    A page whose body comes from the cache never touches them, so it never runs `build()`.
    """
    once = functools.cache(build)
    return {name: SimpleLazyObject(functools.partial(_item, once, name)) for name in names}


def _item(build, name):
    return build()[name]
