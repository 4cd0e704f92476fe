from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners and consultation")

    def ready(self):
        from notifications.services import register_attachment_maker

        from .ics import outbox_attachment

        # A moment's invitations, changes, reminders and cancellations carry it as a calendar entry.
        register_attachment_maker(outbox_attachment)
