from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    name = "conversations"
    verbose_name = _("Conversations")

    def ready(self):
        from notifications.services import register_context_loader
        from portal.todo import register_todo_provider

        from .services import message_for_mail, thread_for_mail
        from .todo import unread_todo

        register_context_loader("thread_id", thread_for_mail)
        register_context_loader("message_id", message_for_mail)
        register_todo_provider(unread_todo)
