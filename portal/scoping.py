"""The one rule for what a user may see of partner-owned rows.

FIT staff (and superusers) see everything; a partner user sees only rows of their own organisation;
anyone else (anonymous, inactive, a user without a role) sees nothing. Querysets call this from
their `visible_to(user)` so that every view, export and test uses the same rule.
"""

from collections.abc import Callable

from django.db.models import QuerySet


def user_partner_id(user) -> int | None:
    """The partner organisation a (non-staff) user acts for, or None."""
    if not user.is_authenticated or not user.is_active:
        return None
    contact = getattr(user, "contact", None)
    if contact is None or not contact.is_active:
        return None
    return contact.partner_id


def partner_scope(qs: QuerySet, user, partner_path: str | Callable[[QuerySet, int], QuerySet] = "partner") -> QuerySet:
    """`qs` as `user` may see it. `partner_path` is the lookup to the owning partner, or, for rows a partner
    sees for more than ownership, a function (queryset, partner id) -> the partner's rows."""
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_fit_staff:
        return qs
    partner_id = user_partner_id(user)
    if partner_id is None:
        return qs.none()
    if callable(partner_path):
        return partner_path(qs, partner_id)
    return qs.filter(**{partner_path: partner_id})
