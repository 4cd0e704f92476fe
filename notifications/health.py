"""The outbox's part of `/healthz` (registered in apps.py): the periodic sweep ran lately.

When beat or every worker has stopped, nothing is sent and nothing fails: the messages wait in the outbox.
The sweep that beat sends every minute leaves a heartbeat (tasks.sweep_outbox); when the last one is older
than OUTBOX["SWEEP_LATE_AFTER_SECONDS"] (3 minutes: two missed sweeps and a margin), the health check says
"late" and answers 503, so the monitor tells someone.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from portal.health import OK

from .models import Heartbeat


def periodic_sweep() -> str:
    last = Heartbeat.objects.last(Heartbeat.PERIODIC_SWEEP)
    if last is None:
        return "not run yet"
    late_after = datetime.timedelta(seconds=settings.OUTBOX["SWEEP_LATE_AFTER_SECONDS"])
    return OK if timezone.now() - last <= late_after else "late"
