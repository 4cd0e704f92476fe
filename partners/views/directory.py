"""The partner network: the directory of the partners, a partner's profile as the others read it, and a
partner's own profile to keep up to date (with which of its contacts are listed)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.decorators import network_required, partner_required

from ..forms import DirectoryFilter, ProfileForm
from ..models import Contact, Partner
from ..services import contact_set_listed, partner_profile_save, profile_view_record

PER_PAGE = 20


@network_required
def directory(request):
    filters = DirectoryFilter(request.GET or None)
    partners = filters.apply(Partner.objects.in_directory_of(request.user)).prefetch_related("versnellingen", "markets")
    page = Paginator(partners, PER_PAGE).get_page(request.GET.get("page"))
    own_slug = Partner.objects.filter(pk=request.partner_id).values_list("slug", flat=True).first()
    return render(
        request,
        "partners/directory.html",
        {"filters": filters, "page": page, "own_partner_id": request.partner_id, "own_slug": own_slug},
    )


@network_required
def profile(request, slug: str):
    """A partner's profile as the other partners read it: only what the profile shares (see the template)."""
    partners = Partner.objects.in_directory_of(request.user).prefetch_related(
        "versnellingen",
        "themes",
        "markets",
        Prefetch("contacts", queryset=Contact.objects.listed().order_by("last_name", "first_name"), to_attr="listed"),
    )
    partner = get_object_or_404(partners, slug=slug)
    if request.method == "GET":
        profile_view_record(viewer_id=request.partner_id, viewed=partner)
    return render(request, "partners/profile.html", {"partner": partner, "is_own": partner.pk == request.partner_id})


@partner_required
def profile_edit(request, slug: str):
    """A partner user edits their own organisation's profile; another partner's is not found (404)."""
    partner = get_object_or_404(Partner.objects.visible_to(request.user).in_directory(), slug=slug)
    form = ProfileForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        partner_profile_save(
            partner=partner,
            user=request.user,
            description=data["description"],
            website=data["website"],
            versnellingen=data["versnellingen"],
            themes=data["themes"],
            markets=data["markets"],
            show_in_attendee_lists=data["show_in_attendee_lists"],
        )
        messages.success(request, _("Your profile in the partner network has been saved."))
        return redirect("partners:profile", slug=partner.slug)
    contacts = Contact.objects.visible_to(request.user).active().order_by("last_name", "first_name")
    return render(
        request,
        "partners/profile_form.html",
        {"form": form, "partner": partner, "contacts": contacts},
        status=400 if form.is_bound else 200,
    )


@require_POST
@partner_required
def contact_listing(request, pk: int):
    """List one of the organisation's contacts in the partner network ("listed" = "1") or withdraw them (any
    other value: withdrawing is what a doubtful request does)."""
    contact = get_object_or_404(Contact.objects.visible_to(request.user), pk=pk)
    listed = request.POST.get("listed") == "1"
    try:
        contact_set_listed(contact=contact, user=request.user, listed=listed)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if listed:
            text = _("%(name)s is now listed in the partner network.")
        else:
            text = _("%(name)s is no longer listed in the partner network.")
        messages.success(request, text % {"name": contact.full_name})
    if request.POST.get("return_to") == "profile":
        return redirect("partners:profile_edit", slug=contact.partner.slug)
    return redirect("partners:contact_list")
