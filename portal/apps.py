from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The project package as an app: shared template tags, templates and management commands."""

    name = "portal"
    verbose_name = _("Partner portal")
