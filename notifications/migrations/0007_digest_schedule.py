"""The periodic task that writes the daily digests (visible and editable in the admin, like 0002's)."""

from django.db import migrations


def create(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_quarter, _ = IntervalSchedule.objects.get_or_create(every=15, period="minutes")
    PeriodicTask.objects.get_or_create(
        name="Dagelijkse overzichten schrijven (elk kwartier)",
        defaults={"task": "notifications.write_digests", "interval": every_quarter},
    )


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task="notifications.write_digests").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0006_preferences_and_daily_digest"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
