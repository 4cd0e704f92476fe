"""The evaluation cycle's items on the to-do lists (registered in apps.py, see portal/todo.py).

Every provider makes a constant number of queries whatever the number of partners, reports or points:
counts and dates come from the database in one query each, and what is turned into items in Python is
at most one row per report (an account manager's partners, a few years).
"""

import datetime

from django.conf import settings
from django.db.models import Count, F, Min, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Role
from notifications.scheduling import add_working_days, local_date
from partners.models import Partner
from partners.querysets import current_assignments_prefetch
from portal.scoping import user_partner_id
from portal.todo import (
    PRIORITY_DEADLINE,
    PRIORITY_DECISION,
    PRIORITY_FOLLOW_UP,
    PRIORITY_REPLY,
    PRIORITY_RETURNED,
    TodoItem,
)

from .choices import ActionStatus, EvaluationStatus, ReportStatus
from .models import Action, CoOrganiser, Evaluation, ImprovementPoint, KPIReport, KPITarget, default_deadline_for
from .permissions import can_answer_co_organiser

DONE = (ReportStatus.SUBMITTED, ReportStatus.VALIDATED)


# -- a partner --------------------------------------------------------------------------------------


def partner_todo(request) -> list[TodoItem]:
    """A partner user's KPI reports still to fill in (or sent back) and improvement points to follow up."""
    user = request.user
    partner_id = user_partner_id(user)
    if partner_id is None or user.is_fit_staff:
        return []
    return [*_partner_reports(user, partner_id), *_partner_points(user, partner_id)]


def _partner_reports(user, partner_id: int) -> list[TodoItem]:
    today = timezone.localdate()
    totals = dict(
        KPITarget.objects.visible_to(user)
        .confirmed()
        .filter(agreement__partner_id=partner_id, year__lte=today.year)
        .order_by()
        .values("year")
        .annotate(total=Count("pk"))
        .values_list("year", "total")
    )
    reports = {
        report.year: report
        for report in KPIReport.objects.visible_to(user).filter(year__in=list(totals)).with_filled_count()
    }
    items = []
    for year in sorted(totals):
        report = reports.get(year)
        if report is not None and report.status in DONE:
            continue
        filled = report.filled if report else 0
        due = report.deadline if report else default_deadline_for(year)
        progress = _("%(filled)s of %(total)s KPIs filled") % {"filled": filled, "total": totals[year]}
        returned = report is not None and report.status == ReportStatus.RETURNED
        items.append(
            TodoItem(
                title=_("FIT returned your KPI report %(year)s") % {"year": year}
                if returned
                else _("KPI report %(year)s: %(progress)s") % {"year": year, "progress": progress},
                detail=progress if returned else "",
                url=reverse("evaluations:report_edit", args=[year]),
                count=totals[year] - filled,
                due=due,
                overdue=today > due,
                priority=PRIORITY_RETURNED if returned else PRIORITY_DEADLINE,
            )
        )
    return items


def _partner_points(user, partner_id: int) -> list[TodoItem]:
    """The organisation's open points that no one of the organisation has written a progress note on."""
    waiting = (
        ImprovementPoint.objects.visible_to(user)
        .open()
        .filter(partner_id=partner_id)
        .exclude(notes__author__contact__partner_id=partner_id)
        .aggregate(n=Count("pk"), first_point=Min("pk"), first_due=Min("due_date"))
    )
    count = waiting["n"]
    if not count:
        return []
    url = (
        reverse("evaluations:improvement_detail", args=[waiting["first_point"]])
        if count == 1
        else reverse("evaluations:improvement_list")
    )
    due = waiting["first_due"]
    return [
        TodoItem(
            title=ngettext(
                "An improvement point waits for your progress note",
                "%(count)s improvement points wait for your progress note",
                count,
            )
            % {"count": count},
            url=url,
            count=count,
            due=due,
            overdue=due is not None and due < timezone.localdate(),
            priority=PRIORITY_FOLLOW_UP,
        )
    ]


# -- an account manager ------------------------------------------------------------------------------


def validation_due(submitted_at: datetime.datetime) -> datetime.date:
    """When a submitted report should be validated: the day its account manager's reminder goes out."""
    return add_working_days(local_date(submitted_at), settings.PORTAL["VALIDATION_REMINDER_WORKING_DAYS"])


def account_manager_todo(request) -> list[TodoItem]:
    """Reports to validate, proposals to decide and evaluations to prepare, for the partners the user looks after."""
    manager = getattr(request.user, "account_manager", None)
    if manager is None or not request.user.has_role(Role.ACCOUNT_MANAGER):
        return []
    partners = Partner.objects.looked_after_by(manager).values("pk")
    return [*_to_validate(partners), *_proposals(partners), *_evaluations_to_prepare(partners)]


