from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Messages and reminders")

    def ready(self):
        from portal.health import register_check
        from portal.todo import register_todo_provider

        from .health import periodic_sweep
        from .todo import failed_messages_todo

        register_todo_provider(failed_messages_todo)
        register_check("sweep", periodic_sweep)
