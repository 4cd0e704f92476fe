"""The announcements' figures per partner for a year, for the dashboards: how many were published to the
partner, and how many of those a user of the partner read. A constant number of queries."""

from dataclasses import dataclass

from library.audience import PartnerReach
from partners.models import Partner

from .models import Announcement, AnnouncementRead


@dataclass(frozen=True)
class AnnouncementFigures:
    published: int
    read: int


def partner_figures(year: int, partners=None) -> dict[int, AnnouncementFigures]:
    partners = partners if partners is not None else Partner.objects.active()
    reaches = PartnerReach.of_partners(partners)
    announcements = list(Announcement.objects.published().filter(published_at__year=year))
    read = read_by_partner([a.pk for a in announcements])
    return {
        reach.partner_id: AnnouncementFigures(
            published=sum(1 for a in announcements if a.reaches(reach)),
            read=sum(1 for a in announcements if a.reaches(reach) and reach.partner_id in read.get(a.pk, ())),
        )
        for reach in reaches
    }


def read_by_partner(announcement_ids) -> dict[int, set[int]]:
    """announcement id -> the partners one of whose users read it."""
    reads = (
        AnnouncementRead.objects.filter(announcement_id__in=list(announcement_ids), user__contact__isnull=False)
        .values_list("announcement_id", "user__contact__partner_id")
        .distinct()
    )
    result: dict[int, set[int]] = {}
    for announcement_id, partner_id in reads:
        result.setdefault(announcement_id, set()).add(partner_id)
    return result
