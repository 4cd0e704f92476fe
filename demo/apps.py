from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data (the facts of the 2019 parliamentary answer) and `manage.py load_demo`: on top of the
    domain apps, which it fills; nothing imports it but its own command and the tests that use its data."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
    verbose_name = "Demo data"
