"""One rate per user for the whole API (settings.API["RATE"], e.g. "2000/hour"), read when a request comes in,
so a settings change applies without restarting the class (DRF reads its own setting once, at import)."""

from django.conf import settings
from rest_framework.throttling import UserRateThrottle


class ApiRateThrottle(UserRateThrottle):
    scope = "api"

    def get_rate(self):
        return settings.API["RATE"]
