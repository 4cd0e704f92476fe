"""Querysets named by intent; what a partner user may see of surveys is decided here, through portal.scoping."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone

from portal.scoping import partner_scope

from .choices import SurveyStatus


class SurveyQuerySet(models.QuerySet):
    def visible_to(self, user):
        """FIT staff see every survey; a partner user the surveys sent after a moment their organisation was
        invited to, from the day they open."""

        def of_partner(qs, partner_id):
            invited = Q(moment__invitations__partner_id=partner_id) | Q(moment__partner_id=partner_id)
            return (
                qs.filter(invited)
                .filter(status__in=[SurveyStatus.SENT, SurveyStatus.CLOSED], opens_on__lte=timezone.localdate())
                .distinct()
            )

        return partner_scope(self, user, of_partner)

    def open(self, today: datetime.date | None = None):
        """Sent, and today between its opening and closing dates (inclusive)."""
        today = today or timezone.localdate()
        return self.filter(status=SurveyStatus.SENT, opens_on__lte=today, closes_on__gte=today)

    def in_year(self, year: int):
        """The surveys about the moments of `year`: what they measure belongs to that year."""
        return self.filter(moment__starts_at__year=year)


class SurveyResponseQuerySet(models.QuerySet):
    def visible_to(self, user):
        return partner_scope(self, user)
