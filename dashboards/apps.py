from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _install_triggers(sender, using, **kwargs):
    from .freshness import install_triggers

    install_triggers(using)


class DashboardsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dashboards"
    verbose_name = _("Dashboards")

    def ready(self):
        # After every migrate (and flush): the data-version triggers on every watched table, see freshness.py.
        post_migrate.connect(_install_triggers, sender=self, dispatch_uid="dashboards.install_triggers")
