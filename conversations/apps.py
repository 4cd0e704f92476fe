from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    name = "conversations"
    verbose_name = _("Conversations")

    def ready(self):
        from notifications.services import register_context_loader, register_daily_planner
        from portal.panels import register_object_panel
        from portal.todo import register_todo_provider

        from .held import delete_stale_held_files
        from .models import ABOUT_FIELDS
        from .panels import conversations_panel
        from .services import message_for_mail, thread_for_mail
        from .todo import unread_todo

        register_context_loader("thread_id", thread_for_mail)
        register_context_loader("message_id", message_for_mail)
        register_todo_provider(unread_todo)
        # The daily run also deletes the files kept for a message whose author never posted it.
        register_daily_planner(delete_stale_held_files)
        # The pages of the objects a thread can be about show its threads (portal/panels.py).
        register_object_panel(ABOUT_FIELDS.values(), conversations_panel)
