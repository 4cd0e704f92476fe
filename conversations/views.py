"""The conversations, partner side (/conversations/) and staff side (/staff/conversations/).

Every lookup goes through Thread/Message.objects.visible_to(user): another partner's thread is a 404, and a
partner never gets FIT's internal notes."""

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partners.models import Partner
from portal.decorators import partner_required, staff_required

from .forms import MessageForm, StaffThreadFilter, ThreadForm
from .models import ABOUT_FIELDS, Attachment, Message, Thread
from .services import message_post, thread_mark_read, thread_mark_unread, thread_set_closed, thread_start


def _threads(user):
    return (
        Thread.objects.visible_to(user).with_unread_for(user).with_counts(user).select_related("partner", "created_by")
    )


def _messages(user):
    return Prefetch(
        "messages",
        queryset=Message.objects.visible_to(user).select_related("author__contact").prefetch_related("attachments"),
        to_attr="shown_messages",
    )


def _about(request):
    """The object a new thread is about (?about=report&id=5), looked up as the user may see it; or None."""
    field, pk = request.GET.get("about", ""), request.GET.get("id", "")
    if field not in ABOUT_FIELDS or not pk.isdigit():
        return None, None
    model = apps.get_model(ABOUT_FIELDS[field])
    return field, get_object_or_404(model.objects.visible_to(request.user), pk=pk)


def _partner_of(obj):
    if obj is None:
        return None
    if getattr(obj, "partner_id", None):
        return obj.partner_id
    agreement = getattr(obj, "agreement", None)
    return agreement.partner_id if agreement else None


