from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners and consultation")

    def ready(self):
        from notifications.models import Kind
        from notifications.services import register_attachment_maker, register_context_loader, register_relevance_check
        from portal.todo import register_todo_provider

        from .ics import outbox_attachment
        from .services.minutes import minutes_approval_is_due
        from .services.moments import invitation_for_message, moment_for_message, moment_message_is_due
        from .todo import bilateral_todo, invitations_todo, minutes_approval_todo, moments_todo

        # A moment's messages name it and the invitee's invitation by id; the e-mail shows them as they are.
        register_context_loader("moment_id", moment_for_message)
        register_context_loader("invitation_id", invitation_for_message)
        # A moment's invitations, changes, reminders and cancellations carry it as a calendar entry.
        register_attachment_maker(outbox_attachment)
        register_relevance_check([Kind.REMINDER, Kind.INVITATION, Kind.CHANGE], moment_message_is_due)
        register_relevance_check([Kind.MINUTES_APPROVAL], minutes_approval_is_due)
        # The to-do lists (portal/todo.py): invitations to answer, moments and minutes to publish.
        register_todo_provider(invitations_todo)
        register_todo_provider(moments_todo)
        register_todo_provider(bilateral_todo)
        register_todo_provider(minutes_approval_todo)
