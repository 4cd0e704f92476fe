from django.db import migrations

from accounts.roles import apply_role_permissions


class Migration(migrations.Migration):
    """FIT staff read and correct the surveys in the admin; account managers and managers may read them there."""

    dependencies = [("surveys", "0001_surveys"), ("accounts", "0007_audit_two_step_sso_downloads")]

    operations = [migrations.RunPython(apply_role_permissions, migrations.RunPython.noop)]
