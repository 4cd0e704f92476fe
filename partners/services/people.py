"""Writes on the partner side: answering invitations, calendar feeds, keeping contacts up to date."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from portal.scoping import user_partner_id

from ..models import CalendarFeed, ConsultationMoment, Contact, ForeignRepresentative, Invitation, Partner


def invitation_respond(*, invitation: Invitation, user, rsvp: str, note: str = "") -> Invitation:
    """A partner user answers an invitation for one of their organisation's contacts."""
    if user_partner_id(user) != invitation.partner_id:
        raise PermissionDenied
    if invitation.moment.status == invitation.moment.Status.CANCELLED:
        raise ValidationError(_("This consultation moment has been cancelled."))
    if invitation.moment.ends_at < timezone.now():
        raise ValidationError(_("This consultation moment has passed; replies are no longer possible."))
    if rsvp not in (Invitation.Rsvp.YES, Invitation.Rsvp.NO, Invitation.Rsvp.MAYBE):
        raise ValidationError(_("Choose yes, no or maybe."))
    invitation.rsvp, invitation.rsvp_note = rsvp, note.strip()
    invitation.responded_at = timezone.now()
    invitation.full_clean()
    invitation.save()
    return invitation


def calendar_feed_renew(*, user) -> CalendarFeed:
    """Revoke the user's current feed URL (if any) and make a new one."""
    with transaction.atomic():
        CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
        return CalendarFeed.objects.create(user=user)


def calendar_feed_revoke(*, user) -> None:
    CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


def contact_save(*, contact: Contact, user) -> Contact:
    if user_partner_id(user) != contact.partner_id:
        raise PermissionDenied
    contact.full_clean()
    contact.save()
    return contact


def contact_set_active(*, contact: Contact, user, active: bool) -> Contact:
    """(De)activate a contact. A deactivated contact with a log-in can no longer log in."""
    if user_partner_id(user) != contact.partner_id:
        raise PermissionDenied
    if not active and contact.user_id == user.pk:
        raise ValidationError(_("You cannot deactivate yourself."))
    with transaction.atomic():
        contact.is_active = active
        contact.save(update_fields=["is_active"])
        if (user := contact.user) is not None:
            user.is_active = active
            user.save(update_fields=["is_active"])
    return contact


def contact_delete(*, contact: Contact, user) -> None:
    """Delete a contact without a log-in; one with a log-in can only be deactivated."""
    if user_partner_id(user) != contact.partner_id:
        raise PermissionDenied
    if contact.user_id:
        raise ValidationError(_("A contact with a login cannot be deleted, only deactivated."))
    contact.delete()


def moment_invite_active_contacts(*, moment: ConsultationMoment, partners=None) -> int:
    """Invite every active contact of `partners` (default: the partners already invited, or the
    bilateral partner) who is not invited yet. Returns how many invitations were made."""
    if partners is None:
        partner_ids = set(moment.invitations.values_list("partner_id", flat=True))
        if moment.partner_id:
            partner_ids.add(moment.partner_id)
        partners = Partner.objects.filter(pk__in=partner_ids)
    invited = set(moment.invitations.values_list("contact_id", flat=True))
    contacts = Contact.objects.active().filter(partner__in=partners).exclude(pk__in=invited)
    new = [Invitation(moment=moment, contact=c, partner_id=c.partner_id) for c in contacts]
    bulk_create_with_history(new, Invitation, ignore_conflicts=True)
    return len(new)


def moment_invite_representatives(*, moment: ConsultationMoment, offices) -> int:
    """Invite every active representative of the foreign `offices` who is not invited yet. Returns how many
    invitations were made."""
    invited = set(moment.invitations.exclude(representative=None).values_list("representative_id", flat=True))
    people = ForeignRepresentative.objects.active().filter(office__in=offices).exclude(pk__in=invited)
    new = [Invitation(moment=moment, representative=r) for r in people]
    bulk_create_with_history(new, Invitation, ignore_conflicts=True)
    return len(new)
