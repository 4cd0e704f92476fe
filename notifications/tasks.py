"""Thin Celery tasks: they take ids (or nothing), call a service, and leave all state in the database."""

from celery import shared_task

from . import digest, services
from .models import Heartbeat


def sent_by_beat(request) -> bool:
    """Whether celery beat sent this task: django-celery-beat's scheduler adds the header
    `periodic_task_name` to every task it sends (a `kick()` after a change sends none)."""
    headers = getattr(request, "headers", None) or {}
    return bool(getattr(request, "periodic_task_name", None) or headers.get("periodic_task_name"))


@shared_task(name="notifications.sweep_outbox", bind=True)
def sweep_outbox(self) -> int:
    """Send what is due and not sent yet (every minute, and right after a change that adds a message). The
    minute's sweep from beat leaves a heartbeat, which `/healthz` watches."""
    if sent_by_beat(self.request):
        Heartbeat.objects.beat(Heartbeat.PERIODIC_SWEEP)
    return services.sweep()


@shared_task(name="notifications.deliver_message")
def deliver_message(message_id: int) -> bool:
    return services.deliver(message_id)


@shared_task(name="notifications.plan_reminders")
def plan_reminders() -> int:
    """Daily: what the domain apps plan ahead (e.g. every open KPI report's deadline chain)."""
    return services.plan_daily()


@shared_task(name="notifications.write_digests")
def write_digests() -> int:
    """Every 15 minutes: the daily digests whose hour (Brussels time) has come today."""
    return digest.write_digests()
