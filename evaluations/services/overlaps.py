"""Overlapping actions (issue 15): the proposer keeps an action despite its overlaps, and the account managers
of both partners hear of it."""

from django.db import transaction
from django.utils import timezone

from notifications.models import Kind
from notifications.services import Recipient, outbox_add

from ..models import Action, ActionOverlap


def _account_manager_recipients(*actions: Action) -> list[Recipient]:
    recipients = []
    for action in actions:
        manager = action.partner.current_account_manager if action.partner is not None else None
        if manager is not None:
            recipients.append(Recipient.of_user(manager.user))
    return recipients


def action_overlaps_notify(*, action: Action, others) -> int:
    """One e-mail per overlap to the current account managers of both partners (once: the outbox keeps one
    row per recipient, action and overlapping action)."""
    others = list(others)
    reasons = dict(ActionOverlap.objects.filter(action=action, other__in=others).values_list("other_id", "reason"))
    count = 0
    for other in others:
        count += outbox_add(
            kind=Kind.ACTION_OVERLAP,
            recipients=_account_manager_recipients(action, other),
            subject_key=f"action:{action.pk}",
            offset=f"overlap-{other.pk}",
            context={"action_id": action.pk, "other_action_id": other.pk, "reason": reasons.get(other.pk, "")},
        )
    return count


def action_overlaps_keep(*, action: Action, others, reason: str, user) -> list[ActionOverlap]:
    """The proposer has seen that `action` overlaps `others` and keeps it anyway, saying why. The account
    managers hear of it when the action is proposed (action_submit): a draft is the partner's own still."""
    kept = []
    with transaction.atomic():
        for other in others:
            overlap, _created = ActionOverlap.objects.update_or_create(
                action=action,
                other=other,
                defaults={"reason": reason.strip(), "kept_by": user, "kept_at": timezone.now()},
            )
            kept.append(overlap)
    return kept


def action_for_message(action_id) -> dict:
    """What an overlap e-mail shows of the action (registered with the outbox in apps.py)."""
    return {"action": Action.objects.select_related("partner", "versnelling").get(pk=action_id)}


def other_action_for_message(action_id) -> dict:
    return {"other_action": Action.objects.select_related("partner", "versnelling").get(pk=action_id)}
