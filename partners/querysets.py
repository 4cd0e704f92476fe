"""Querysets named by intent; "what a user may see" is defined here once and reused everywhere."""

import datetime

from django.apps import apps
from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone

from portal.scoping import partner_scope

from .choices import MomentStatus


def _assignments():
    # The model these querysets' filters reach, looked up in the registry: partners.models imports this module.
    return apps.get_model("partners", "AccountManagerAssignment")


def current_assignments_prefetch(lookup: str = "assignments") -> Prefetch:
    """The partners' assignments running today, with their account manager, into `current_assignments`
    (read by Partner.current_assignment and Partner.is_looked_after_by). `lookup` reaches the partner's
    assignments from another model, e.g. "partner__assignments" for actions or agreements."""
    return Prefetch(
        lookup,
        queryset=_assignments().objects.current().select_related("account_manager__user"),
        to_attr="current_assignments",
    )


class PartnerQuerySet(models.QuerySet):
    def structural(self):
        return self.filter(is_structural=True)

    def associated(self):
        """Spearhead clusters and research centres that are involved without a structural agreement."""
        return self.filter(is_structural=False, associated_since__isnull=False)

    def active(self):
        return self.filter(is_active=True)

    def visible_to(self, user):
        return partner_scope(self, user, "pk")

    def looked_after_by(self, account_manager, on: datetime.date | None = None):
        current = _assignments().objects.current(on).filter(account_manager=account_manager)
        return self.filter(assignments__in=current).distinct()

    def with_current_account_manager(self):
        """Prefetch the open assignment into `current_assignments` (see Partner.current_assignment)."""
        return self.prefetch_related(current_assignments_prefetch())


class ContactQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def reporting(self):
        return self.active().filter(is_reporting_contact=True)

    def visible_to(self, user):
        return partner_scope(self, user)


class AccountManagerQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class AgreementQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date | None = None):
        day = day or timezone.localdate()
        return self.filter(start_date__lte=day, end_date__gte=day)

    def covering_year(self, year: int):
        return self.filter(start_date__year__lte=year, end_date__year__gte=year)

    def visible_to(self, user):
        return partner_scope(self, user)


class ConsultationMomentQuerySet(models.QuerySet):
    def upcoming(self):
        return self.filter(status=MomentStatus.PLANNED, ends_at__gte=timezone.now()).order_by("starts_at")

    def past(self):
        return self.filter(Q(ends_at__lt=timezone.now()) | Q(status=MomentStatus.HELD)).order_by("-starts_at")

    def in_year(self, year: int):
        return self.filter(starts_at__year=year)

    def visible_to(self, user):
        """FIT staff see every moment; a partner user the moments their organisation is invited to."""
        return partner_scope(
            self, user, lambda qs, pid: qs.filter(Q(invitations__partner_id=pid) | Q(partner_id=pid)).distinct()
        )


class InvitationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return partner_scope(self, user)

    def not_declined(self):
        return self.exclude(rsvp="no")
