from .services import unread_count


def unread(request):
    """The header's badge: the user's unread messages (one query, only for a user with a side of the portal)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        return {}
    if not (user.is_fit_staff or getattr(user, "contact", None)):
        return {}
    return {"conversations_unread": unread_count(user)}
