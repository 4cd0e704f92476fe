"""Joint actions (issue 15): an action's organiser invites other partners (or FIT) as co-organisers, a partner
asks to join another partner's action in the programme, and the other side accepts or declines. An overlap
turns into one joint action this way (`overlap_merge`); each step tells the other side through the outbox.

Who answers what (`can_answer`): an invitation, the invited partner (FIT: the inviting partner's account
manager, FIT staff or a manager); a join request, the action's organiser (FIT's own action: FIT staff or a
manager, or the asking partner's account manager)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import Kind
from notifications.services import Recipient, manager_recipients, outbox_add
from partners.models import Contact, Partner
from portal.scoping import user_partner_id

from ..choices import CoOrganiserOrigin, CoOrganiserStatus, OverlapOutcome
from ..models import Action, ActionOverlap, CoOrganiser
from ..permissions import can_answer_co_organiser, can_invite_co_organiser, can_join_action
from .overlaps import action_overlaps_record
from .programme import action_withdraw

# -- who hears of it ---------------------------------------------------------------------------------


def _contacts_of(partner_id: int) -> list[Recipient]:
    """The partner's contacts who log in: they can answer on the portal."""
    return [Recipient.of_contact(c) for c in Contact.objects.with_login().filter(partner_id=partner_id)]


def _account_managers_of(*partner_ids) -> list[Recipient]:
    partners = Partner.objects.filter(pk__in=[pk for pk in partner_ids if pk]).with_current_account_manager()
    recipients = []
    for partner in partners:
        manager = partner.current_account_manager
        if manager is not None and manager.user.is_active:
            recipients.append(Recipient.of_user(manager.user))
    return recipients


def _fit_side(*partner_ids) -> list[Recipient]:
    """Who answers for FIT: the account managers of the partners involved, else the managers."""
    return _account_managers_of(*partner_ids) or manager_recipients()


def _side_of(partner_id: int | None, *, other_partner_id: int | None) -> list[Recipient]:
    """The people of one side: a partner's contacts who log in, or for FIT (None) the FIT side of the other."""
    return _contacts_of(partner_id) if partner_id else _fit_side(other_partner_id)


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while number:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
    return text or "0"


def _notify(co_organiser: CoOrganiser, *, kind: str, recipients) -> None:
    """One message per recipient and asking (asked again after a decline: a new message)."""
    outbox_add(
        kind=kind,
        recipients=recipients,
        subject_key=f"action:{co_organiser.action_id}",
        offset=f"{co_organiser.pk}-{_base36(int(co_organiser.asked_at.timestamp() * 1_000_000))}",
        context={"co_organiser_id": co_organiser.pk},
    )


# -- asking ------------------------------------------------------------------------------------------


def _ask(*, action: Action, partner_id: int | None, origin: str, user, message: str) -> CoOrganiser:
    """The row of `partner_id` on `action`, pending again: new, or a declined one asked again."""
    existing = CoOrganiser.objects.select_for_update().filter(action=action, partner_id=partner_id).first()
    if existing is not None and existing.status != CoOrganiserStatus.DECLINED:
        if existing.is_accepted:
            raise ValidationError(_("%(name)s already co-organises this action.") % {"name": existing.organiser})
        raise ValidationError(
            _("%(name)s has already been asked; the answer is awaited.") % {"name": existing.organiser}
        )
    row = existing or CoOrganiser(action=action, partner_id=partner_id)
    row.origin, row.status, row.message = origin, CoOrganiserStatus.PENDING, message.strip()
    row.asked_by, row.asked_at = user, timezone.now()
    row.answered_by = row.answered_at = None
    row.full_clean()
    row.save()
    return row


def co_organiser_invite(*, action: Action, partner: Partner | None, user, message: str = "") -> CoOrganiser:
    """The organiser of `action` invites `partner` (None: FIT) to co-organise it; the invitee's contacts who
    log in (for FIT: the organiser's account manager) hear of it and answer on the portal."""
    if not can_invite_co_organiser(user, action):
        raise PermissionDenied
    partner_id = partner.pk if partner is not None else None
    if partner_id == action.partner_id:
        raise ValidationError(_("The organiser of an action cannot also be its co-organiser."))
    with transaction.atomic():
        row = _ask(action=action, partner_id=partner_id, origin=CoOrganiserOrigin.INVITED, user=user, message=message)
        _notify(
            row,
            kind=Kind.CO_ORGANISER_INVITATION,
            recipients=_side_of(partner_id, other_partner_id=action.partner_id),
        )
    return row


def join_request(*, action: Action, user, message: str = "") -> CoOrganiser:
    """A partner asks to join another organiser's action in the programme; the organiser's contacts who log in
    (for FIT's own action: the asking partner's account manager) hear of it and answer on the portal."""
    if not can_join_action(user, action):
        raise PermissionDenied
    partner_id = user_partner_id(user)
    with transaction.atomic():
        row = _ask(action=action, partner_id=partner_id, origin=CoOrganiserOrigin.REQUESTED, user=user, message=message)
        _notify(
            row,
            kind=Kind.JOIN_REQUEST,
            recipients=_side_of(action.partner_id, other_partner_id=partner_id),
        )
    return row


# -- answering ---------------------------------------------------------------------------------------


