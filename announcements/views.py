"""The announcements' pages: the partner's list and "mark as read"; FIT's list, drafts, publishing and the
read figures per partner."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from library.audience import PartnerReach
from partners.models import Partner
from portal.decorators import partner_required, staff_required

from .figures import read_by_partner
from .forms import AnnouncementForm
from .models import Announcement, AnnouncementRead
from .services import announcement_mark_read, announcement_publish


@partner_required
def announcement_list(request):
    """Every published announcement for the partner, newest first, each marked read or unread for this user."""
    read = AnnouncementRead.objects.filter(announcement=OuterRef("pk"), user=request.user)
    announcements = (
        Announcement.objects.visible_to(request.user).annotate(is_read=Exists(read)).order_by("-published_at", "-pk")
    )
    return render(request, "announcements/announcement_list.html", {"announcements": announcements})


@partner_required
@require_POST
def announcement_read(request, pk: int):
    announcement = get_object_or_404(Announcement.objects.visible_to(request.user), pk=pk)
    announcement_mark_read(announcement=announcement, user=request.user)
    messages.success(request, _("Marked as read: %(title)s.") % {"title": announcement.title})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        target = ""
    return redirect(target or "announcements:announcement_list")


# -- FIT's side ---------------------------------------------------------------------------------------


def _partner_rows(announcement) -> list[dict]:
    partners = list(announcement.audience_partners().order_by("name")) if announcement.is_published else []
    read = read_by_partner([announcement.pk]).get(announcement.pk, set())
    return [{"partner": p, "read": p.pk in read} for p in partners]


@staff_required
def staff_announcement_list(request):
    """Drafts and published announcements, each with "read by X of Y partners"."""
    announcements = list(Announcement.objects.visible_to(request.user).select_related("versnelling"))
    read = read_by_partner([a.pk for a in announcements if a.is_published])
    reaches = PartnerReach.of_partners(Partner.objects.active())  # matched in Python: no query per announcement
    for announcement in announcements:
        ids = {r.partner_id for r in reaches if announcement.reaches(r)} if announcement.is_published else set()
        announcement.partner_total = len(ids)
        announcement.partners_read = len(read.get(announcement.pk, set()) & ids)
    return render(request, "announcements/staff/announcement_list.html", {"announcements": announcements})


@staff_required
def staff_announcement_edit(request, pk: int | None = None):
    """Write a new draft or change one; a published announcement is no longer changed here."""
    announcement = None
    if pk is not None:
        announcement = get_object_or_404(Announcement.objects.visible_to(request.user).drafts(), pk=pk)
    form = AnnouncementForm(request.POST or None, instance=announcement or Announcement(created_by=request.user))
    if request.method == "POST" and form.is_valid():
        announcement = form.save()
        messages.success(request, _("The draft has been saved."))
        return redirect("announcements:staff_announcement_detail", pk=announcement.pk)
    return render(request, "announcements/staff/announcement_form.html", {"form": form, "announcement": announcement})


@staff_required
def staff_announcement_detail(request, pk: int):
    """The announcement as the partners see it, and which partners' users read it."""
    announcement = get_object_or_404(Announcement.objects.visible_to(request.user).select_related("versnelling"), pk=pk)
    rows = _partner_rows(announcement)
    return render(
        request,
        "announcements/staff/announcement_detail.html",
        {"announcement": announcement, "rows": rows, "read_count": sum(1 for r in rows if r["read"])},
    )


@staff_required
@require_POST
def staff_announcement_publish(request, pk: int):
    announcement = get_object_or_404(Announcement.objects.visible_to(request.user), pk=pk)
    try:
        count = announcement_publish(announcement=announcement, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request, _("The announcement has been published; %(count)s e-mails are being sent.") % {"count": count}
        )
    return redirect("announcements:staff_announcement_detail", pk=announcement.pk)
