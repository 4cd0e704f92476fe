"""Querysets of the evaluation cycle, scoped per user through portal.scoping."""

import copy
import datetime
import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.db.models.functions import Coalesce, Lower, Trim, TruncDate

from portal.scoping import partner_scope

from .choices import ActionStatus, EvaluationStatus, ImprovementStatus, ReportStatus, TargetStatus


class KPITargetQuerySet(models.QuerySet):
    def for_year(self, year: int):
        return self.filter(year=year)

    def confirmed(self):
        """Targets in force: what partners see and report on (drafts are still being prepared)."""
        return self.filter(status=TargetStatus.CONFIRMED)

    def drafts(self):
        return self.filter(status=TargetStatus.DRAFT)

    def cycle_years(self, today):
        """The years with confirmed targets that have started, newest first: the first is the open cycle.

        Not the clock's year: targets for next year are confirmed before it starts, and after the last
        agreement ends (the demo: 2017-2021, seen in 2026) the clock's year has no data at all.
        """
        return list(
            self.confirmed().filter(year__lte=today.year).order_by("-year").values_list("year", flat=True).distinct()
        )

    def visible_to(self, user):
        return partner_scope(self, user, "agreement__partner")


class KPIReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        return partner_scope(self, user, "agreement__partner")

    def awaiting_validation(self):
        return self.filter(status=ReportStatus.SUBMITTED)

    def open_for_reporting(self):
        return self.filter(status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED])

    def with_filled_count(self):
        """Each report with `filled`: how many of its KPI rows have an actual value."""
        return self.annotate(filled=models.Count("results", filter=Q(results__actual_value__isnull=False)))


class KPIResultQuerySet(models.QuerySet):
    def visible_to(self, user):
        return partner_scope(self, user, "report__agreement__partner")


class EvaluationQuerySet(models.QuerySet):
    def programme_wide(self):
        return self.filter(agreement__isnull=True)

    def visible_to(self, user):
        """FIT staff see all; a partner sees its own evaluations once shared, and shared programme-wide ones."""
        return partner_scope(
            self,
            user,
            lambda qs, pid: qs.filter(status=EvaluationStatus.SHARED).filter(
                Q(agreement__partner_id=pid) | Q(agreement__isnull=True)
            ),
        )


class ImprovementPointQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=[ImprovementStatus.OPEN, ImprovementStatus.IN_PROGRESS])

    def programme_wide(self):
        return self.filter(partner__isnull=True)

    def by_raised_on(self, *then):
        """Oldest first by when each point was raised (ImprovementPoint.raised_on), in the database."""
        brussels = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        raised_on = Coalesce(
            "evaluation__date",
            TruncDate("evaluation__moment__starts_at", tzinfo=brussels),
            TruncDate("created_at", tzinfo=brussels),
        )
        return self.order_by(raised_on, *then)

    def visible_to(self, user):
        """FIT staff see all; a partner user its own points and the programme-wide ones."""
        return partner_scope(self, user, lambda qs, pid: qs.filter(Q(partner_id=pid) | Q(partner__isnull=True)))


