"""Project-level views: the health check for a load balancer or a monitor, the header's working-year picker."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from portal.health import OK, run_checks
from portal.working_year import choose_working_year, working_year

logger = logging.getLogger(__name__)


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return OK if cursor.fetchone() == (1,) else "unavailable"
    except Exception:  # any failure means "not healthy"
        logger.exception("Health check: the database does not answer")
        return "unavailable"


def _broker() -> str:
    from portal.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
        return OK
    except Exception:
        logger.warning("Health check: the broker %s does not answer", settings.CELERY_BROKER_URL.split("@")[-1])
        return "unavailable"


@never_cache
@require_GET
def healthz(request):
    """200 when the database, the broker and every registered check (portal/health.py: the periodic sweep)
    answer "ok", else 503, naming what is wrong (no details, no auth)."""
    answers = run_checks({"database": _database, "broker": _broker})
    status = 200 if all(answer == OK for answer in answers.values()) else 503
    return JsonResponse(answers, status=status)


@require_POST
def set_working_year(request):
    """The header's year picker: keep the chosen working year in the session and go back where the user was."""
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = reverse("home")
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    raw = request.POST.get("year", "").strip()
    if raw.isdigit() and choose_working_year(request, int(raw)):
        messages.success(request, _("Working year: %(year)s.") % {"year": working_year(request)})
    else:
        messages.error(
            request,
            _("There is no data for the year “%(asked)s”; the working year stays %(year)s.")
            % {"asked": raw[:10], "year": working_year(request)},
        )
    return redirect(back)
