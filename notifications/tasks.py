"""Thin Celery tasks: they take ids (or nothing), call a service, and leave all state in the database."""

from celery import shared_task

from . import digest, services


@shared_task(name="notifications.sweep_outbox")
def sweep_outbox() -> int:
    """Send what is due and not sent yet (every minute, and right after a change that adds a message)."""
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
