"""Project-level views: the health check for a load balancer."""

import logging

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any failure means "not healthy"
        logger.exception("Health check: the database does not answer")
        return False


def _broker_ok() -> bool:
    from portal.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
        return True
    except Exception:
        logger.warning("Health check: the broker %s does not answer", settings.CELERY_BROKER_URL.split("@")[-1])
        return False


@never_cache
@require_GET
def healthz(request):
    """200 when the database and the broker answer, else 503 naming what failed (no details, no auth)."""
    checks = {"database": _database_ok(), "broker": _broker_ok()}
    status = 200 if all(checks.values()) else 503
    return JsonResponse({name: "ok" if ok else "unavailable" for name, ok in checks.items()}, status=status)
