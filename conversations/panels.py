"""The conversations tied to an object, on its page (registered with portal/panels.py in apps.py): the threads
about a KPI report, an evaluation, an improvement point, an action or a moment, and a link to start one."""

from django.template.loader import render_to_string
from django.urls import reverse

from .models import ABOUT_FIELDS, Thread


def conversations_panel(request, obj) -> str:
    user = request.user
    field = next((f for f, label in ABOUT_FIELDS.items() if obj._meta.label == label), "")
    staff = user.is_fit_staff
    threads = Thread.objects.visible_to(user).about(obj).only("pk", "subject", "last_message_at")[:20]
    start = "conversations:staff_thread_create" if staff else "conversations:thread_create"
    context = {"threads": threads, "field": field, "obj": obj, "staff": staff, "start_url": reverse(start)}
    return render_to_string("conversations/includes/about.html", context, request=request)
