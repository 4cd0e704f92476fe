"""Who may do what with consultation moments outside the admin: `can_<verb>(user)`, shared by views and templates."""


def can_plan_moments(user) -> bool:
    """FIT staff and account managers plan, publish and follow up moments (their role may change moments);
    managers see them."""
    return (
        user.is_authenticated
        and user.is_active
        and user.is_fit_staff
        and user.has_perm("partners.change_consultationmoment")
    )
