from django.db import migrations

from accounts.roles import apply_role_permissions


class Migration(migrations.Migration):
    """FIT staff manage the outbox, reminder rules and periodic tasks; account managers see the outbox."""

    dependencies = [
        ("accounts", "0002_groups"),
        ("notifications", "0002_default_policies_and_schedule"),
        ("partners", "0003_moment_published_at"),
    ]

    operations = [migrations.RunPython(apply_role_permissions, migrations.RunPython.noop)]