def _answer(*, co_organiser: CoOrganiser, user, accept: bool, origin: str) -> CoOrganiser:
    if co_organiser.origin != origin or not can_answer_co_organiser(user, co_organiser):
        raise PermissionDenied
    with transaction.atomic():
        row = CoOrganiser.objects.select_for_update().select_related("action").get(pk=co_organiser.pk)
        if not row.is_pending:
            raise ValidationError(_("This has already been answered."))
        now = timezone.now()
        row.status = CoOrganiserStatus.ACCEPTED if accept else CoOrganiserStatus.DECLINED
        row.answered_by, row.answered_at = user, now
        row.full_clean()
        row.save()
        _overlaps_answered(row, user=user, now=now)
        action = row.action
        asker = action.partner_id if origin == CoOrganiserOrigin.INVITED else row.partner_id
        answerer = row.partner_id if origin == CoOrganiserOrigin.INVITED else action.partner_id
        recipients = _side_of(asker, other_partner_id=answerer)
        if accept:
            # A new joint action is news for the account managers of both partners.
            recipients += _account_managers_of(action.partner_id, row.partner_id)
        kind = Kind.CO_ORGANISER_ANSWER if origin == CoOrganiserOrigin.INVITED else Kind.JOIN_ANSWER
        _notify(row, kind=kind, recipients=recipients)
    return row


def _overlaps_answered(row: CoOrganiser, *, user, now) -> None:
    """The overlaps this invitation or request was to merge: merged when accepted; when declined open again,
    or withdrawn if the proposer withdrew its own action meanwhile."""
    for overlap in row.overlaps.filter(outcome=OverlapOutcome.OPEN):
        if row.is_accepted:
            overlap.outcome = OverlapOutcome.MERGED
        elif overlap.action_id is None or overlap.other_id is None:
            overlap.outcome = OverlapOutcome.WITHDRAWN
        else:
            continue
        overlap.resolved_by, overlap.resolved_at = user, now
        overlap.save(update_fields=["outcome", "resolved_by", "resolved_at"])


def co_organiser_invitation_answer(*, co_organiser: CoOrganiser, user, accept: bool) -> CoOrganiser:
    """The invited partner (or FIT) accepts or declines to co-organise; the organiser hears of it."""
    return _answer(co_organiser=co_organiser, user=user, accept=accept, origin=CoOrganiserOrigin.INVITED)


def join_request_answer(*, co_organiser: CoOrganiser, user, accept: bool) -> CoOrganiser:
    """The organiser accepts or declines a partner's request to join its action; the partner hears of it."""
    return _answer(co_organiser=co_organiser, user=user, accept=accept, origin=CoOrganiserOrigin.REQUESTED)


# -- from an overlap ---------------------------------------------------------------------------------

MERGE_INVITE, MERGE_JOIN = "invite", "join"


def overlap_merge(
    *,
    action: Action,
    other: Action,
    user,
    how: str,
    message: str = "",
    withdraw_own: bool = False,
    others=(),
) -> CoOrganiser:
    """Turn the overlap of `action` (the proposer's, saved, or unsaved when it is withdrawn at once) and `other`
    into one joint action, from the overlap warning: invite the other's organiser as co-organiser of `action`
    (`how` MERGE_INVITE), or ask to join `other` (MERGE_JOIN), withdrawing one's own draft if `withdraw_own`.

    Every overlap shown with it (`others`, `other` included) is recorded; this one waits for the answer
    (open), and is merged when the other side accepts (withdrawn if it declines after the draft was withdrawn)."""
    if how not in (MERGE_INVITE, MERGE_JOIN):
        raise ValidationError(_("Choose how to work together."))
    if other not in others:
        others = [*others, other]
    with transaction.atomic():
        if how == MERGE_INVITE:
            if action.pk is None:
                raise ValidationError(_("Save your action before inviting a co-organiser."))
            row = co_organiser_invite(action=action, partner=other.partner, user=user, message=message)
        else:
            row = join_request(action=other, user=user, message=message)
        if action.pk is None:
            # Never saved, so withdrawn at once: the overlaps it had are the trace (ActionOverlap).
            for shown in others:
                ActionOverlap.objects.create(
                    action=None,
                    other=shown,
                    year=action.year,
                    action_title=action.title,
                    co_organiser=row if shown == other else None,
                    outcome=OverlapOutcome.OPEN if shown == other else OverlapOutcome.WITHDRAWN,
                    resolved_by=None if shown == other else user,
                    resolved_at=None if shown == other else timezone.now(),
                )
        else:
            overlap = action_overlaps_record(action=action, others=others)[other.pk]
            overlap.co_organiser = row
            overlap.outcome = OverlapOutcome.OPEN
            overlap.save(update_fields=["co_organiser", "outcome"])
            if how == MERGE_JOIN and withdraw_own:
                action_withdraw(action=action, user=user)
    return row


# -- delivering --------------------------------------------------------------------------------------


def co_organiser_for_message(co_organiser_id) -> dict:
    """What a joint-action e-mail shows (registered with the outbox in apps.py)."""
    row = CoOrganiser.objects.select_related("action__partner", "partner", "asked_by", "answered_by").get(
        pk=co_organiser_id
    )
    return {"co_organiser": row, "action": row.action}
