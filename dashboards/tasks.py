"""Thin Celery tasks of the dashboards."""

from celery import shared_task

from . import freshness


@shared_task(name="dashboards.compact_data_changes")
def compact_data_changes() -> int:
    """Every few minutes: keep the log of data changes short, so that reading the version stays cheap."""
    return freshness.compact()
