"""Querysets of the evaluation cycle, scoped per user through portal.scoping."""

import copy
import datetime
import zoneinfo

from django.conf import settings
from django.db import connections, models
from django.db.models import BooleanField, Exists, ExpressionWrapper, Q
from django.db.models.functions import Coalesce, Lower, Trim, TruncDate

from portal.scoping import partner_scope

from .choices import (
    APPROVED_EVALUATION_STATUSES,
    ActionStatus,
    CoOrganiserOrigin,
    CoOrganiserStatus,
    EvaluationStatus,
    ImprovementStatus,
    OverlapOutcome,
    ReportStatus,
    TargetStatus,
)


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
        return self.years(status=TargetStatus.CONFIRMED, until=today.year)

    def years(self, *, status: str | None = None, until: int | None = None) -> list[int]:
        """The years of these targets (of `status`, up to `until`), newest first.

        Asked on every page (the working year, portal/working_year.py). A DISTINCT reads every target's
        year (200.000 at 1.000 partners, 40 ms); for all targets on PostgreSQL the index kpi_target_year_status
        is skipped through instead, one probe per year (a recursive query: the newest year, then the newest
        before it, ...). A scoped queryset (a partner's targets) is small and asked the plain way.
        """
        queryset = self
        if status is not None:
            queryset = queryset.filter(status=status)
        if until is not None:
            queryset = queryset.filter(year__lte=until)
        if self.query.where or connections[self.db].vendor != "postgresql":
            return list(queryset.order_by("-year").values_list("year", flat=True).distinct())
        table = connections[self.db].ops.quote_name(self.model._meta.db_table)
        condition, params = "TRUE", []
        if status is not None:
            condition, params = "t.status = %s", [status]
        first = "" if until is None else "AND t.year <= %s"
        # The table's name comes from the model; the values are parameters.
        sql = f"""
            WITH RECURSIVE found(year) AS (
                SELECT (SELECT max(t.year) FROM {table} t WHERE {condition} {first})
                UNION ALL
                SELECT (SELECT max(t.year) FROM {table} t WHERE {condition} AND t.year < found.year)
                FROM found WHERE found.year IS NOT NULL
            )
            SELECT year FROM found WHERE year IS NOT NULL
        """  # noqa: S608
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, [*params, *([until] if until is not None else []), *params])
            return [row[0] for row in cursor.fetchall()]

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

    def approved(self):
        """Signed off by a manager (shared with the partner or not): what counts as a result."""
        return self.filter(status__in=APPROVED_EVALUATION_STATUSES)

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
        """FIT staff see all; a partner user its own actions and those it co-organises (accepted: issue 15)."""
        return partner_scope(self, user, lambda _qs, pid: self.organised_by(pid))

    # Joint actions (issue 15): an action run by its organiser with accepted co-organisers.

    def joint(self):
        """Actions with at least one accepted co-organiser."""
        return self.filter(
            pk__in=models.Subquery(
                _co_organisers().objects.filter(status=CoOrganiserStatus.ACCEPTED).values("action_id")
            )
        )

    def organised_by(self, partner):
        """The actions `partner` (a Partner or its id; None: FIT) runs: its own and those it co-organises (accepted)."""
        partner_id = getattr(partner, "pk", partner)
        accepted = _co_organisers().objects.filter(status=CoOrganiserStatus.ACCEPTED)
        if partner_id is None:
            return self.filter(
                Q(partner__isnull=True) | Q(pk__in=accepted.filter(partner__isnull=True).values("action_id"))
            )
        return self.filter(
            Q(partner_id=partner_id) | Q(pk__in=accepted.filter(partner_id=partner_id).values("action_id"))
        )

    def with_organisers(self):
        """Prefetch what Action.organiser_names needs: the organiser and the co-organisers with their partners."""
        return self.select_related("partner").prefetch_related(
            models.Prefetch("co_organisers", queryset=_co_organisers().objects.select_related("partner"))
        )

    # Overlaps (issue 15, "versnippering tegengaan"): two actions planned too close to each other.

    def overlapping(self, action, window_days: int | None = None):
        """Another organiser's actions that overlap `action` (saved or not), in one query, each with why:
        `overlap_place` (same country, compared trimmed and case-insensitively, and dates overlapping or at
        most `window_days` apart; an empty country never matches) and/or `overlap_theme` (same versnelling and
        same type, starting in the same calendar month). Declined and cancelled actions do not count (a
        withdrawn draft is deleted), nor do the actions `action`'s organiser already co-organises."""
        place, theme = overlap_conditions(action, overlap_window_days() if window_days is None else window_days)
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
        window_days = overlap_window_days() if window_days is None else window_days  # read once for the list
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
        """Without the overlaps of `action` that were dealt with (ActionOverlap: kept, merged, withdrawn, or
        waiting for the answer to an invitation or join request that would merge them), whichever of the two
        actions the overlap was recorded for."""
        if not action.pk:
            return self
        done = (
            _overlaps()
            .objects.involving(action)
            .filter(~Q(outcome=OverlapOutcome.OPEN) | Q(co_organiser__status=CoOrganiserStatus.PENDING))
        )
        # NOT IN with a NULL in the list matches nothing: leave out the ends that were withdrawn.
        return self.exclude(pk__in=done.filter(other__isnull=False).values("other_id")).exclude(
            pk__in=done.filter(action__isnull=False).values("action_id")
        )


