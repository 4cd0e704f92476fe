"""No hand-built cache: the dashboards are built on every request, so the data version goes, with the
triggers that kept it on every table the dashboards read, the change log and its compaction task."""

from django.db import migrations

NAME = "dashboards_data_changed"  # the trigger function's name and the start of every trigger's name


def drop_triggers(apps, schema_editor):
    connection = schema_editor.connection
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname LIKE %s AND NOT t.tgisinternal",
                [f"{NAME}%"],
            )
            for table, name in cursor.fetchall():
                cursor.execute(f"DROP TRIGGER IF EXISTS {qn(name)} ON {qn(table)}")
            cursor.execute(f"DROP FUNCTION IF EXISTS {NAME}()")
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [f"{NAME}%"])
            for (name,) in cursor.fetchall():
                cursor.execute(f"DROP TRIGGER IF EXISTS {qn(name)}")


def remove_compaction_task(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task="dashboards.compact_data_changes").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("dashboards", "0002_compaction_schedule"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        # The triggers write to the change log: they go before it does.
        migrations.RunPython(drop_triggers, migrations.RunPython.noop),
        migrations.RunPython(remove_compaction_task, migrations.RunPython.noop),
        migrations.DeleteModel(name="DataChange"),
        migrations.DeleteModel(name="DataVersion"),
    ]
