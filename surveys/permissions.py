"""Who may do what with surveys outside the admin."""

from partners.permissions import can_plan_moments


def can_run_surveys(user) -> bool:
    """Who plans and follows up the consultation moments (FIT staff, account managers) also creates, sends
    and closes the surveys after them; managers read the results."""
    return can_plan_moments(user)
