from django.db import migrations

from accounts.roles import apply_role_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("partners", "0001_initial"),
        ("evaluations", "0001_initial"),
        ("budgets", "0001_initial"),
    ]

    operations = [migrations.RunPython(apply_role_permissions, migrations.RunPython.noop)]
