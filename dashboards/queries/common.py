"""What several dashboards share: the years to choose from, the partners of a year, the current assignment."""

import datetime
from collections.abc import Callable

from django.db.models import CharField, Max, Min, Q, QuerySet, Value
from django.urls import reverse
from django.utils import timezone

from budgets.models import BudgetYear
from partners.models import AccountManagerAssignment, Agreement, ConsultationMoment, Partner


def _span(queryset, name: str, first: str, last: str):
    """One row (name, MIN(first), MAX(last)) of a union."""
    return (
        queryset.order_by()
        .annotate(span=Value(name, output_field=CharField()))
        .values("span")
        .annotate(first=Min(first), last=Max(last))
        .values_list("span", "first", "last")
    )


def year_choices() -> list[int]:
    """The years to choose from, newest first, from one query: every year an agreement runs, with a budget
    year, or with consultation moments. KPI targets always fall within their agreement's years
    (KPITarget.clean), so the agreements' span covers them without reading every target.

    The year a dashboard opens on is not chosen here: it is the portal's working year (portal/working_year.py).
    """
    spans = _span(Agreement.objects.all(), "agreements", "start_date__year", "end_date__year").union(
        _span(ConsultationMoment.objects.all(), "moments", "starts_at__year", "starts_at__year"),
        _span(BudgetYear.objects.all(), "budget", "year", "year"),
        all=True,
    )
    years = set()
    for _name, first, last in spans:
        if first is not None:
            years.update(range(int(first), int(last) + 1))
    return sorted(years, reverse=True)


def current_assignment_q(prefix: str = "", on: datetime.date | None = None) -> Q:
    """The assignments running on `on` (default today), seen through the relation `prefix` ("assignments__")."""
    on = on or timezone.localdate()
    return Q(**{f"{prefix}start_date__lte": on}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": on})
    )


def partners_in_year(year: int, *, kind: str = "", account_manager=None, versnelling=None) -> QuerySet:
    """The partners with an agreement running in `year`, filtered by kind, current account manager, versnelling."""
    partners = Partner.objects.filter(pk__in=Agreement.objects.covering_year(year).values("partner"))
    if kind:
        partners = partners.filter(kind=kind)
    if account_manager is not None:  # an AccountManager or its id
        current = AccountManagerAssignment.objects.current().filter(account_manager=account_manager)
        partners = partners.filter(pk__in=current.values("partner"))
    if versnelling is not None:  # a Versnelling or its id
        in_versnelling = Partner.versnellingen.through.objects.filter(versnelling=versnelling)
        partners = partners.filter(pk__in=in_versnelling.values("partner"))
    return partners


def choice_labels(choices) -> dict[str, str]:
    """The labels of a model's choices, translated once: get_FOO_display() per row costs a lot on large tables."""
    return {value: str(label) for value, label in choices}


def partner_url() -> Callable[[int], str]:
    """A function giving the partner page's URL of a partner id, reversing the URL pattern only once."""
    template = reverse("dashboards:partner", args=[987654321])
    return lambda pk: template.replace("987654321", str(pk))


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
