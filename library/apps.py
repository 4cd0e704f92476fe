from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = _("Document library")

    def ready(self):
        from notifications.services import register_context_loader

        from .services import document_for_message

        register_context_loader("document_id", document_for_message)
