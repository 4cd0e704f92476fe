from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnouncementsConfig(AppConfig):
    name = "announcements"
    verbose_name = _("Announcements")

    def ready(self):
        from notifications.models import Kind
        from notifications.services import register_context_loader, register_relevance_check
        from partners.home import register_home_section

        from .home import partner_home_section
        from .services import announcement_for_message, announcement_message_is_due

        register_home_section(partner_home_section)
        register_context_loader("announcement_id", announcement_for_message)
        register_relevance_check([Kind.ANNOUNCEMENT], announcement_message_is_due)
