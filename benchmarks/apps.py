from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    """The benchmark commands and the data they build: on top of every app, imported by none."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "benchmarks"
    verbose_name = "Benchmarks"
