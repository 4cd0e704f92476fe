"""The partner keeps its own contact persons up to date."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.decorators import partner_required

from ..forms import ContactForm
from ..models import Contact, Partner
from ..services import contact_delete, contact_save, contact_set_active


@partner_required
def contact_list(request):
    contacts = Contact.objects.visible_to(request.user).order_by("-is_active", "last_name", "first_name")
    slug = Partner.objects.filter(pk=request.partner_id).values_list("slug", flat=True).get()
    context = {"contacts": contacts, "network_url": reverse("partners:profile", args=[slug])}
    return render(request, "partners/contact_list.html", context)


@partner_required
def contact_edit(request, pk: int | None = None):
    contact = get_object_or_404(Contact.objects.visible_to(request.user), pk=pk) if pk else Contact()
    form = ContactForm(request.POST or None, instance=contact, partner_id=request.partner_id)
    if request.method == "POST" and form.is_valid():
        contact_save(contact=form.instance, user=request.user)
        messages.success(request, _("The details of %(name)s have been saved.") % {"name": contact.full_name})
        return redirect("partners:contact_list")
    return render(request, "partners/contact_form.html", {"form": form, "contact": contact})


@require_POST
@partner_required
def contact_toggle(request, pk: int):
    contact = get_object_or_404(Contact.objects.visible_to(request.user), pk=pk)
    try:
        contact_set_active(contact=contact, user=request.user, active=not contact.is_active)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        text = _("%(name)s is active again.") if contact.is_active else _("%(name)s has been deactivated.")
        messages.success(request, text % {"name": contact.full_name})
    return redirect("partners:contact_list")


@require_POST
@partner_required
def contact_remove(request, pk: int):
    contact = get_object_or_404(Contact.objects.visible_to(request.user), pk=pk)
    try:
        contact_delete(contact=contact, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("%(name)s has been deleted.") % {"name": contact.full_name})
    return redirect("partners:contact_list")
