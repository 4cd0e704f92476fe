"""{% conversations_about obj %}: the threads tied to an object, on its detail page, with a link to start one."""

from django import template
from django.urls import reverse

from ..models import ABOUT_FIELDS, Thread

register = template.Library()


@register.inclusion_tag("conversations/includes/about.html", takes_context=True)
def conversations_about(context, obj):
    user = context["request"].user
    field = next((f for f, label in ABOUT_FIELDS.items() if obj._meta.label == label), "")
    staff = user.is_fit_staff
    threads = Thread.objects.visible_to(user).about(obj).only("pk", "subject", "last_message_at")[:20]
    start = "conversations:staff_thread_create" if staff else "conversations:thread_create"
    return {"threads": threads, "field": field, "obj": obj, "staff": staff, "start_url": reverse(start)}