def _to_validate(partners) -> list[TodoItem]:
    today = timezone.localdate()
    awaiting = list(
        KPIReport.objects.awaiting_validation()
        .filter(agreement__partner__in=partners)
        .order_by("submitted_at")
        .values_list("pk", "submitted_at")
    )
    if not awaiting:
        return []
    dues = [validation_due(submitted_at or timezone.now()) for _pk, submitted_at in awaiting]
    late = [due for due in dues if due < today]
    count = len(awaiting)
    detail = ""
    if late:
        days = (today - min(late)).days
        detail = (
            ngettext("one %(days)s day late", "one %(days)s days late", days) % {"days": days}
            if len(late) == 1
            else _("%(late)s late, the oldest %(days)s days") % {"late": len(late), "days": days}
        )
    url = (
        reverse("evaluations:report_review", args=[awaiting[0][0]])
        if count == 1
        else reverse("evaluations:staff_home") + "#awaiting-heading"
    )
    return [
        TodoItem(
            title=ngettext("A report to validate", "%(count)s reports to validate", count) % {"count": count},
            detail=detail,
            url=url,
            count=count,
            due=min(dues),
            overdue=bool(late),
            priority=PRIORITY_DEADLINE,
        )
    ]


def _proposals(partners) -> list[TodoItem]:
    count = Action.objects.filter(status=ActionStatus.SUBMITTED, partner__in=partners).count()
    if not count:
        return []
    return [
        TodoItem(
            title=ngettext("A proposal to decide", "%(count)s proposals to decide", count) % {"count": count},
            url=reverse("evaluations:proposals"),
            count=count,
            priority=PRIORITY_DECISION,
        )
    ]


def _evaluations_to_prepare(partners) -> list[TodoItem]:
    """Per agreement, the latest validated year after its last evaluation that left the draft stage."""
    evaluated = (
        Evaluation.objects.filter(agreement=OuterRef("agreement"))
        .exclude(status=EvaluationStatus.DRAFT)
        .order_by("-year")
        .values("year")[:1]
    )
    draft = Evaluation.objects.filter(
        agreement=OuterRef("agreement"), year=OuterRef("year"), status=EvaluationStatus.DRAFT
    ).values("pk")[:1]
    rows = (
        KPIReport.objects.filter(status=ReportStatus.VALIDATED, agreement__partner__in=partners)
        .annotate(evaluated=Subquery(evaluated), draft=Subquery(draft))
        .filter(Q(evaluated__isnull=True) | Q(year__gt=F("evaluated")))
        .order_by("agreement_id", "-year")
        .values_list("agreement_id", "year", "agreement__partner__name", "draft")
    )
    latest: dict[int, tuple] = {}
    for agreement_id, year, partner, draft_pk in rows:
        latest.setdefault(agreement_id, (year, partner, draft_pk))
    items = []
    for year, partner, draft_pk in sorted(latest.values(), key=lambda row: (row[0], row[1].casefold())):
        url = (
            reverse("evaluations:evaluation_edit", args=[draft_pk])
            if draft_pk
            else reverse("evaluations:evaluation_list") + f"?year={year}"
        )
        items.append(
            TodoItem(
                title=_("%(partner)s’s evaluation %(year)s to prepare") % {"partner": partner, "year": year},
                url=url,
                priority=PRIORITY_DECISION,
            )
        )
    return items


# -- a manager -------------------------------------------------------------------------------------


def manager_todo(request) -> list[TodoItem]:
    """Evaluations to sign off, and the escalations that reach the managers: late reports, late validations."""
    user = request.user
    if not (user.is_active and user.has_role(Role.MANAGER)):
        return []
    return [*_sign_off(), *_escalations()]


def _sign_off() -> list[TodoItem]:
    found = Evaluation.objects.filter(status=EvaluationStatus.SUBMITTED).aggregate(
        n=Count("pk"), first_evaluation=Min("pk"), first_year=Min("year")
    )
    count = found["n"]
    if not count:
        return []
    url = (
        reverse("evaluations:evaluation_edit", args=[found["first_evaluation"]])
        if count == 1
        else reverse("evaluations:evaluation_list") + f"?year={found['first_year']}"
    )
    return [
        TodoItem(
            title=ngettext("An evaluation to sign off", "%(count)s evaluations to sign off", count) % {"count": count},
            url=url,
            count=count,
            priority=PRIORITY_DECISION,
        )
    ]


