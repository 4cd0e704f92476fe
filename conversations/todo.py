"""The to-do item of the conversations: unread messages, linking to the list filtered on unread."""

from django.urls import reverse
from django.utils.translation import ngettext

from portal.todo import PRIORITY_REPLY, TodoItem

from .services import request_unread_count


def unread_todo(request):
    user = request.user
    if not (user.is_fit_staff or getattr(user, "contact", None)):
        return []
    count = request_unread_count(request)
    if not count:
        return []
    url = reverse("conversations:staff_thread_list" if user.is_fit_staff else "conversations:thread_list")
    title = ngettext("%(count)s unread message", "%(count)s unread messages", count) % {"count": count}
    return [TodoItem(title=title, url=f"{url}?unread=1", count=count, priority=PRIORITY_REPLY)]
