"""Account managers: their partners, the share of their time they spend on them, reports awaiting validation."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Min, OuterRef, Prefetch, Subquery
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evaluations.models import KPIReport, ReportStatus
from partners.models import AccountManager, AccountManagerAssignment
from portal.money import HUNDRED

from ..tables import DATE, INT, LIST, PERCENT, TEXT, YEAR, Column, Table
from .common import current_assignment_q


@dataclass
class AccountManagerDashboard:
    managers: Table
    awaiting: Table
    count: int
    total_time_share: Decimal
    fte: Decimal


def account_manager_dashboard(*, today: datetime.date | None = None) -> AccountManagerDashboard:
    today = today or timezone.localdate()
    current = current_assignment_q("assignments__", today)
    managers = (
        AccountManager.objects.select_related("user")
        .annotate(partner_count=Count("assignments", filter=current, distinct=True))
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=AccountManagerAssignment.objects.current(today)
                .select_related("partner")
                .order_by(Lower("partner__name")),
                to_attr="current_assignments",
            )
        )
        .order_by("user__last_name", "user__first_name")
    )
    awaiting_q = current_assignment_q("agreement__partner__assignments__", today)
    awaiting = {
        row["agreement__partner__assignments__account_manager"]: row
        for row in KPIReport.objects.filter(awaiting_q, status=ReportStatus.SUBMITTED)
        .order_by()
        .values("agreement__partner__assignments__account_manager")
        .annotate(n=Count("pk", distinct=True), oldest=Min("submitted_at"))
    }
    rows, total_share, count = [], Decimal(0), 0
    for manager in managers:
        waiting = awaiting.get(manager.pk, {})
        rows.append(
            {
                "name": str(manager),
                "email": manager.user.email,
                "active": _("yes") if manager.is_active else _("no"),
                "time_share": manager.time_share,
                "partner_count": manager.partner_count,
                "partners": [a.partner.name for a in manager.current_assignments],
                "awaiting": waiting.get("n", 0),
                "oldest": waiting.get("oldest"),
            }
        )
        if manager.partner_count:
            total_share += manager.time_share
            count += 1
    columns = [
        Column("name", _("Account manager")),
        Column("email", _("Email address")),
        Column("active", _("Active")),
        Column("time_share", _("Share of working time (%)"), PERCENT),
        Column("partner_count", _("Number of partners"), INT),
        Column("partners", _("Partners"), LIST, sortable=False),
        Column("awaiting", _("Reports to validate"), INT),
        Column("oldest", _("Oldest submitted on"), DATE),
    ]
    managers_table = Table(
        "managers", _("Account managers and their partners"), columns, rows, empty_text=_("No account managers yet.")
    )
    return AccountManagerDashboard(
        managers_table,
        awaiting_table(today),
        count,
        total_share,
        (total_share / HUNDRED).quantize(Decimal("0.01")),
    )


def awaiting_table(today: datetime.date) -> Table:
    """The submitted reports, oldest first, with the partner's current account manager."""
    manager = AccountManagerAssignment.objects.current(today).filter(partner=OuterRef("agreement__partner"))
    reports = (
        KPIReport.objects.awaiting_validation()
        .select_related("agreement__partner")
        .annotate(
            manager_first=Subquery(manager.values("account_manager__user__first_name")[:1]),
            manager_last=Subquery(manager.values("account_manager__user__last_name")[:1]),
        )
        .order_by("submitted_at")
    )
    rows = []
    for report in reports:
        submitted = timezone.localtime(report.submitted_at).date() if report.submitted_at else None
        rows.append(
            {
                "partner": report.agreement.partner.name,
                "url": reverse("evaluations:report_review", args=[report.pk]),
                "year": report.year,
                "manager": f"{report.manager_first or ''} {report.manager_last or ''}".strip(),
                "submitted": submitted,
                "waiting": (today - submitted).days if submitted else None,
            }
        )
    columns = [
        Column("partner", _("Partner"), TEXT, url_key="url"),
        Column("year", _("Report year"), YEAR),
        Column("manager", _("Account manager")),
        Column("submitted", _("Submitted on"), DATE),
        Column("waiting", _("Waiting for (days)"), INT),
    ]
    return Table(
        "awaiting",
        _("Reports awaiting validation"),
        columns,
        rows,
        default_sort="-waiting",
        empty_text=_("No reports awaiting validation."),
    )
