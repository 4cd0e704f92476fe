"""What a user may see of the library: defined once here (through portal.scoping.partner_scope)."""

from django.db import models
from django.db.models import Count, Q

from portal.scoping import partner_scope

from .audience import PartnerReach, audience_q


def _reaching(qs, partner_id: int, prefix: str = ""):
    return qs.filter(audience_q(PartnerReach.of(partner_id), prefix))


class FolderQuerySet(models.QuerySet):
    pass


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """FIT sees every document; a partner user those shared with all partners, with a group or a versnelling
        of their organisation, with their organisation alone, and their organisation's own uploads."""
        return partner_scope(self, user, _reaching)

    def shared_by_fit(self):
        return self.filter(from_partner=False)

    def shared_by_partners(self):
        return self.filter(from_partner=True)

    def search(self, text: str):
        text = (text or "").strip()
        return self.filter(title__icontains=text) if text else self

    def with_download_counts(self):
        """Annotate `download_count` (every download by a partner user) and `partner_count` (how many partners)."""
        by_partner = Q(versions__downloads__partner__isnull=False)
        return self.annotate(
            download_count=Count("versions__downloads", filter=by_partner),
            partner_count=Count("versions__downloads__partner", filter=by_partner, distinct=True),
        )


class DocumentVersionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return partner_scope(self, user, lambda qs, pid: _reaching(qs, pid, "document__"))


class DownloadQuerySet(models.QuerySet):
    def by_partners(self):
        return self.filter(partner__isnull=False)

    def of_project_tools(self):
        """Downloads of documents in a folder of a co-financed project's tools (Folder.project)."""
        return self.filter(version__document__folder__project__isnull=False)
