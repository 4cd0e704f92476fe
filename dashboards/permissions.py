"""Who may see the dashboards: `can_<verb>(user)`, shared by views, templates and tests."""


def can_view_dashboards(user) -> bool:
    """Anyone at FIT (staff, account managers, managers, superusers); never a partner user."""
    return bool(user.is_authenticated and user.is_fit_staff)
