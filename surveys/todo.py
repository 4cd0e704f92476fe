"""The surveys' items on the to-do lists (registered in apps.py, see portal/todo.py)."""

from django.db.models import Count, Min
from django.urls import reverse
from django.utils.translation import ngettext

from portal.scoping import user_partner_id
from portal.todo import PRIORITY_REPLY, TodoItem

from .models import Survey


def surveys_todo(request) -> list[TodoItem]:
    """A partner user: the open surveys their organisation has not answered yet. One query."""
    user = request.user
    if user.is_fit_staff:
        return []
    partner_id = user_partner_id(user)
    if partner_id is None:
        return []
    # Through pk__in: visible_to is distinct, which an aggregate over it would not like.
    visible = Survey.objects.visible_to(user).open().exclude(responses__partner_id=partner_id).values("pk")
    found = Survey.objects.filter(pk__in=visible).aggregate(n=Count("pk"), first=Min("pk"), due=Min("closes_on"))
    count = found["n"]
    if not count:
        return []
    return [
        TodoItem(
            title=ngettext("A survey to answer", "%(count)s surveys to answer", count) % {"count": count},
            url=reverse("surveys:survey_answer", args=[found["first"]])
            if count == 1
            else reverse("surveys:survey_list"),
            count=count,
            due=found["due"],
            priority=PRIORITY_REPLY,
        )
    ]
