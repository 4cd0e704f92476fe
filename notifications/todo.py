"""The outbox's item on FIT staff's to-do list (registered in apps.py, see portal/todo.py)."""

from django.urls import reverse
from django.utils.translation import ngettext

from accounts.models import Role
from portal.todo import PRIORITY_OPERATIONS, TodoItem

from .models import OutboxMessage, Status


def runs_the_portal(user) -> bool:
    """FIT staff and superusers: the people who keep the portal's housekeeping in order."""
    return user.is_active and (user.is_superuser or user.has_role(Role.FIT_STAFF))


def failed_messages_todo(request) -> list[TodoItem]:
    """Messages that gave up after their retries: one line, to the admin's outbox filtered on failed."""
    if not runs_the_portal(request.user):
        return []
    failed = OutboxMessage.objects.filter(status=Status.FAILED).count()
    if not failed:
        return []
    return [
        TodoItem(
            title=ngettext("A message could not be sent", "%(count)s messages could not be sent", failed)
            % {"count": failed},
            url=reverse("admin:notifications_outboxmessage_changelist") + f"?status__exact={Status.FAILED}",
            count=failed,
            priority=PRIORITY_OPERATIONS,
        )
    ]
