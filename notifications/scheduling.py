"""When things are due: pure functions on dates and times in Europe/Brussels (DST-safe)."""

import datetime
import zoneinfo

from django.conf import settings

from portal.holidays import holidays

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")


def local_at(day: datetime.date, at: datetime.time) -> datetime.datetime:
    """`at` o'clock Brussels time on `day`, as an aware datetime (UTC offset +1 or +2 as that day has)."""
    return datetime.datetime.combine(day, at, tzinfo=BRUSSELS)


def local_date(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(BRUSSELS).date()


def days_before(start: datetime.datetime, days: int, at: datetime.time) -> datetime.datetime:
    """`at` o'clock on the calendar day `days` before the local day of `start`."""
    return local_at(local_date(start) - datetime.timedelta(days=days), at)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in holidays(day.year)


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    """The working day `count` working days after `day` (weekends and Belgian holidays skipped)."""
    while count > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def kpi_steps(
    deadline: datetime.date, offsets: list[int], at: datetime.time
) -> list[tuple[str, str, datetime.datetime]]:
    """(kind, offset key, due) of a report's deadline chain: reminders, overdue notice, escalation."""
    steps = [("kpi_reminder", f"{days}d", local_at(deadline - datetime.timedelta(days=days), at)) for days in offsets]
    overdue = deadline + datetime.timedelta(days=1)
    steps.append(("kpi_overdue", "late", local_at(overdue, at)))
    escalation = overdue + datetime.timedelta(days=settings.PORTAL["KPI_ESCALATION_DAYS"])
    steps.append(("kpi_escalation", "late+14d", local_at(escalation, at)))
    return steps


def validation_steps(submitted_at: datetime.datetime, at: datetime.time) -> list[tuple[str, datetime.datetime]]:
    """(kind, due) of the reminders for a submitted report that waits for validation."""
    submitted = local_date(submitted_at)
    return [
        (
            "validation_reminder",
            local_at(add_working_days(submitted, settings.PORTAL["VALIDATION_REMINDER_WORKING_DAYS"]), at),
        ),
        (
            "validation_escalation",
            local_at(add_working_days(submitted, settings.PORTAL["VALIDATION_ESCALATION_WORKING_DAYS"]), at),
        ),
    ]
