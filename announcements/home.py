"""The announcements' section of the partner's home (registered in apps.py, see partners/home.py): the current
announcements for the partner that this user has not read yet."""

from .models import Announcement


def partner_home_section(request) -> dict:
    user = request.user
    unread = Announcement.objects.visible_to(user).current().unread_by(user).order_by("-published_at")[:5]
    return {"unread_announcements": list(unread)}
