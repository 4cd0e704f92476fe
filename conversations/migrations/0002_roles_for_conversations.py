from django.db import migrations

from accounts.roles import apply_role_permissions


class Migration(migrations.Migration):
    """FIT staff manage the conversations in the admin; account managers and managers may read them there."""

    dependencies = [("conversations", "0001_threads_messages_attachments"), ("accounts", "0006_roles_for_audit_log")]

    operations = [migrations.RunPython(apply_role_permissions, migrations.RunPython.noop)]
