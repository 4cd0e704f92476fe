"""The regular consultation of an account manager's partners, for any staff page: {% regular_consultation %}."""

from django import template
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


@register.inclusion_tag("partners/staff/includes/regular_consultation.html", takes_context=True)
def regular_consultation(context):
    request = context["request"]
    user = request.user
    year, partners = regular_consultation_rows(user, up_to=working_year(request))
    return {
        "year": year,
        "partners": partners,
        "today": timezone.localdate(),
        "is_account_manager": hasattr(user, "account_manager"),
        "request": request,
    }
