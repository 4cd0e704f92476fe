"""What a user may see of the announcements: defined once here (through portal.scoping.partner_scope)."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone

from library.audience import PartnerReach, audience_q
from portal.scoping import partner_scope


def _reaching(qs, partner_id: int):
    return qs.published().filter(audience_q(PartnerReach.of(partner_id)))


class AnnouncementQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False, published_at__lte=timezone.now())

    def drafts(self):
        return self.filter(published_at__isnull=True)

    def current(self, today: datetime.date | None = None):
        """Published and not expired (an announcement without an expiry date stays current)."""
        today = today or timezone.localdate()
        return self.published().filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))

    def visible_to(self, user):
        """FIT sees every announcement, drafts included; a partner user the published ones for their organisation."""
        return partner_scope(self, user, _reaching)

    def unread_by(self, user):
        return self.exclude(reads__user=user)
