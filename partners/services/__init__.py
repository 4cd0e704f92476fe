"""The partners' writes: people and invitations (people.py), and the lifecycle of a moment (moments.py)."""

from .moments import (
    moment_cancel,
    moment_changed,
    moment_invitations_added,
    moment_plan_reminders,
    moment_publish,
    moment_publish_minutes,
    moment_rescheduled,
    moment_subject_key,
)
from .people import (
    calendar_feed_renew,
    calendar_feed_revoke,
    contact_delete,
    contact_save,
    contact_set_active,
    invitation_respond,
    moment_invite_active_contacts,
)

__all__ = [
    "calendar_feed_renew",
    "calendar_feed_revoke",
    "contact_delete",
    "contact_save",
    "contact_set_active",
    "invitation_respond",
    "moment_cancel",
    "moment_changed",
    "moment_invitations_added",
    "moment_invite_active_contacts",
    "moment_plan_reminders",
    "moment_publish",
    "moment_publish_minutes",
    "moment_rescheduled",
    "moment_subject_key",
]
