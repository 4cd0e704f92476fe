"""Consultation moments on the staff side, outside the admin: plan and edit a moment, publish it, and on its
own page follow the invitations, answers and attendance, and write and publish the minutes.

Every write goes through partners.services (the admin calls the same ones)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, F, Q
from django.db.models.functions import ExtractYear, Lower
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from portal.decorators import staff_required
from portal.holidays import holidays
from portal.working_year import working_year

from ..forms import ApprovalRequestForm, AttendanceForm, CancelMomentForm, MinutesForm, MomentForm, RhythmForm
from ..models import CalendarFeed, ConsultationMoment, Invitation, MinutesApproval, MinutesComment, Partner
from ..permissions import can_plan_moments, can_set_rhythm
from ..services import (
    calendar_feed_renew,
    calendar_feed_revoke,
    minutes_ask_approval,
    moment_cancel,
    moment_plan,
    moment_publish,
    moment_record_attendance,
    moment_save_minutes,
    moment_withdraw_invitation,
)


def _moments(request):
    return ConsultationMoment.objects.visible_to(request.user).select_related("partner", "organiser")


def _require_planner(request) -> None:
    if not can_plan_moments(request.user):
        raise PermissionDenied


def _counted(moments):
    return moments.annotate(
        invited=Count("invitations", distinct=True),
        yes=Count("invitations", filter=Q(invitations__rsvp=Invitation.Rsvp.YES), distinct=True),
        present=Count("invitations", filter=Q(invitations__attended=True), distinct=True),
    )


MOMENTS_PER_PAGE = 50


@staff_required
def moment_list(request):
    """Upcoming moments, and the moments of one year (by default the working year, or the latest year with
    moments before it when it has none)."""
    years = sorted(
        set(ConsultationMoment.objects.annotate(y=ExtractYear("starts_at")).values_list("y", flat=True)),
        reverse=True,
    )
    year = request.GET.get("year", "")
    default = working_year(request)
    default = default if default in years else next((y for y in years if y <= default), years[0] if years else None)
    year = int(year) if year.isdigit() and int(year) in years else default
    upcoming = _counted(_moments(request).upcoming())
    in_year = (
        _counted(_moments(request).in_year(year).order_by("-starts_at", "pk"))
        if year
        else ConsultationMoment.objects.none()
    )
    page = Paginator(in_year, MOMENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "partners/staff/moment_list.html",
        {
            "upcoming": upcoming,
            "in_year": page.object_list,
            "page": page,
            "years": years,
            "year": year,
            "can_plan": can_plan_moments(request.user),
        },
    )


def _holiday_list() -> dict[str, str]:
    """The public holidays from five years back to five ahead, for the warning shown while a date is chosen."""
    this_year = timezone.localdate().year
    return {
        day.isoformat(): str(name)
        for year in range(this_year - 10, this_year + 6)
        for day, name in holidays(year).items()
    }


@staff_required
def moment_edit(request, pk: int | None = None):
    """Plan a new moment, or edit one: its time, place and invitees (invitees are only added here)."""
    _require_planner(request)
    moment = get_object_or_404(_moments(request), pk=pk) if pk else ConsultationMoment(organiser=request.user)
    initial = {}
    if pk is None:
        kind = request.GET.get("kind", "")
        initial["kind"] = kind if kind in ConsultationMoment.Kind.values else ConsultationMoment.Kind.FORMAL
        partner = request.GET.get("partner", "")
        if partner.isdigit() and initial["kind"] == ConsultationMoment.Kind.BILATERAL:
            initial["partner"] = int(partner)
    form = MomentForm(request.POST or None, instance=moment, initial=initial)
    if request.method == "POST" and form.is_valid():
        created = moment.pk is None
        try:
            with transaction.atomic():
                changed = None if created else form.changed_fields()
                moment = form.save()
                new = moment_plan(
                    moment=moment,
                    user=request.user,
                    changed=changed,
                    partners=form.invited_partners(),
                    offices=moment.foreign_offices.all(),
                )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                (_("The consultation moment has been planned.") if created else _("The changes have been saved."))
                + " "
                + ngettext("%(count)d invitee added.", "%(count)d invitees added.", len(new)) % {"count": len(new)},
            )
            if moment.planning_warning:
                messages.warning(request, moment.planning_warning)
            return redirect("partners:staff_moment_detail", pk=moment.pk)
    return render(
        request,
        "partners/staff/moment_form.html",
        {
            "form": form,
            "moment": moment,
            "holidays_json": _holiday_list(),
            "weekend_texts": {"6": _("Saturday"), "0": _("Sunday")},
            "warning_texts": {
                "holiday": _(
                    "Note: %(date)s is a public holiday (%(name)s); Flemish public services are closed that day."
                ),
                "weekend": _("Note: %(date)s is a %(weekday)s; few partners will be able to attend."),
            },
        },
    )


@staff_required
def moment_detail(request, pk: int):
    """One moment: its details, who is invited and what they answered, attendance and the minutes."""
    return _detail(request, get_object_or_404(_moments(request), pk=pk))


def _approval_rows(moment: ConsultationMoment) -> dict:
    """Each invited partner with its answer to the request to approve the minutes (None: not answered)."""
    approvals = {a.partner_id: a for a in MinutesApproval.objects.filter(moment=moment).select_related("by")}
    rows = [{"partner": p, "approval": approvals.get(p.pk)} for p in moment.invited_partners().order_by("name")]
    return {
        "approval_rows": rows,
        "approved_count": sum(1 for r in rows if r["approval"] and r["approval"].decision == "approved"),
        "remarks_count": sum(1 for r in rows if r["approval"] and r["approval"].decision == "remarks"),
        "unanswered_count": sum(1 for r in rows if r["approval"] is None),
    }


def _detail(
    request,
    moment: ConsultationMoment,
    *,
    minutes_form: MinutesForm | None = None,
    approval_request_form: ApprovalRequestForm | None = None,
    status: int = 200,
):
    invitations = list(
        # The partners' contacts first, then the representatives of the foreign network.
        moment.invitations.select_related("contact", "partner", "representative__office").order_by(
            F("representative").asc(nulls_first=True),
            Lower("partner__name"),
            "contact__last_name",
            "representative__office__city",
        )
    )
    counts = dict.fromkeys(Invitation.Rsvp.values, 0)
    for invitation in invitations:
        counts[invitation.rsvp] += 1
    return render(
        request,
        "partners/staff/moment_detail.html",
        {
            "moment": moment,
            "offices": list(moment.foreign_offices.all()),
            "invitations": invitations,
            "rsvp_counts": [(label, counts[value]) for value, label in Invitation.Rsvp.choices],
            "present_count": sum(1 for i in invitations if i.attended),
            "minutes_form": minutes_form or MinutesForm(initial={"minutes": moment.minutes}),
            "cancel_form": CancelMomentForm(),
            "can_plan": can_plan_moments(request.user),
            "attendance_open": moment.has_started and moment.status != moment.Status.CANCELLED,
            "withdraw_open": moment.status == moment.Status.PLANNED and not moment.has_started,
            "comments": MinutesComment.objects.filter(moment=moment).select_related("partner", "author"),
            "approval_request_form": approval_request_form
            or ApprovalRequestForm(initial={"due": moment.minutes_approval_due}),
            **(_approval_rows(moment) if moment.minutes_approval_due else {}),
        },
        status=status,
    )


def _planned_moment(request, pk: int) -> ConsultationMoment:
    _require_planner(request)
    return get_object_or_404(_moments(request), pk=pk)


@require_POST
@staff_required
def moment_publish_view(request, pk: int):
    moment = _planned_moment(request, pk)
    if moment.is_published:
        messages.info(request, _("This consultation moment was already published."))
        return redirect("partners:staff_moment_detail", pk=moment.pk)
    try:
        moment_publish(moment=moment, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        count = moment.invitations.count()
        messages.success(
            request,
            ngettext(
                "Published: %(count)d invitee receives the invitation.",
                "Published: %(count)d invitees receive the invitation.",
                count,
            )
            % {"count": count},
        )
    return redirect("partners:staff_moment_detail", pk=moment.pk)


@require_POST
@staff_required
def moment_cancel_view(request, pk: int):
    moment = _planned_moment(request, pk)
    form = CancelMomentForm(request.POST)
    if moment.status != moment.Status.PLANNED:
        messages.error(request, _("Only a planned consultation moment can be cancelled."))
    elif form.is_valid():
        moment_cancel(moment=moment, user=request.user, reason=form.cleaned_data["reason"])
        messages.success(
            request, _("The consultation moment has been cancelled; everyone who was invited will be notified.")
        )
    else:
        messages.error(request, form.errors["reason"][0])
    return redirect("partners:staff_moment_detail", pk=moment.pk)


@require_POST
@staff_required
def invitation_withdraw_view(request, pk: int):
    """Withdraw one invitation of a planned moment (services.moment_withdraw_invitation): the button sits on each
    invitee's row of the moment page and posts the invitation's id."""
    moment = _planned_moment(request, pk)
    invitation_id = request.POST.get("invitation", "")
    invitation = get_object_or_404(
        moment.invitations.select_related("contact", "representative", "moment"),
        pk=int(invitation_id) if invitation_id.isdigit() else 0,
    )
    name = invitation.invitee.full_name
    try:
        moment_withdraw_invitation(invitation=invitation, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if moment.is_published:
            text = _(
                "The invitation of %(name)s has been withdrawn; they receive a notice that removes it from their "
                "calendar."
            )
        else:
            text = _("The invitation of %(name)s has been withdrawn.")
        messages.success(request, text % {"name": name})
    return redirect("partners:staff_moment_detail", pk=moment.pk)


@require_POST
@staff_required
def moment_attendance_view(request, pk: int):
    moment = _planned_moment(request, pk)
    form = AttendanceForm(request.POST, invitations=moment.invitations.select_related("contact", "representative"))
    if not form.is_valid():
        messages.error(request, _("Tick the invitees who were present."))
        return redirect("partners:staff_moment_detail", pk=moment.pk)
    try:
        present = moment_record_attendance(moment=moment, present=form.cleaned_data["present"], user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            ngettext(
                "Attendance saved: %(count)d invitee present.", "Attendance saved: %(count)d invitees present.", present
            )
            % {"count": present},
        )
    return redirect("partners:staff_moment_detail", pk=moment.pk)


@require_POST
@staff_required
def moment_minutes_view(request, pk: int):
    moment = _planned_moment(request, pk)
    form = MinutesForm(request.POST)
    publish = "publish" in request.POST
    if form.is_valid():
        try:
            moment_save_minutes(moment=moment, minutes=form.cleaned_data["minutes"], publish=publish, user=request.user)
        except ValidationError as error:
            form.add_error("minutes", error.messages[0])
        else:
            messages.success(
                request,
                _("The minutes have been published; the invitees are notified.")
                if publish
                else _("The minutes have been saved."),
            )
            return redirect("partners:staff_moment_detail", pk=moment.pk)
    # What was typed stays on the page, with the reason it was not saved.
    return _detail(request, moment, minutes_form=form, status=400)


@require_POST
@staff_required
def moment_ask_approval_view(request, pk: int):
    """Ask the invited partners to approve the published minutes by a date."""
    moment = _planned_moment(request, pk)
    form = ApprovalRequestForm(request.POST)
    if form.is_valid():
        try:
            count = minutes_ask_approval(moment=moment, due=form.cleaned_data["due"], user=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("partners:staff_moment_detail", pk=moment.pk)
        else:
            messages.success(
                request,
                ngettext(
                    "Approval asked: %(count)d contact of the invited partners is notified.",
                    "Approval asked: %(count)d contacts of the invited partners are notified.",
                    count,
                )
                % {"count": count},
            )
            return redirect(reverse("partners:staff_moment_detail", args=[moment.pk]) + "#approval-heading")
    return _detail(request, moment, approval_request_form=form, status=400)


@staff_required
def partner_rhythm(request, pk: int):
    """Set the agreed rhythm of bilateral meetings with a partner (the account manager's or FIT staff's call)."""
    partner = get_object_or_404(Partner.objects.filter(is_active=True), pk=pk)
    if not can_set_rhythm(request.user, partner):
        raise PermissionDenied
    back = request.POST.get("next") or request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = reverse("evaluations:staff_home")
    form = RhythmForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        form.save()
        count = partner.bilaterals_per_year
        if count:
            text = ngettext(
                "%(partner)s: %(count)d bilateral meeting a year agreed.",
                "%(partner)s: %(count)d bilateral meetings a year agreed.",
                count,
            )
        else:
            text = _("%(partner)s: no rhythm of bilateral meetings agreed.")
        messages.success(request, text % {"partner": partner.name, "count": count})
        return redirect(back)
    return render(request, "partners/staff/partner_rhythm.html", {"form": form, "partner": partner, "back": back})


@staff_required
def calendar_settings(request):
    """A FIT user's calendar link: their moments and the KPI deadlines of the partners they look after."""
    feed = CalendarFeed.objects.filter(user=request.user, revoked_at__isnull=True).first()
    feed_url = request.build_absolute_uri(reverse("partners:calendar_feed", args=[feed.token])) if feed else None
    return render(request, "partners/staff/calendar.html", {"feed": feed, "feed_url": feed_url})


@require_POST
@staff_required
def calendar_renew(request):
    calendar_feed_renew(user=request.user)
    messages.success(request, _("A new calendar link has been created; any previous link no longer works."))
    return redirect("partners:staff_calendar")


@require_POST
@staff_required
def calendar_revoke(request):
    calendar_feed_revoke(user=request.user)
    messages.success(request, _("The calendar link has been revoked."))
    return redirect("partners:staff_calendar")
