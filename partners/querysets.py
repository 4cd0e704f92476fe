"""Querysets named by intent; "what a user may see" is defined here once and reused everywhere."""

import datetime
from typing import TYPE_CHECKING

from django.apps import apps
from django.db import models
from django.db.models import Case, Count, DateTimeField, F, Max, Min, Prefetch, Q, Value, When
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.scoping import partner_scope

from .choices import MomentKind, MomentStatus, PartnerKind, Rsvp

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The groups of partners a consultation moment can invite at once, besides the kinds of partner.
STRUCTURAL_GROUP = "structural"
ASSOCIATED_GROUP = "associated"


def bilateral_interval(per_year: int) -> datetime.timedelta | None:
    """The days between two meetings when `per_year` are held a year (4: 91 days, 12: 30 days)."""
    if not per_year:
        return None
    return datetime.timedelta(days=365 // per_year)


def partner_groups() -> "list[tuple[str, StrOrPromise]]":
    """(key, label) of the groups `PartnerQuerySet.in_groups` knows: structural, associated, then every kind."""
    return [
        (STRUCTURAL_GROUP, _("all structural partners")),
        (ASSOCIATED_GROUP, _("all associated partners (spearhead clusters and research centres)")),
        *[(kind.value, kind.label) for kind in PartnerKind],
    ]


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

    def in_directory(self):
        """The partner network (its directory): every active partner."""
        return self.active()

    def in_directory_of(self, user):
        """The partner network as `user` may read it: FIT staff and every partner's users read all of it,
        anyone else (anonymous, a user without a role or a deactivated contact) nothing. What a profile shares
        of a partner is the profile page's concern: the description, versnellingen, themes, markets, website
        and the contacts who chose to be listed, nothing else."""
        return partner_scope(self.in_directory(), user, lambda qs, partner_id: qs)

    def coming_to(self, moment):
        """The organisations that said they will come to `moment` (one of their invited contacts, still active,
        answered yes), without those that prefer not to be shown in such lists."""
        coming = moment.invitations.filter(rsvp=Rsvp.YES, contact__is_active=True).values("partner_id")
        return self.in_directory().filter(pk__in=coming, show_in_attendee_lists=True)

    def looked_after_by(self, account_manager, on: datetime.date | None = None):
        current = _assignments().objects.current(on).filter(account_manager=account_manager)
        return self.filter(assignments__in=current).distinct()

    def with_current_account_manager(self):
        """Prefetch the open assignment into `current_assignments` (see Partner.current_assignment)."""
        return self.prefetch_related(current_assignments_prefetch())

    def in_groups(self, groups) -> "PartnerQuerySet":
        """The partners of any of `groups` (keys of partner_groups(): structural, associated or a kind)."""
        condition = Q(pk__in=[])
        for group in groups:
            if group == STRUCTURAL_GROUP:
                condition |= Q(is_structural=True)
            elif group == ASSOCIATED_GROUP:
                condition |= Q(is_structural=False, associated_since__isnull=False)
            else:
                condition |= Q(kind=group)
        return self.filter(condition)

    def with_bilateral_dates(self, now: datetime.datetime | None = None):
        """Annotate `last_bilateral_at` (the start of the last bilateral meeting that took place: held, or
        planned and begun) and `next_bilateral_at` (the next planned one that has not ended)."""
        now = now or timezone.now()
        return self.annotate(
            last_bilateral_at=Max(
                "bilateral_moments__starts_at",
                filter=Q(
                    bilateral_moments__kind=MomentKind.BILATERAL,
                    bilateral_moments__status__in=[MomentStatus.HELD, MomentStatus.PLANNED],
                    bilateral_moments__starts_at__lt=now,
                ),
            ),
            next_bilateral_at=Min(
                "bilateral_moments__starts_at",
                filter=Q(
                    bilateral_moments__kind=MomentKind.BILATERAL,
                    bilateral_moments__status=MomentStatus.PLANNED,
                    bilateral_moments__ends_at__gte=now,
                ),
            ),
        )

    def bilateral_due(self, by_date: datetime.date, now: datetime.datetime | None = None):
        """Active partners with an agreed rhythm of bilateral meetings whose next meeting is due on or before
        `by_date` and is not planned yet, soonest first. Each carries `bilateral_due_at`: one interval of the
        rhythm after the last meeting that took place, or now when none did (see Partner.next_bilateral_due)."""
        now = now or timezone.now()
        due = Case(
            *[When(bilaterals_per_year=n, then=F("last_bilateral_at") + bilateral_interval(n)) for n in range(1, 13)],
            output_field=DateTimeField(),
        )
        end = timezone.make_aware(datetime.datetime.combine(by_date + datetime.timedelta(days=1), datetime.time.min))
        return (
            self.active()
            .filter(bilaterals_per_year__gt=0)
            .with_bilateral_dates(now)
            .filter(next_bilateral_at__isnull=True)
            .annotate(bilateral_due_at=Coalesce(due, Value(now, output_field=DateTimeField())))
            .filter(bilateral_due_at__lt=end)
            .order_by("bilateral_due_at", Lower("name"))
        )

    def with_bilaterals_in(self, year: int, now: datetime.datetime | None = None):
        """Annotate the bilateral meetings of `year`: `bilaterals_held` (held, or planned and over) and
        `bilaterals_planned` (planned, not over yet), to hold against the agreed `bilaterals_per_year`."""
        now = now or timezone.now()
        in_year = Q(bilateral_moments__kind=MomentKind.BILATERAL, bilateral_moments__starts_at__year=year)
        return self.annotate(
            bilaterals_held=Count(
                "bilateral_moments",
                filter=in_year
                & (
                    Q(bilateral_moments__status=MomentStatus.HELD)
                    | Q(bilateral_moments__status=MomentStatus.PLANNED, bilateral_moments__ends_at__lt=now)
                ),
                distinct=True,
            ),
            bilaterals_planned=Count(
                "bilateral_moments",
                filter=in_year & Q(bilateral_moments__status=MomentStatus.PLANNED, bilateral_moments__ends_at__gte=now),
                distinct=True,
            ),
        )


class ContactQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def reporting(self):
        return self.active().filter(is_reporting_contact=True)

    def listed(self):
        """The contacts the other partners see in the partner network: active, and listed by their own choice."""
        return self.active().filter(listed_in_directory=True)

    def with_login(self):
        """The active contacts who log in (an active user): who is told of conversations, documents,
        announcements, minutes to approve and surveys."""
        return self.active().filter(user__isnull=False, user__is_active=True)

    def visible_to(self, user):
        return partner_scope(self, user)


class ForeignRepresentativeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


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

    def in_staff_calendar_of(self, user):
        """The moments in a FIT user's calendar: those they organise, and for an account manager the moments
        the partners they look after take part in (invited, or their bilateral meetings). Not cancelled ones
        that were never published."""
        condition = Q(organiser=user)
        manager = getattr(user, "account_manager", None)
        if manager is not None:
            current = _assignments().objects.current().filter(account_manager=manager)
            partner_ids = current.values("partner_id")
            condition |= Q(partner_id__in=partner_ids) | Q(invitations__partner_id__in=partner_ids)
        shown = self.filter(condition).exclude(status=MomentStatus.CANCELLED, published_at__isnull=True)
        return self.filter(pk__in=shown.values("pk"))

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

    def of_active_invitees(self):
        """Invitations of contacts and representatives who are still active."""
        return self.filter(Q(contact__is_active=True) | Q(representative__is_active=True))


class MinutesCommentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """FIT sees every comment; a partner user only their own organisation's (see MinutesComment)."""
        return partner_scope(self, user)


class MinutesApprovalQuerySet(models.QuerySet):
    def visible_to(self, user):
        return partner_scope(self, user)


class PartnerMarketQuerySet(models.QuerySet):
    def names(self) -> list[str]:
        """The distinct countries and markets, each once whatever its case (the first spelling), by name."""
        seen: dict[str, str] = {}
        for name in self.order_by(Lower("name"), "pk").values_list("name", flat=True):
            seen.setdefault(name.casefold(), name)
        return list(seen.values())


class ProfileViewQuerySet(models.QuerySet):
    def use_in(self, year: int) -> dict:
        """The partner network's use in `year`: `views` (profiles read, once per reading partner, profile and
        day), `viewers` (partners that read another's profile) and `profiles_viewed` (partners whose profile
        was read)."""
        return self.filter(day__year=year).aggregate(
            views=Count("pk"),
            viewers=Count("viewer", distinct=True),
            profiles_viewed=Count("viewed", distinct=True),
        )
