"""The partners' items on the to-do lists (registered in apps.py, see portal/todo.py).

Each provider makes one query at most, whatever the number of partners or moments.
"""

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from accounts.models import Role
from portal.scoping import user_partner_id
from portal.todo import PRIORITY_FOLLOW_UP, PRIORITY_REPLY, TodoItem

from .choices import MomentStatus, Rsvp
from .models import ConsultationMoment, Invitation


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
        minutes=Count("pk", filter=_without_minutes()),
    )
    changelist = reverse("admin:partners_consultationmoment_changelist")
    items = []
    if count := found["unpublished"]:
        first = timezone.localtime(found["first_unpublished"]).date()
        items.append(
            TodoItem(
                title=ngettext("A consultation moment to publish", "%(count)s consultation moments to publish", count)
                % {"count": count},
                url=f"{changelist}?status__exact={MomentStatus.PLANNED}",
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
                url=f"{changelist}?status__exact={MomentStatus.HELD}",
                count=count,
                priority=PRIORITY_FOLLOW_UP,
            )
        )
    return items


def _unpublished(now):
    return Q(status=MomentStatus.PLANNED, published_at__isnull=True, starts_at__gte=now)


def _without_minutes():
    return Q(status=MomentStatus.HELD, minutes_published_at__isnull=True)


# The next bilateral meeting due: the partners' "next bilateral due" domain method (the agreed rhythm of
# bilateral meetings per partner) brings its own provider here, `bilateral_todo(request)`, for an account
# manager's partners (Partner.objects.looked_after_by), at portal.todo.PRIORITY_BILATERAL, registered in
# apps.py next to the two above. One query for all the manager's partners, like the providers above.
