"""View guards for the two sides of the portal."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from portal.scoping import user_partner_id


def partner_required(view):
    """Partner users only; sets `request.partner_id` to their organisation (FIT staff get 403)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_fit_staff:
            raise PermissionDenied
        partner_id = user_partner_id(request.user)
        if partner_id is None:
            raise PermissionDenied
        request.partner_id = partner_id
        return view(request, *args, **kwargs)

    return wrapper


def staff_required(view):
    """FIT staff only: account managers, managers, FIT staff and superusers (partner users get 403)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_fit_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def network_required(view):
    """The partner network's pages, which every partner reads: partner users (`request.partner_id` is their
    organisation) and FIT staff (`request.partner_id` is None); anyone else gets 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        partner_id = None
        if not request.user.is_fit_staff:
            partner_id = user_partner_id(request.user)
            if partner_id is None:
                raise PermissionDenied
        request.partner_id = partner_id
        return view(request, *args, **kwargs)

    return wrapper
