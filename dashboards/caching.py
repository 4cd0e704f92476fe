"""Rendered dashboards from the cache, as long as their data has not changed.

A dashboard is a pure function of the data, the URL (its filters, sorting and page), the language and the
day; it shows nothing of the user who asks (every FIT user sees the same). So the rendered body of a
dashboard page is cached under a key made of exactly these, with the data version of
dashboards/freshness.py in it: any write to the data makes a new version, and with it new keys. Old entries
are never read again and expire after CACHE_SECONDS, which also bounds how long a page may lag the clock
(an upcoming moment that has just started).

The views build their data lazily (`deferred`), so a page served from the cache runs no dashboard query.
When the cache is unreachable, the page is rendered as if there were no cache.
"""

import functools
import hashlib
import logging
from collections.abc import Callable

from django.core.cache import cache
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from .conf import dashboard_setting
from .freshness import current_version

logger = logging.getLogger(__name__)


def cache_key(name: str, *parts: str) -> str | None:
    """The key of `name` (and `parts`) as of the current data, language and day; None when there is no version."""
    version = current_version()
    if version is None:
        return None
    text = "|".join([name, version, get_language() or "", timezone.localdate().isoformat(), *parts])
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


def cached(name: str, build: Callable[[], object], *parts: str):
    """`build()`, computed once per data version, language and day (e.g. the years to choose from)."""
    return get_or_build(cache_key(name, *parts), build)


def deferred(build: Callable[[], dict], *names: str) -> dict:
    """Context entries `names` of the dict that `build()` returns, computed only when a template first uses one.

    A page whose body comes from the cache never touches them, so it never runs `build()`.
    """
    once = functools.cache(build)
    return {name: SimpleLazyObject(functools.partial(_item, once, name)) for name in names}


def _item(build, name):
    return build()[name]