class ActionQuerySet(models.QuerySet):
    def accepted(self):
        return self.filter(status=ActionStatus.ACCEPTED)

    def of_fit(self):
        return self.filter(partner__isnull=True)

    def in_programme(self, year: int):
        """What the action programme of `year` holds: FIT's actions and accepted partner actions, not the
        cancelled ones (models.is_planned, the same rule for one action)."""
        return (
            self.filter(year=year)
            .filter(Q(partner__isnull=True) | Q(status=ActionStatus.ACCEPTED))
            .exclude(status=ActionStatus.CANCELLED)
        )

    def cancelled(self):
        return self.filter(status=ActionStatus.CANCELLED)

    def visible_to(self, user):
        return partner_scope(self, user)

    # Overlaps (issue 15, "versnippering tegengaan"): two actions planned too close to each other.

    def overlapping(self, action, window_days: int | None = None):
        """Another organiser's actions that overlap `action` (saved or not), in one query, each with why:
        `overlap_place` (same country, compared trimmed and case-insensitively, and dates overlapping or at
        most `window_days` apart; an empty country never matches) and/or `overlap_theme` (same versnelling and
        same type, starting in the same calendar month). Declined and cancelled actions do not count (a
        withdrawn draft is deleted)."""
        place, theme = overlap_conditions(action, window_days)
        return (
            self.exclude(status__in=NOT_OVERLAPPING)
            .alias(country_key=Lower(Trim("country")), ends_on=Coalesce("end_date", "start_date"))
            .annotate(
                overlap_place=ExpressionWrapper(place, output_field=BooleanField()),
                overlap_theme=ExpressionWrapper(theme, output_field=BooleanField()),
            )
            .filter(place | theme)
            .select_related("partner", "versnelling")
            .order_by("start_date", "title", "pk")
        )

    def overlaps_of(self, actions, window_days: int | None = None) -> dict:
        """{action pk: [overlapping actions]} for several saved `actions` at once (a staff list), in one query:
        the same rules as `overlapping` (declined and cancelled actions do not count), one pair of annotations
        per action."""
        annotations, matches_any = {}, _NEVER
        for action in actions:
            place, theme = overlap_conditions(action, window_days)
            if place is _NEVER and theme is _NEVER:
                continue
            annotations[f"place_{action.pk}"] = ExpressionWrapper(place, output_field=BooleanField())
            annotations[f"theme_{action.pk}"] = ExpressionWrapper(theme, output_field=BooleanField())
            matches_any |= place | theme
        found: dict[int, list] = {action.pk: [] for action in actions}
        if not annotations:
            return found
        rows = (
            self.exclude(status__in=NOT_OVERLAPPING)
            .alias(country_key=Lower(Trim("country")), ends_on=Coalesce("end_date", "start_date"))
            .annotate(**annotations)
            .filter(matches_any)
            .select_related("partner", "versnelling")
            .order_by("start_date", "title", "pk")
        )
        for row in rows:
            for pk in found:
                by_place, by_theme = getattr(row, f"place_{pk}", False), getattr(row, f"theme_{pk}", False)
                if by_place or by_theme:
                    other = copy.copy(row)
                    other.overlap_place, other.overlap_theme = by_place, by_theme
                    found[pk].append(other)
        return found

    def not_kept_for(self, action):
        """Without the overlaps the proposer of `action` has already kept (ActionOverlap)."""
        return self.exclude(overlapped_by__action=action) if action.pk else self


_NEVER = Q(pk__isnull=True)
# Actions that will not take place do not overlap anything.
NOT_OVERLAPPING = (ActionStatus.DECLINED, ActionStatus.CANCELLED)


def overlap_window_days() -> int:
    return settings.PORTAL["ACTION_OVERLAP_DAYS"]


def overlap_conditions(action, window_days: int | None = None) -> tuple[Q, Q]:
    """The two rules of ActionQuerySet.overlapping for `action`, as conditions on the other actions (which
    need the aliases `country_key` and `ends_on`)."""
    window = datetime.timedelta(days=overlap_window_days() if window_days is None else window_days)
    # Another organiser's actions: a partner knows its own plans (and FIT its own), the warning is about the others.
    others = ~Q(partner_id=action.partner_id) if action.partner_id else Q(partner__isnull=False)
    if action.pk:
        others &= ~Q(pk=action.pk)
    country = (action.country or "").strip().lower()
    start = action.start_date
    if country and start:
        end = action.end_date or start
        place = others & Q(country_key=country, start_date__lte=end + window, ends_on__gte=start - window)
    else:
        place = _NEVER
    if action.versnelling_id and start:
        theme = others & Q(
            versnelling_id=action.versnelling_id,
            type=action.type,
            start_date__year=start.year,
            start_date__month=start.month,
        )
    else:
        theme = _NEVER
    return place, theme
