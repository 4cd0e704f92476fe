"""Writes of the partner network: a partner's own profile, its contacts' consent to be listed, and the count of
profiles read (the directory's use, for the cooperation figures)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.scoping import user_partner_id

from ..models import Contact, Partner, PartnerMarket, ProfileView


def partner_profile_save(
    *,
    partner: Partner,
    user,
    description: str,
    website: str,
    versnellingen,
    themes,
    markets: list[str],
    show_in_attendee_lists: bool,
) -> Partner:
    """A partner user updates their own organisation's profile in the partner network; the countries and
    markets replace the previous ones."""
    if user_partner_id(user) != partner.pk:
        raise PermissionDenied
    with transaction.atomic():
        partner.description = description.strip()
        partner.website = website
        partner.show_in_attendee_lists = show_in_attendee_lists
        partner.profile_updated_at = timezone.now()
        partner.full_clean()
        partner.save()
        partner.versnellingen.set(versnellingen)
        partner.themes.set(themes)
        kept = {name.casefold() for name in markets}
        existing = {market.name.casefold(): market for market in partner.markets.all()}
        PartnerMarket.objects.filter(pk__in=[m.pk for key, m in existing.items() if key not in kept]).delete()
        for name in markets:
            market = existing.get(name.casefold())
            if market is None:
                market = PartnerMarket(partner=partner, name=name)
            elif market.name == name:
                continue
            market.name = name  # a changed spelling ("verenigd koninkrijk" → "Verenigd Koninkrijk")
            market.full_clean()
            market.save()
    return partner


def contact_set_listed(*, contact: Contact, user, listed: bool) -> Contact:
    """List a contact in the partner network, or withdraw them: at once, with the moment of consent kept while
    listed. The contact themselves or another user of their organisation does it (the consent is the contact's,
    given to their organisation). FIT staff may only withdraw a listing (a contact who asks FIT to), never list."""
    withdrawn_by_fit = not listed and user.is_authenticated and user.is_fit_staff
    if user_partner_id(user) != contact.partner_id and not withdrawn_by_fit:
        raise PermissionDenied
    if listed and not contact.is_active:
        raise ValidationError(_("A deactivated contact cannot be listed in the partner network."))
    if listed == contact.listed_in_directory:
        return contact  # a second click changes nothing, not even the date of consent
    contact.listed_in_directory = listed
    contact.listed_since = timezone.now() if listed else None
    contact.save(update_fields=["listed_in_directory", "listed_since"])
    return contact


def profile_view_record(*, viewer_id: int | None, viewed: Partner, day: datetime.date | None = None) -> None:
    """Count that a partner read another partner's profile today (once a day; FIT's reading, with no partner,
    and a look at one's own profile are not counted)."""
    if viewer_id is None or viewer_id == viewed.pk:
        return
    day = day or timezone.localdate()
    ProfileView.objects.bulk_create([ProfileView(viewer_id=viewer_id, viewed=viewed, day=day)], ignore_conflicts=True)
