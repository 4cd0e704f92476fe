"""The library's figures per partner for a year, for the dashboards: documents FIT shared with the partner,
downloads by its users, and documents it shared with FIT. A constant number of queries for every partner."""

from dataclasses import dataclass

from django.db.models import Count

from partners.models import Partner

from .audience import PartnerReach
from .models import Document, Download


@dataclass(frozen=True)
class LibraryFigures:
    shared_with: int  # documents FIT shared that year that reach the partner
    downloads: int  # downloads that year by the partner's users
    documents_downloaded: int  # distinct documents among those downloads
    shared_by: int  # documents the partner shared with FIT that year


def partner_figures(year: int, partners=None) -> dict[int, LibraryFigures]:
    """partner id -> LibraryFigures of `year`, for `partners` (default: every active partner)."""
    partners = partners if partners is not None else Partner.objects.active()
    reaches = PartnerReach.of_partners(partners)
    shared = list(Document.objects.shared_by_fit().filter(created_at__year=year))
    downloads = {
        row["partner_id"]: row
        for row in Download.objects.by_partners()
        .filter(at__year=year)
        .values("partner_id")
        .annotate(count=Count("pk"), documents=Count("version__document", distinct=True))
    }
    own = dict(
        Document.objects.shared_by_partners()
        .filter(created_at__year=year)
        .values("partner_id")
        .annotate(count=Count("pk"))
        .values_list("partner_id", "count")
    )
    return {
        reach.partner_id: LibraryFigures(
            shared_with=sum(1 for document in shared if document.reaches(reach)),
            downloads=downloads.get(reach.partner_id, {}).get("count", 0),
            documents_downloaded=downloads.get(reach.partner_id, {}).get("documents", 0),
            shared_by=own.get(reach.partner_id, 0),
        )
        for reach in reaches
    }
