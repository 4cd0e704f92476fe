"""The regular consultation of an account manager's partners, for any staff page: {% regular_consultation %}."""

import datetime

from django import template
from django.core.paginator import Paginator
from django.db.models.functions import ExtractYear, Lower
from django.utils import timezone

from portal.working_year import working_year

from ..models import ConsultationMoment, Partner

register = template.Library()


def regular_consultation_rows(user, now=None, up_to: int | None = None) -> tuple[int, list[Partner]]:
    """The year shown (the latest year up to now, and up to `up_to` (the working year), with a bilateral
    meeting of these partners, else `up_to` or this year)
    and the partners the user looks after (all structural partners for other FIT staff), each annotated with
    the bilateral meetings of that year, the last and the next, and `next_due` in the agreed rhythm."""
    now = now or timezone.now()
    manager = getattr(user, "account_manager", None)
    partners = Partner.objects.looked_after_by(manager) if manager else Partner.objects.structural()
    partners = partners.active()
    years = (
        ConsultationMoment.objects.filter(
            kind=ConsultationMoment.Kind.BILATERAL, partner__in=partners, starts_at__lte=now
        )
        .annotate(year=ExtractYear("starts_at"))
        .filter(year__lte=up_to or timezone.localdate(now).year)
        .order_by("-year")
        .values_list("year", flat=True)
    )
    year = years.first() or up_to or timezone.localdate(now).year
    rows = list(partners.with_bilaterals_in(year, now).with_bilateral_dates(now).order_by(Lower("name")))
    for partner in rows:
        partner.next_due = None
        if partner.bilaterals_per_year and partner.next_bilateral_at is None:
            last = partner.last_bilateral_at
            partner.next_due = (
                timezone.localdate(last + partner.bilateral_interval) if last else timezone.localdate(now)
            )
    return year, rows


# The staff home shows this many partners' rhythm, the most urgent first; the moment list pages through all.
RHYTHM_ROWS = 20
RHYTHM_PAGE_ROWS = 50


def by_urgency(partners: list[Partner], today: datetime.date) -> list[Partner]:
    """Overdue first (longest overdue first), then due and not planned (soonest first), then the next one planned,
    then no rhythm agreed; by name within each."""

    def key(partner):
        if partner.next_due is not None:
            return (0 if partner.next_due < today else 1, partner.next_due.toordinal())
        return (2 if partner.bilaterals_per_year else 3, 0)

    return sorted(partners, key=key)  # stable: the query's order by name stays within each group


@register.inclusion_tag("partners/staff/includes/regular_consultation.html", takes_context=True)
def regular_consultation(context, paged: bool = False):
    """The rhythm of the user's partners: the RHYTHM_ROWS most urgent (the staff home), or every partner a page
    of RHYTHM_PAGE_ROWS at a time (`paged`, the moment list: ?rhythm_page=N)."""
    request = context["request"]
    user = request.user
    today = timezone.localdate()
    year, partners = regular_consultation_rows(user, up_to=working_year(request))
    partners = by_urgency(partners, today)
    page = None
    if paged:
        page = Paginator(partners, RHYTHM_PAGE_ROWS).get_page(request.GET.get("rhythm_page"))
        shown = list(page.object_list)
    else:
        shown = partners[:RHYTHM_ROWS]
    return {
        "year": year,
        "partners": shown,
        "total": len(partners),
        "overdue": sum(1 for p in partners if p.next_due is not None and p.next_due < today),
        "page": page,
        "today": today,
        "is_account_manager": hasattr(user, "account_manager"),
        "request": request,
    }
