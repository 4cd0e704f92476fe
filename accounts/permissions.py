from .models import User


def can_reset_second_factor(actor: User, target: User) -> bool:
    """FIT staff reset a partner user's second factor; a FIT user's only a superuser resets."""
    if not actor.is_active or not actor.is_fit_staff or actor == target:
        return False
    if target.is_staff or target.is_superuser or target.is_fit_staff:
        return actor.is_superuser
    return True
