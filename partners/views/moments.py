"""Consultation moments on the partner side: list, detail with RSVP per contact, .ics, calendar feed."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.decorators import partner_required

from ..calendar import staff_feed_entries
from ..forms import MinutesApprovalForm, MinutesCommentForm, RsvpForm
from ..ics import feed_ics, moment_ics
from ..models import CalendarFeed, ConsultationMoment, Invitation, MinutesApproval, MinutesComment, Partner
from ..services import (
    calendar_feed_renew,
    calendar_feed_revoke,
    invitation_respond,
    minutes_answer,
    minutes_comment,
)


def _own_invitations(partner_id: int) -> Prefetch:
    return Prefetch(
        "invitations",
        queryset=Invitation.objects.filter(partner_id=partner_id).select_related("contact"),
        to_attr="own_invitations",
    )


@partner_required
def moment_list(request):
    moments = ConsultationMoment.objects.visible_to(request.user).prefetch_related(_own_invitations(request.partner_id))
    return render(
        request,
        "partners/moment_list.html",
        {"upcoming": moments.upcoming(), "past": moments.past()[:30], "feed": _active_feed(request.user)},
    )


@partner_required
def moment_detail(request, pk: int):
    moments = ConsultationMoment.objects.visible_to(request.user).prefetch_related(
        _own_invitations(request.partner_id), "foreign_offices"
    )
    moment = get_object_or_404(moments, pk=pk)
    forms = [RsvpForm(instance=i, prefix=f"i{i.pk}") for i in moment.own_invitations]
    if request.method == "POST":
        invitation_id = request.POST.get("invitation", "")
        if not invitation_id.isdigit():
            raise Http404
        invitation = get_object_or_404(Invitation.objects.visible_to(request.user), pk=invitation_id, moment=moment)
        form = RsvpForm(request.POST, instance=invitation, prefix=f"i{invitation.pk}")
        if form.is_valid():
            try:
                invitation_respond(
                    invitation=invitation,
                    user=request.user,
                    rsvp=form.cleaned_data["rsvp"],
                    note=form.cleaned_data["rsvp_note"],
                )
            except ValidationError as error:
                messages.error(request, error.messages[0])
            else:
                messages.success(
                    request, _("The reply for %(name)s has been saved.") % {"name": invitation.contact.full_name}
                )
                return redirect("partners:moment_detail", pk=moment.pk)
        forms = [form if f.instance.pk == invitation.pk else f for f in forms]
    return _render_detail(request, moment, forms=forms)


def _render_detail(request, moment, *, forms=None, comment_form=None, approval_form=None, status=200):
    if forms is None:
        forms = [RsvpForm(instance=i, prefix=f"i{i.pk}") for i in moment.own_invitations]
    published = moment.minutes_published_at is not None
    approval = MinutesApproval.objects.visible_to(request.user).filter(moment=moment).select_related("by").first()
    if approval_form is None and moment.approval_open():
        initial = {"decision": approval.decision, "remarks": approval.remarks} if approval else {}
        approval_form = MinutesApprovalForm(initial=initial)
    comments = (
        MinutesComment.objects.visible_to(request.user).filter(moment=moment).select_related("author")
        if published
        else []
    )
    return render(
        request,
        "partners/moment_detail.html",
        {
            **_who_comes(request, moment),
            "moment": moment,
            "forms": forms,
            "minutes_visible": published,
            "comments": comments,
            "comment_form": comment_form or MinutesCommentForm(),
            "approval": approval,
            "approval_form": approval_form if moment.approval_open() else None,
        },
        status=status,
    )


def _who_comes(request, moment) -> dict:
    """The organisations that said they will come (issue 15), so the invited partners can meet there: not for a
    bilateral meeting (one partner) or a cancelled moment. `own_hidden`: the user's organisation said yes but
    prefers not to be shown, so it is told why it is missing."""
    if moment.kind == moment.Kind.BILATERAL or moment.status == moment.Status.CANCELLED:
        return {"coming": None}
    coming = list(Partner.objects.coming_to(moment))
    own_yes = any(i.rsvp == Invitation.Rsvp.YES for i in moment.own_invitations)
    own_hidden = own_yes and all(p.pk != request.partner_id for p in coming)
    slug = Partner.objects.filter(pk=request.partner_id).values_list("slug", flat=True).first() if own_hidden else ""
    return {"coming": coming, "own_hidden": own_hidden, "own_slug": slug}


def _visible_moment(request, pk: int) -> ConsultationMoment:
    moments = ConsultationMoment.objects.visible_to(request.user).prefetch_related(
        _own_invitations(request.partner_id), "foreign_offices"
    )
    return get_object_or_404(moments, pk=pk)


@require_POST
@partner_required
def moment_comment(request, pk: int):
    """An invited partner comments on the published minutes (seen by FIT and their own organisation)."""
    moment = _visible_moment(request, pk)
    if moment.minutes_published_at is None:
        raise Http404
    form = MinutesCommentForm(request.POST)
    if form.is_valid():
        try:
            minutes_comment(
                moment=moment, partner_id=request.partner_id, user=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            form.add_error("body", error.messages[0])
        else:
            messages.success(request, _("Your comment has been sent to FIT."))
            return redirect(reverse("partners:moment_detail", args=[moment.pk]) + "#comments-heading")
    return _render_detail(request, moment, comment_form=form, status=400)


@require_POST
@partner_required
def moment_approval(request, pk: int):
    """An invited partner approves the minutes or sends remarks, for their own organisation only."""
    moment = _visible_moment(request, pk)
    if moment.minutes_published_at is None or moment.minutes_approval_due is None:
        raise Http404
    form = MinutesApprovalForm(request.POST)
    if form.is_valid():
        try:
            approval = minutes_answer(
                moment=moment,
                partner_id=request.partner_id,
                user=request.user,
                decision=form.cleaned_data["decision"],
                remarks=form.cleaned_data["remarks"],
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("partners:moment_detail", pk=moment.pk)
        if approval.decision == MinutesApproval.Decision.APPROVED:
            messages.success(request, _("Thank you: you approved the minutes."))
        else:
            messages.success(request, _("Thank you: your remarks on the minutes have been sent to FIT."))
        return redirect(reverse("partners:moment_detail", args=[moment.pk]) + "#approval-heading")
    return _render_detail(request, moment, approval_form=form, status=400)


@partner_required
def moment_download(request, pk: int):
    moment = get_object_or_404(ConsultationMoment.objects.visible_to(request.user), pk=pk)
    response = HttpResponse(moment_ics(moment), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="overlegmoment-{moment.pk}.ics"'
    return response


def _active_feed(user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


@partner_required
def calendar_settings(request):
    feed = _active_feed(request.user)
    feed_url = request.build_absolute_uri(reverse("partners:calendar_feed", args=[feed.token])) if feed else None
    # webcal:// makes the phone or computer open its calendar app and offer to subscribe.
    webcal_url = "webcal://" + feed_url.split("://", 1)[1] if feed_url else None
    return render(request, "partners/calendar.html", {"feed": feed, "feed_url": feed_url, "webcal_url": webcal_url})


@require_POST
@partner_required
def calendar_renew(request):
    replaced = _active_feed(request.user) is not None
    calendar_feed_renew(user=request.user)
    if replaced:
        messages.success(request, _("A new calendar link has been created; any previous link no longer works."))
    else:
        messages.success(request, _("Your calendar link is ready: add it to your calendar app with the steps below."))
    return redirect("partners:calendar")


@require_POST
@partner_required
def calendar_revoke(request):
    calendar_feed_revoke(user=request.user)
    messages.success(request, _("The calendar link has been revoked."))
    return redirect("partners:calendar")


def calendar_feed(request, token: str):
    """The subscribable feed: no session (calendar apps have none), the secret token is the key."""
    feed = CalendarFeed.objects.select_related("user__contact").filter(token=token, revoked_at__isnull=True).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    if feed.user.is_fit_staff:
        # A FIT user's own moments, and what the apps above add (the KPI deadlines of their partners).
        moments = ConsultationMoment.objects.in_staff_calendar_of(feed.user).order_by("starts_at")
        ics = feed_ics(moments, _("FIT partnerships"), staff_feed_entries(feed.user))
    else:
        moments = ConsultationMoment.objects.visible_to(feed.user).order_by("starts_at")
        ics = feed_ics(moments, _("FIT consultation moments"))
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response
