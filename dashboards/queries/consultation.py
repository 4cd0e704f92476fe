"""Consultation: upcoming moments with their answers, attendance per partner, and the yearly cadence.

The programme requires one partner day and four formal consultations a year (conf.CADENCE), plus the
bilateral meetings between each structural partner and its account manager in the rhythm agreed with that
partner (Partner.bilaterals_per_year): held against agreed, per year and per partner. In a year without an
agreed rhythm, compliance means every planned bilateral meeting was held.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear, Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import Agreement, ConsultationMoment, Invitation, Partner

from ..badges import check_badge
from ..charts import Chart, bar_chart, hbar_chart
from ..conf import dashboard_setting
from ..tables import BADGE, DATE, INT, PERCENT, TEXT, YEAR, Badge, Column, Table
from .budget import share
from .common import choice_labels, partner_url

Kind = ConsultationMoment.Kind
Status = ConsultationMoment.Status


@dataclass
class ConsultationDashboard:
    year: int
    upcoming: Table
    past: Table
    attendance: Table
    cadence: Table
    bilaterals: Table
    attendance_chart: Chart | None
    cadence_chart: Chart | None


def upcoming_table(now: datetime.datetime) -> Table:
    moments = (
        ConsultationMoment.objects.filter(status=Status.PLANNED, ends_at__gte=now)
        .select_related("partner")
        .annotate(
            invited=Count("invitations"),
            partners=Count("invitations__partner", distinct=True),
            yes=Count("invitations", filter=Q(invitations__rsvp="yes")),
            maybe=Count("invitations", filter=Q(invitations__rsvp="maybe")),
            no=Count("invitations", filter=Q(invitations__rsvp="no")),
            pending=Count("invitations", filter=Q(invitations__rsvp="pending")),
        )
        .order_by("starts_at")
    )
    kinds = choice_labels(Kind.choices)
    rows = [
        {
            "date": m.starts_at,
            "title": m.title,
            "kind": kinds[m.kind],
            "partner": m.partner.name if m.partner_id else "",
            "partners": m.partners,
            "invited": m.invited,
            "yes": m.yes,
            "maybe": m.maybe,
            "no": m.no,
            "pending": m.pending,
        }
        for m in moments
    ]
    columns = [
        Column("date", _("Date"), DATE),
        Column("title", _("Consultation moment")),
        Column("kind", _("Type")),
        Column("partner", _("Partner (bilateral)")),
        Column("partners", _("Invited partners"), INT),
        Column("invited", _("Invited contacts"), INT),
        Column("yes", _("Yes"), INT),
        Column("maybe", _("Maybe"), INT),
        Column("no", _("No"), INT),
        Column("pending", _("No reply yet"), INT),
    ]
    return Table(
        "upcoming",
        _("Upcoming consultation moments and replies"),
        columns,
        rows,
        default_sort="date",
        empty_text=_("No consultation moments planned."),
    )


def _past_moments(year: int, now: datetime.datetime):
    """The moments of `year` that took place: held, or planned and already over (not cancelled)."""
    return ConsultationMoment.objects.filter(starts_at__year=year).filter(
        Q(status=Status.HELD) | Q(status=Status.PLANNED, ends_at__lt=now)
    )


def past_table(year: int, now: datetime.datetime) -> Table:
    moments = (
        _past_moments(year, now)
        .annotate(
            invited_partners=Count("invitations__partner", distinct=True),
            present_partners=Count("invitations__partner", distinct=True, filter=Q(invitations__attended=True)),
            offices=Count("foreign_offices", distinct=True),
        )
        .order_by("starts_at")
    )
    kinds = choice_labels(Kind.choices)
    held = str(Status.HELD.label)
    rows = [
        {
            "date": m.starts_at,
            "title": m.title,
            "kind": kinds[m.kind],
            "status": held if m.status == Status.HELD else _("past, not recorded as held"),
            "invited": m.invited_partners,
            "present": m.present_partners,
            "rate": share(m.present_partners, m.invited_partners),
            "offices": m.offices,
        }
        for m in moments
    ]
    columns = [
        Column("date", _("Date"), DATE),
        Column("title", _("Consultation moment")),
        Column("kind", _("Type")),
        Column("status", _("Status")),
        Column("invited", _("Invited partners"), INT),
        Column("present", _("Partners present"), INT),
        Column("rate", _("Attendance (%)"), PERCENT),
        Column("offices", _("Foreign network offices"), INT),
    ]
    return Table(
        "past",
        _("Consultation moments held in %(year)s") % {"year": year},
        columns,
        rows,
        default_sort="date",
        empty_text=_("No consultation moments in this year."),
    )


def attendance_table(year: int, now: datetime.datetime) -> Table:
    """Per partner: the moments of the year it was invited to, and at how many one of its people was present."""
    past = _past_moments(year, now)
    per_partner = (
        Invitation.objects.filter(moment__in=past, partner__isnull=False)  # the foreign network is no partner
        .order_by()
        .values("partner_id", "partner__name")
        .annotate(
            invited=Count("moment", distinct=True),
            present=Count("moment", distinct=True, filter=Q(attended=True)),
            recorded=Count("moment", distinct=True, filter=Q(attended__isnull=False)),
        )
    )
    url_of = partner_url()
    rows = [
        {
            "partner": p["partner__name"],
            "url": url_of(p["partner_id"]),
            "invited": p["invited"],
            "present": p["present"],
            "unrecorded": p["invited"] - p["recorded"],
            "rate": share(p["present"], p["invited"]),
        }
        for p in per_partner
    ]
    columns = [
        Column("partner", _("Partner"), TEXT, url_key="url"),
        Column("invited", _("Invited to (moments)"), INT),
        Column("present", _("Attended (moments)"), INT),
        Column("unrecorded", _("Attendance not recorded"), INT),
        Column("rate", _("Attendance (%)"), PERCENT),
    ]
    return Table(
        "attendance",
        _("Attendance per partner in %(year)s") % {"year": year},
        columns,
        rows,
        default_sort="partner",
        empty_text=_("No invitations to consultation moments held in this year."),
    )


def attendance_chart(rows: list[dict], year: int) -> Chart | None:
    """The attendance rate of the partners in `rows` (the table's current page)."""
    if not rows:
        return None
    return hbar_chart(
        id="chart-attendance",
        title=_("Attendance per partner in %(year)s") % {"year": year},
        description=_("Share of the consultation moments held that the partner attended, as a percentage."),
        labels=[r["partner"] for r in rows],
        series=[(str(_("attendance")), "series-0")],
        values=[[r["rate"]] for r in rows],
        unit="percent",
        maximum=100,
        table_id="table-attendance",
    )


def cadence_counts(now: datetime.datetime, years: list[int] | None = None) -> dict[tuple[int, str], dict]:
    """(year, kind) → counts of held, upcoming, overdue (planned but over) and cancelled moments (one query)."""
    moments = ConsultationMoment.objects.all()
    if years is not None:
        moments = moments.filter(starts_at__year__in=years)
    rows = (
        moments.annotate(year=ExtractYear("starts_at"))
        .order_by()
        .values("year", "kind")
        .annotate(
            held=Count("pk", filter=Q(status=Status.HELD)),
            upcoming=Count("pk", filter=Q(status=Status.PLANNED, ends_at__gte=now)),
            overdue=Count("pk", filter=Q(status=Status.PLANNED, ends_at__lt=now)),
            cancelled=Count("pk", filter=Q(status=Status.CANCELLED)),
        )
    )
    return {(row["year"], row["kind"]): row for row in rows}


def agreed_bilaterals(years: list[int]) -> dict[int, int]:
    """Per year: the bilateral meetings agreed with the partners whose agreement covers that year (one query)."""
    rows = (
        Agreement.objects.filter(partner__bilaterals_per_year__gt=0, partner__is_active=True)
        .values_list("partner_id", "partner__bilaterals_per_year", "start_date__year", "end_date__year")
        .order_by()
    )
    per_year: dict[int, dict[int, int]] = {year: {} for year in years}
    for partner_id, per_partner, first, last in rows:
        for year in years:
            if first <= year <= last:
                per_year[year][partner_id] = per_partner
    return {year: sum(partners.values()) for year, partners in per_year.items()}


def cadence_rows(counts: dict, years: list[int], agreed: dict[int, int] | None = None) -> list[dict]:
    agreed = agreed or {}
    required = dashboard_setting("CADENCE")
    kinds = [
        (Kind.PARTNER_DAY, required.get("partner_day")),
        (Kind.FORMAL, required.get("formal")),
        (Kind.BILATERAL, None),
    ]
    rows = []
    for year in sorted(years, reverse=True):
        for kind, needed in kinds:
            c = counts.get((year, kind.value), {})
            held, upcoming, overdue = c.get("held", 0), c.get("upcoming", 0), c.get("overdue", 0)
            verdict = None
            if needed is None and agreed.get(year):  # bilateral: the rhythm agreed with the partners
                needed = agreed[year]
            if needed is None:  # no rhythm agreed: every bilateral meeting that was planned should be held
                needed = held + upcoming + overdue
                ok = None if upcoming else overdue == 0
                if not needed:  # nothing agreed, nothing planned: nothing to judge
                    verdict = Badge("none", _("no rhythm agreed"), "rating-none")
            else:
                ok = True if held >= needed else (None if held + upcoming >= needed else False)
            rows.append(
                {
                    "year": year,
                    "kind": kind.label,
                    "required": needed,
                    "held": held,
                    "upcoming": upcoming,
                    "overdue": overdue,
                    "cancelled": c.get("cancelled", 0),
                    "verdict": verdict or check_badge(ok, _("met"), _("not met"), _("still planned")),
                }
            )
    return rows


def cadence_table(counts: dict, years: list[int], agreed: dict[int, int] | None = None) -> Table:
    columns = [
        Column("year", _("Year"), YEAR),
        Column("kind", _("Type")),
        Column("required", _("Required or planned"), INT),
        Column("held", _("Held"), INT),
        Column("upcoming", _("Still planned"), INT),
        Column("overdue", _("Past, not recorded"), INT),
        Column("cancelled", _("Cancelled"), INT),
        Column("verdict", _("Frequency"), BADGE),
    ]
    return Table(
        "cadence",
        _("Consultation frequency per year"),
        columns,
        cadence_rows(counts, years, agreed),
        paginate=False,
        empty_text=_("No consultation moments yet."),
    )


def bilateral_table(year: int, now: datetime.datetime) -> Table:
    """Per structural partner: the bilateral meetings agreed for `year`, held and still planned, and by when the
    next one is due in the rhythm."""
    partners = (
        Partner.objects.structural()
        .active()
        .with_bilaterals_in(year, now)
        .with_bilateral_dates(now)
        .with_current_account_manager()
        .order_by(Lower("name"))
    )
    url_of = partner_url()
    rows = []
    for p in partners:
        agreed = p.bilaterals_per_year
        due = None
        if agreed and p.next_bilateral_at is None:
            due = timezone.localdate(p.last_bilateral_at + p.bilateral_interval) if p.last_bilateral_at else None
        if not agreed:
            ok = None
        elif p.bilaterals_held >= agreed:
            ok = True
        else:
            ok = None if p.bilaterals_held + p.bilaterals_planned >= agreed else False
        rows.append(
            {
                "partner": p.name,
                "url": url_of(p.pk),
                "account_manager": str(p.current_account_manager or ""),
                "agreed": agreed,
                "held": p.bilaterals_held,
                "planned": p.bilaterals_planned,
                "last": timezone.localdate(p.last_bilateral_at) if p.last_bilateral_at else None,
                "next": timezone.localdate(p.next_bilateral_at) if p.next_bilateral_at else due,
                "verdict": check_badge(ok, _("met"), _("not met"), _("still planned")),
            }
        )
    columns = [
        Column("partner", _("Partner"), TEXT, url_key="url"),
        Column("account_manager", _("Account manager")),
        Column("agreed", _("Agreed per year"), INT),
        Column("held", _("Held"), INT),
        Column("planned", _("Still planned"), INT),
        Column("last", _("Last one"), DATE),
        Column("next", _("Next one (planned or due)"), DATE),
        Column("verdict", _("Rhythm"), BADGE),
    ]
    return Table(
        "bilaterals",
        _("Bilateral meetings per partner in %(year)s") % {"year": year},
        columns,
        rows,
        default_sort="partner",
        empty_text=_("No structural partners."),
    )


def consultation_dashboard(
    year: int, years: list[int], *, now: datetime.datetime | None = None
) -> ConsultationDashboard:
    now = now or timezone.now()
    counts = cadence_counts(now)
    cadence_years = sorted({y for y, _kind in counts} | {year})
    attendance = attendance_table(year, now)
    required = dashboard_setting("CADENCE")
    cadence_chart = bar_chart(
        id="chart-cadence",
        title=_("Consultation moments held per year"),
        description=_(
            "Per year, the number of partner days and formal consultations held, alongside what the programme requires."
        ),
        categories=[str(y) for y in cadence_years],
        series=[
            (str(_("partner days held")), "series-0"),
            (str(_("formal consultations held")), "series-1"),
        ],
        values=[
            [
                counts.get((y, Kind.PARTNER_DAY.value), {}).get("held", 0),
                counts.get((y, Kind.FORMAL.value), {}).get("held", 0),
            ]
            for y in cadence_years
        ],
        reference=required.get("formal"),
        reference_label=_("required: %(n)s formal consultations per year") % {"n": required.get("formal")},
        table_id="table-cadence",
    )
    return ConsultationDashboard(
        year,
        upcoming_table(now),
        past_table(year, now),
        attendance,
        cadence_table(counts, cadence_years, agreed_bilaterals(cadence_years)),
        bilateral_table(year, now),
        None,
        cadence_chart,
    )
