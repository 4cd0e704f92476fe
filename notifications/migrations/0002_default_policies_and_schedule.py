"""The default reminder offsets and the periodic tasks (visible and editable in the admin)."""

from django.db import migrations

DEFAULT_POLICIES = {
    "partner_day": "14,2",
    "formal": "14,2",
    "bilateral": "2",
    "other": "2",
    "kpi_deadline": "30,7",
}


def create(apps, schema_editor):
    ReminderPolicy = apps.get_model("notifications", "ReminderPolicy")
    for target, days in DEFAULT_POLICIES.items():
        ReminderPolicy.objects.get_or_create(target=target, defaults={"days_before": days})

    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.get_or_create(
        name="Outbox: verstuur wat klaarstaat (elke minuut)",
        defaults={"task": "notifications.sweep_outbox", "interval": every_minute},
    )
    daily, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="6", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Europe/Brussels"
    )
    PeriodicTask.objects.get_or_create(
        name="KPI-deadlines plannen (dagelijks 06:00)",
        defaults={"task": "notifications.plan_reminders", "crontab": daily},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
