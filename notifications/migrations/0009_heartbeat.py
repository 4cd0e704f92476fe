from django.db import migrations, models

from accounts.roles import apply_role_permissions


class Migration(migrations.Migration):
    """When the periodic jobs last ran (what /healthz watches); FIT staff may look at it in the admin."""

    dependencies = [("notifications", "0008_action_overlap_kind"), ("accounts", "0006_roles_for_audit_log")]

    operations = [
        migrations.CreateModel(
            name="Heartbeat",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=100, unique=True, verbose_name="name")),
                ("at", models.DateTimeField(verbose_name="last run")),
            ],
            options={"verbose_name": "heartbeat", "verbose_name_plural": "heartbeats"},
        ),
        migrations.RunPython(apply_role_permissions, migrations.RunPython.noop),
    ]
