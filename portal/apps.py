from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The project package as an app: shared template tags, templates and management commands."""

    name = "portal"
    verbose_name = _("Partner portal")


class PortalAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, with the portal's admin site as the default site (`admin.site`)."""

    default = False  # named in INSTALLED_APPS; PortalConfig stays the config of the `portal` app

    default_site = "portal.admin_tools.PortalAdminSite"
