"""The periodic compaction of the data-change log (visible and editable in the admin)."""

from django.db import migrations


def create(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_five_minutes, _ = IntervalSchedule.objects.get_or_create(every=5, period="minutes")
    PeriodicTask.objects.get_or_create(
        name="Dashboards: wijzigingslog inkorten (elke 5 minuten)",
        defaults={"task": "dashboards.compact_data_changes", "interval": every_five_minutes},
    )


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task="dashboards.compact_data_changes").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("dashboards", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
