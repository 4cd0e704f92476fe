import datetime

import pytest

from notifications.scheduling import BRUSSELS, add_working_days, days_before, kpi_steps, validation_steps

NINE = datetime.time(9, 0)
UTC = datetime.UTC


def test_reminder_is_at_nine_local_time_on_the_day_n_days_before():
    start = datetime.datetime(2019, 3, 12, 14, 0, tzinfo=BRUSSELS)
    assert days_before(start, 14, NINE) == datetime.datetime(2019, 2, 26, 9, 0, tzinfo=BRUSSELS)


def test_reminder_across_the_start_of_summer_time_keeps_local_nine_oclock():
    # Moment on Tuesday 2 April 2019 (CEST, UTC+2); 14 days before is 19 March (CET, UTC+1).
    start = datetime.datetime(2019, 4, 2, 10, 0, tzinfo=BRUSSELS)
    due = days_before(start, 14, NINE)
    assert due.astimezone(UTC) == datetime.datetime(2019, 3, 19, 8, 0, tzinfo=UTC)
    assert days_before(start, 2, NINE).astimezone(UTC) == datetime.datetime(2019, 3, 31, 7, 0, tzinfo=UTC)


def test_reminder_across_the_end_of_summer_time_keeps_local_nine_oclock():
    start = datetime.datetime(2019, 10, 28, 10, 0, tzinfo=BRUSSELS)  # Monday after the switch (27 Oct)
    assert days_before(start, 2, NINE).astimezone(UTC) == datetime.datetime(2019, 10, 26, 7, 0, tzinfo=UTC)
    assert days_before(start, 1, NINE).astimezone(UTC) == datetime.datetime(2019, 10, 27, 8, 0, tzinfo=UTC)


def test_a_moment_late_in_the_evening_utc_is_judged_by_its_brussels_day():
    start = datetime.datetime(2019, 6, 30, 22, 30, tzinfo=UTC)  # 1 July 00:30 in Brussels
    assert days_before(start, 2, NINE) == datetime.datetime(2019, 6, 29, 9, 0, tzinfo=BRUSSELS)


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        (datetime.date(2019, 3, 1), 10, datetime.date(2019, 3, 15)),  # two weekends
        (datetime.date(2019, 4, 18), 2, datetime.date(2019, 4, 23)),  # Easter Monday 22/4 skipped
        (datetime.date(2019, 7, 10), 1, datetime.date(2019, 7, 12)),  # 11 July, Flemish holiday
        (datetime.date(2019, 12, 20), 3, datetime.date(2019, 12, 26)),  # Christmas (25/12) skipped
    ],
)
def test_working_days_skip_weekends_and_belgian_holidays(start, count, expected):
    assert add_working_days(start, count) == expected


def test_the_kpi_chain_reminds_then_escalates():
    steps = kpi_steps(datetime.date(2020, 3, 31), [30, 7], NINE)
    assert [(kind, offset, due.date().isoformat()) for kind, offset, due in steps] == [
        ("kpi_reminder", "30d", "2020-03-01"),
        ("kpi_reminder", "7d", "2020-03-24"),
        ("kpi_overdue", "late", "2020-04-01"),
        ("kpi_escalation", "late+14d", "2020-04-15"),
    ]


def test_validation_reminders_count_working_days_from_submission():
    submitted = datetime.datetime(2020, 3, 2, 16, 0, tzinfo=BRUSSELS)  # Monday
    steps = validation_steps(submitted, NINE)
    assert [(kind, due.date().isoformat()) for kind, due in steps] == [
        ("validation_reminder", "2020-03-16"),
        ("validation_escalation", "2020-03-23"),
    ]
