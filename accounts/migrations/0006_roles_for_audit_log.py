from django.db import migrations

from accounts.roles import apply_role_permissions


class Migration(migrations.Migration):
    """FIT staff and managers may read the audit log."""

    dependencies = [("accounts", "0005_audit_log")]

    operations = [migrations.RunPython(apply_role_permissions, migrations.RunPython.noop)]
