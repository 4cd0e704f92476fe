from django.db import migrations

from accounts.roles import apply_role_permissions


class Migration(migrations.Migration):
    """Give the role groups their permissions on the evaluation cycle's new models (scores, transitions)."""

    dependencies = [
        ("accounts", "0003_roles_for_notifications"),
        ("evaluations", "0002_evaluation_cycle"),
        ("budgets", "0002_budgetline_is_draft"),
    ]

    operations = [migrations.RunPython(apply_role_permissions, migrations.RunPython.noop)]
