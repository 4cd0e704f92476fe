"""The partners' items on the to-do lists (registered in apps.py, see portal/todo.py).

Each provider makes one query at most, whatever the number of partners or moments.
"""

import datetime

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Role
from portal.scoping import user_partner_id
from portal.todo import PRIORITY_BILATERAL, PRIORITY_FOLLOW_UP, PRIORITY_REPLY, TodoItem

from .choices import MomentStatus, Rsvp
from .models import Agreement, ConsultationMoment, Invitation, Partner

# How far ahead an account manager sees the bilateral meetings coming due.
BILATERAL_AHEAD = datetime.timedelta(days=30)


def _runs_the_portal(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_role(Role.FIT_STAFF))


def invitations_todo(request) -> list[TodoItem]:
    """A partner user's invitations to published, upcoming moments that nobody of the organisation answered."""
    user = request.user
    partner_id = user_partner_id(user)
    if partner_id is None or user.is_fit_staff:
        return []
    open_invitations = Invitation.objects.visible_to(user).filter(
        partner_id=partner_id,
        rsvp=Rsvp.PENDING,
        moment__status=MomentStatus.PLANNED,
        moment__published_at__isnull=False,
        moment__ends_at__gte=timezone.now(),
    )
    found = open_invitations.aggregate(
        n=Count("pk"), first_moment=Min("moment_id"), first_start=Min("moment__starts_at")
    )
    count = found["n"]
    if not count:
        return []
    url = (
        reverse("partners:moment_detail", args=[found["first_moment"]])
        if count == 1
        else reverse("partners:moment_list")
    )
    return [
        TodoItem(
            title=ngettext("An invitation to answer", "%(count)s invitations to answer", count) % {"count": count},
            url=url,
            count=count,
            due=timezone.localtime(found["first_start"]).date(),
            priority=PRIORITY_REPLY,
        )
    ]


def moments_todo(request) -> list[TodoItem]:
    """FIT staff: planned moments not yet published (no invitations went out), held moments without minutes."""
    if not _runs_the_portal(request.user):
        return []
    now = timezone.now()
    found = ConsultationMoment.objects.aggregate(
        unpublished=Count("pk", filter=_unpublished(now)),
        first_unpublished=Min("starts_at", filter=_unpublished(now)),
        one_unpublished=Min("pk", filter=_unpublished(now)),
        minutes=Count("pk", filter=_without_minutes()),
        one_without_minutes=Min("pk", filter=_without_minutes()),
    )
    moments = reverse("partners:staff_moment_list")
    items = []
    if count := found["unpublished"]:
        first = timezone.localtime(found["first_unpublished"]).date()
        items.append(
            TodoItem(
                title=ngettext("A consultation moment to publish", "%(count)s consultation moments to publish", count)
                % {"count": count},
                url=reverse("partners:staff_moment_detail", args=[found["one_unpublished"]]) if count == 1 else moments,
                count=count,
                due=first,
                priority=PRIORITY_FOLLOW_UP,
            )
        )
    if count := found["minutes"]:
        items.append(
            TodoItem(
                title=ngettext(
                    "Minutes to publish for a held moment", "Minutes to publish for %(count)s held moments", count
                )
                % {"count": count},
                url=reverse("partners:staff_moment_detail", args=[found["one_without_minutes"]])
                if count == 1
                else moments,
                count=count,
                priority=PRIORITY_FOLLOW_UP,
            )
        )
    return items


def _unpublished(now):
    return Q(status=MomentStatus.PLANNED, published_at__isnull=True, starts_at__gte=now)


def _without_minutes():
    return Q(status=MomentStatus.HELD, minutes_published_at__isnull=True)


def bilateral_todo(request) -> list[TodoItem]:
    """An account manager: the bilateral meetings due within BILATERAL_AHEAD for the partners they look
    after whose agreement is in force (the agreed rhythm, Partner.objects.bilateral_due), one item each,
    leading to the planning form for that partner. One query."""
    manager = getattr(request.user, "account_manager", None)
    if manager is None or not request.user.has_role(Role.ACCOUNT_MANAGER):
        return []
    today = timezone.localdate()
    in_force = Agreement.objects.active_on(today).values("partner_id")
    due = (
        Partner.objects.filter(pk__in=Partner.objects.looked_after_by(manager).values("pk"))
        .filter(pk__in=in_force)
        .bilateral_due(today + BILATERAL_AHEAD)
    )
    plan = reverse("partners:staff_moment_create")
    items = []
    for partner in due:
        day = timezone.localtime(partner.bilateral_due_at).date()
        items.append(
            TodoItem(
                title=_("Plan the bilateral meeting with %(partner)s") % {"partner": partner.name},
                url=f"{plan}?{urlencode({'kind': ConsultationMoment.Kind.BILATERAL, 'partner': partner.pk})}",
                due=day,
                overdue=day < today,
                priority=PRIORITY_BILATERAL,
                detail=ngettext(
                    "agreed: %(count)s meeting a year", "agreed: %(count)s meetings a year", partner.bilaterals_per_year
                )
                % {"count": partner.bilaterals_per_year},
            )
        )
    return items


def minutes_approval_todo(request) -> list[TodoItem]:
    """A partner user: the minutes FIT asked their organisation to approve, not answered yet, whose date has
    not passed; one item per moment. One query."""
    user = request.user
    if user.is_fit_staff:
        return []
    partner_id = user_partner_id(user)
    if partner_id is None:
        return []
    today = timezone.localdate()
    moments = (
        ConsultationMoment.objects.visible_to(user)
        .filter(minutes_published_at__isnull=False, minutes_approval_due__gte=today)
        .exclude(minutes_approvals__partner_id=partner_id)
        .order_by("minutes_approval_due", "pk")
        .values_list("pk", "title", "minutes_approval_due")
    )
    return [
        TodoItem(
            title=_("Minutes of %(moment)s to approve by %(date)s") % {"moment": title, "date": f"{due:%d/%m}"},
            url=reverse("partners:moment_detail", args=[pk]) + "#approval-heading",
            due=due,
            priority=PRIORITY_REPLY,
        )
        for pk, title, due in moments[:10]
    ]