def _overlaps():
    from .models import ActionOverlap

    return ActionOverlap


def _co_organisers():
    from .models import CoOrganiser  # the model module imports this one

    return CoOrganiser


class CoOrganiserQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=CoOrganiserStatus.PENDING)

    def accepted(self):
        return self.filter(status=CoOrganiserStatus.ACCEPTED)

    def to_answer_by(self, partner):
        """Pending invitations and join requests that wait for `partner` (a Partner or its id; None: FIT): the
        invitations to it, and the requests to join its actions."""
        partner_id = getattr(partner, "pk", partner)
        invited = Q(origin=CoOrganiserOrigin.INVITED) & (
            Q(partner__isnull=True) if partner_id is None else Q(partner_id=partner_id)
        )
        requested = Q(origin=CoOrganiserOrigin.REQUESTED) & (
            Q(action__partner__isnull=True) if partner_id is None else Q(action__partner_id=partner_id)
        )
        return self.pending().filter(invited | requested)

    def visible_to(self, user):
        """FIT staff see all; a partner user the rows of its own actions and those about itself."""
        return partner_scope(self, user, lambda qs, pid: qs.filter(Q(partner_id=pid) | Q(action__partner_id=pid)))


class ActionOverlapQuerySet(models.QuerySet):
    def involving(self, action):
        """The overlaps recorded for `action`, as the proposer's action or as the other one."""
        return self.filter(Q(action=action) | Q(other=action))

    def open(self):
        return self.filter(outcome=OverlapOutcome.OPEN)

    def outcomes_in(self, year: int) -> dict:
        """The overlaps detected among the actions of `year` and how they ended, in one query:
        {"detected", "open", "kept", "merged", "withdrawn"} (the cooperation figures of issue 15)."""
        counts = self.filter(year=year).aggregate(
            detected=models.Count("pk"),
            **{o.value: models.Count("pk", filter=Q(outcome=o.value)) for o in OverlapOutcome},
        )
        return {key: counts[key] or 0 for key in ("detected", *OverlapOutcome.values)}


_NEVER = Q(pk__isnull=True)
# Actions that will not take place do not overlap anything.
NOT_OVERLAPPING = (ActionStatus.DECLINED, ActionStatus.CANCELLED)


def overlap_window_days() -> int:
    """How many days apart two actions in the same country may be and still overlap: what FIT staff set in the
    admin (OverlapRule), else the deployment's default (PORTAL["ACTION_OVERLAP_DAYS"]). One query."""
    from .models import OverlapRule  # the model module imports this one

    days = OverlapRule.objects.values_list("window_days", flat=True).first()
    return settings.PORTAL["ACTION_OVERLAP_DAYS"] if days is None else days


def overlap_conditions(action, window_days: int) -> tuple[Q, Q]:
    """The two rules of ActionQuerySet.overlapping for `action`, as conditions on the other actions (which
    need the aliases `country_key` and `ends_on`)."""
    window = datetime.timedelta(days=window_days)
    # Another organiser's actions: a partner knows its own plans (and FIT its own), the warning is about the others.
    # The actions it co-organises (accepted) are its own plans too, and its co-organisers' own actions are
    # known to them: they work together on this one.
    accepted = _co_organisers().objects.accepted()
    co_organised = accepted.filter(
        Q(partner_id=action.partner_id) if action.partner_id else Q(partner__isnull=True)
    ).values("action_id")
    others = ~Q(partner_id=action.partner_id) if action.partner_id else Q(partner__isnull=False)
    others &= ~Q(pk__in=co_organised)
    if action.pk:
        co_partners = accepted.filter(action_id=action.pk)
        others &= ~Q(partner_id__in=co_partners.filter(partner__isnull=False).values("partner_id"))
        fit_co_organises = Exists(co_partners.filter(partner__isnull=True))
        others &= ~(Q(partner__isnull=True) & Q(fit_co_organises))
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
