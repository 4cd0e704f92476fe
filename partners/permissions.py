"""Who may do what with consultation moments and a partner's regular consultation outside the admin:
`can_<verb>(user, ...)`, shared by views and templates."""


def can_plan_moments(user) -> bool:
    """FIT staff and account managers plan, publish and follow up moments (their role may change moments);
    managers see them."""
    return (
        user.is_authenticated
        and user.is_active
        and user.is_fit_staff
        and user.has_perm("partners.change_consultationmoment")
    )


def can_set_rhythm(user, partner) -> bool:
    """The rhythm of bilateral meetings is agreed between a partner and its account manager: the partner's
    current account manager sets it, and FIT staff who may change partners."""
    if not (user.is_authenticated and user.is_active and user.is_fit_staff):
        return False
    if user.has_perm("partners.change_partner"):
        return True
    from .models import Partner

    account_manager = getattr(user, "account_manager", None)
    if account_manager is None:
        return False
    return Partner.objects.looked_after_by(account_manager).filter(pk=partner.pk).exists()