def _post(request, thread, staff: bool):
    """A reply from the detail page: the saved message, or the bound form with its errors (text kept)."""
    form = MessageForm(request.POST, request.FILES, staff=staff, user=request.user)
    if form.is_valid():
        try:
            message_post(
                thread=thread,
                author=request.user,
                body=form.cleaned_data["body"],
                internal=staff and form.cleaned_data.get("internal", False),
                files=form.cleaned_data["files"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return form
        form.release_kept()
        internal = form.cleaned_data.get("internal")
        messages.success(
            request, _("Your internal note has been saved.") if internal else _("Your message has been sent.")
        )
        return None
    form.hold_files()
    return form


# -- partner side ---------------------------------------------------------------------------------


@partner_required
def thread_list(request):
    threads = _threads(request.user)
    q = request.GET.get("q", "").strip()[:100]
    if q:
        threads = threads.search(q, request.LANGUAGE_CODE, user=request.user)
    unread_only = request.GET.get("unread") == "1"
    if unread_only:
        threads = threads.filter(unread=True)
    page = Paginator(threads, 50).get_page(request.GET.get("page"))
    return render(request, "conversations/thread_list.html", {"page": page, "q": q, "unread_only": unread_only})


@partner_required
def thread_create(request):
    field, about = _about(request)
    form = ThreadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        partner = get_object_or_404(Partner, pk=request.partner_id)
        thread = thread_start(
            partner=partner,
            author=request.user,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            about={field: about} if about else None,
            files=form.cleaned_data["files"],
        )
        form.release_kept()
        messages.success(request, _("Your message has been sent."))
        return redirect(reverse("conversations:thread_detail", args=[thread.pk]) + "?sent=1")
    if request.method == "POST":
        form.hold_files()
    return render(request, "conversations/thread_form.html", {"form": form, "about": about, "staff": False})


def _thread_page(request, pk: int, *, staff: bool):
    """A thread with its messages and the reply form, for either side: opening it marks it read, a reply that
    posts goes back to the thread (?sent=1), one that does not keeps what was typed."""
    thread = get_object_or_404(Thread.objects.visible_to(request.user).select_related("partner"), pk=pk)
    form = MessageForm(staff=staff)
    if request.method == "POST":
        form = _post(request, thread, staff=staff)
        if form is None:
            page = "conversations:staff_thread_detail" if staff else "conversations:thread_detail"
            return redirect(reverse(page, args=[thread.pk]) + "?sent=1")
    else:
        thread_mark_read(thread=thread, user=request.user)
    thread = Thread.objects.prefetch_related(_messages(request.user)).get(pk=thread.pk)
    return render(request, "conversations/thread_detail.html", {"thread": thread, "form": form, "staff": staff})


@partner_required
def thread_detail(request, pk: int):
    return _thread_page(request, pk, staff=False)


# -- both sides -----------------------------------------------------------------------------------


@login_required
@require_POST
def thread_mark(request, pk: int):
    """Mark a thread read or unread for the user ("mark as unread" brings it back in the count)."""
    thread = get_object_or_404(Thread.objects.visible_to(request.user), pk=pk)
    staff = request.user.is_fit_staff
    if request.POST.get("as") == "unread":
        thread_mark_unread(thread=thread, user=request.user)
        messages.success(request, _("The conversation is marked as unread."))
        return redirect("conversations:staff_thread_list" if staff else "conversations:thread_list")
    thread_mark_read(thread=thread, user=request.user)
    messages.success(request, _("The conversation is marked as read."))
    return redirect(thread.get_staff_url() if staff else thread.get_absolute_url())


@login_required
def attachment_download(request, pk: int):
    """An attachment, for the partner whose thread it is in and FIT staff only, always as a download."""
    attachment = get_object_or_404(
        Attachment.objects.filter(message__in=Message.objects.visible_to(request.user)), pk=pk
    )
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return FileResponse(handle, as_attachment=True, filename=attachment.name)


# -- staff side -----------------------------------------------------------------------------------


@staff_required
def staff_thread_list(request):
    filters = StaffThreadFilter(request.GET, user=request.user)
    threads = _threads(request.user)
    if not filters.showing_all():
        threads = threads.filter(partner__in=Partner.objects.looked_after_by(filters.account_manager))
    if filters.is_valid():
        data = filters.cleaned_data
        if data.get("partner"):
            threads = threads.filter(partner=data["partner"])
        if data.get("about") == "none":
            threads = threads.filter(**{f"{f}__isnull": True for f in ABOUT_FIELDS})
        elif data.get("about"):
            threads = threads.filter(**{f"{data['about']}__isnull": False})
        if data.get("unread"):  # what the header's count counts
            threads = threads.filter(unread=True, pk__in=Thread.objects.followed_by(request.user).values("pk"))
        if data.get("q"):
            threads = threads.search(data["q"], request.LANGUAGE_CODE, user=request.user)
    page = Paginator(threads, 50).get_page(request.GET.get("page"))
    return render(request, "conversations/staff_thread_list.html", {"page": page, "filters": filters})


@staff_required
def staff_thread_create(request):
    field, about = _about(request)
    initial = {"partner": _partner_of(about)} if about else {}
    form = ThreadForm(request.POST or None, request.FILES or None, staff=True, initial=initial, user=request.user)
    form.fields.pop("internal", None)
    if request.method == "POST" and form.is_valid():
        thread = thread_start(
            partner=form.cleaned_data["partner"],
            author=request.user,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            about={field: about} if about else None,
            files=form.cleaned_data["files"],
        )
        form.release_kept()
        messages.success(request, _("Your message has been sent."))
        return redirect(reverse("conversations:staff_thread_detail", args=[thread.pk]) + "?sent=1")
    if request.method == "POST":
        form.hold_files()
    return render(request, "conversations/thread_form.html", {"form": form, "about": about, "staff": True})


@staff_required
def staff_thread_detail(request, pk: int):
    return _thread_page(request, pk, staff=True)


@staff_required
@require_POST
def staff_thread_close(request, pk: int):
    """Close a conversation (the partner and FIT can read it, nobody can reply) or reopen it."""
    thread = get_object_or_404(Thread.objects.visible_to(request.user), pk=pk)
    closed = request.POST.get("closed") != "0"
    thread_set_closed(thread=thread, closed=closed, user=request.user)
    messages.success(request, _("The conversation is closed.") if closed else _("The conversation is open again."))
    return redirect(thread.get_staff_url())
