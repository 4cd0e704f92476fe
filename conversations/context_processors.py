from django.utils.functional import SimpleLazyObject

from .services import request_unread_count


def unread(request):
    """The header's badge: the user's unread messages, for a user with a side of the portal. One query, made
    only when a template shows it (the admin's pages do not)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        return {}
    return {"conversations_unread": SimpleLazyObject(lambda: _count(request))}


def _count(request) -> int:
    user = request.user
    if not (user.is_fit_staff or getattr(user, "contact", None)):
        return 0
    return request_unread_count(request)
