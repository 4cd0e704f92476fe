from django.conf import settings

from portal.working_year import data_years, open_cycle_year, working_year


def portal(request):
    """What every page's navigation needs: the user's side of the portal, the languages and the working year."""
    user = getattr(request, "user", None)
    is_staff_side = bool(user and user.is_authenticated and user.is_fit_staff)
    is_partner_side = bool(user and user.is_authenticated and not is_staff_side and getattr(user, "contact", None))
    context = {
        "is_staff_side": is_staff_side,
        "is_partner_side": is_partner_side,
        "portal_languages": settings.LANGUAGES,
    }
    if is_staff_side or is_partner_side:
        context["working_year"] = working_year(request)
        context["working_years"] = data_years(request)
        context["open_cycle_year"] = open_cycle_year(request)
    return context
