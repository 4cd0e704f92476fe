from django.utils.functional import SimpleLazyObject

from .services import unread_count


def unread(request):
    """The header's badge: the user's unread messages, for a user with a side of the portal. One query, made
    only when a template shows it (the admin's pages do not)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        return {}
    return {"conversations_unread": SimpleLazyObject(lambda: _count(user))}


def _count(user) -> int:
    if not (user.is_fit_staff or getattr(user, "contact", None)):
        return 0
    return unread_count(user)