def _escalations() -> list[TodoItem]:
    today = timezone.localdate()
    staff_home = reverse("evaluations:staff_home") + "?all=1"
    items = []
    waiting = KPIReport.objects.awaiting_validation().values_list("submitted_at", flat=True)
    escalation_days = settings.PORTAL["VALIDATION_ESCALATION_WORKING_DAYS"]
    stuck = sum(1 for at in waiting if at and add_working_days(local_date(at), escalation_days) <= today)
    if stuck:
        items.append(
            TodoItem(
                title=ngettext(
                    "A report has waited too long for validation",
                    "%(count)s reports have waited too long for validation",
                    stuck,
                )
                % {"count": stuck},
                detail=_("more than %(days)s working days") % {"days": escalation_days},
                url=staff_home + "#awaiting-heading",
                count=stuck,
                overdue=True,
                priority=PRIORITY_DECISION,
            )
        )
    # A report is escalated KPI_ESCALATION_DAYS after the day after its deadline: the years whose default
    # deadline passed that long ago, with confirmed targets, and no submitted or validated report.
    grace = datetime.timedelta(days=settings.PORTAL["KPI_ESCALATION_DAYS"] + 1)
    last_year = max(
        (year for year in range(today.year - 2, today.year + 1) if default_deadline_for(year) + grace <= today),
        default=today.year - 2,
    )
    expected = set(
        KPITarget.objects.confirmed()
        .filter(year__lte=last_year)
        .order_by()
        .values_list("agreement_id", "year")
        .distinct()
    )
    reports = KPIReport.objects.filter(year__lte=last_year).values_list("agreement_id", "year", "status", "deadline")
    done = set()
    for agreement_id, year, status, deadline in reports:
        if status in DONE or deadline + grace > today:
            done.add((agreement_id, year))
    late = len(expected - done)
    if late:
        items.append(
            TodoItem(
                title=ngettext(
                    "A KPI report is overdue and escalated to the managers",
                    "%(count)s KPI reports are overdue and escalated to the managers",
                    late,
                )
                % {"count": late},
                detail=_("more than %(days)s days after the deadline")
                % {"days": settings.PORTAL["KPI_ESCALATION_DAYS"]},
                url=staff_home,
                count=late,
                overdue=True,
                priority=PRIORITY_DECISION,
            )
        )
    return items


# -- FIT staff -------------------------------------------------------------------------------------


def staff_todo(request) -> list[TodoItem]:
    """FIT staff: improvement points past their target date (programme-wide and every partner's)."""
    user = request.user
    if not (user.is_active and (user.is_superuser or user.has_role(Role.FIT_STAFF))):
        return []
    today = timezone.localdate()
    found = (
        ImprovementPoint.objects.open().filter(due_date__lt=today).aggregate(n=Count("pk"), first_due=Min("due_date"))
    )
    count = found["n"]
    if not count:
        return []
    return [
        TodoItem(
            title=ngettext("An improvement point is overdue", "%(count)s improvement points are overdue", count)
            % {"count": count},
            url=reverse("evaluations:follow_up") + "?sort=due",
            count=count,
            due=found["first_due"],
            overdue=True,
            priority=PRIORITY_FOLLOW_UP,
        )
    ]


# -- joint actions (issue 15) ------------------------------------------------------------------------


def joint_todo(request) -> list[TodoItem]:
    """Invitations to co-organise and requests to join that wait for the user's answer: a partner user's
    organisation's, or for FIT those the user may answer (can_answer_co_organiser), in one query."""
    user = request.user
    if not (user.is_authenticated and user.is_active):
        return []
    if user.is_fit_staff:
        rows = (
            CoOrganiser.objects.to_answer_by(None)
            .select_related("action__partner", "partner")
            .prefetch_related(
                current_assignments_prefetch("action__partner__assignments"),
                current_assignments_prefetch("partner__assignments"),
            )
        )
        count = sum(1 for row in rows if can_answer_co_organiser(user, row))
        url = reverse("evaluations:proposals") + "#fit-co-organising"
    else:
        partner_id = user_partner_id(user)
        if partner_id is None:
            return []
        count = CoOrganiser.objects.to_answer_by(partner_id).count()
        url = reverse("evaluations:action_list") + "#to-answer"
    if not count:
        return []
    return [
        TodoItem(
            title=ngettext(
                "An invitation or request to join an action to answer",
                "%(count)s invitations or requests to join an action to answer",
                count,
            )
            % {"count": count},
            url=url,
            count=count,
            priority=PRIORITY_REPLY,
        )
    ]
