from django.conf import settings


def portal(request):
    """What every page's navigation needs: the user's side of the portal and the languages."""
    user = getattr(request, "user", None)
    is_staff_side = bool(user and user.is_authenticated and user.is_fit_staff)
    is_partner_side = bool(user and user.is_authenticated and not is_staff_side and getattr(user, "contact", None))
    return {
        "is_staff_side": is_staff_side,
        "is_partner_side": is_partner_side,
        "portal_languages": settings.LANGUAGES,
    }
