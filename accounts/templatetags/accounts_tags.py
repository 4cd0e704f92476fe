from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def trust_days() -> int:
    """How long "trust this browser" lasts, in days (MFA_TRUST_COOKIE_AGE)."""
    return settings.MFA_TRUST_COOKIE_AGE.days
