"""The partners' writes: people and invitations (people.py), the lifecycle of a moment (moments.py), and the
partner network (directory.py)."""

from .directory import contact_set_listed, partner_profile_save, profile_view_record
from .minutes import login_contacts_of, minutes_answer, minutes_ask_approval, minutes_comment
from .moments import (
    moment_cancel,
    moment_changed,
    moment_invitations_added,
    moment_invite,
    moment_plan,
    moment_plan_reminders,
    moment_publish,
    moment_publish_minutes,
    moment_record_attendance,
    moment_rescheduled,
    moment_save_minutes,
    moment_subject_key,
    moment_withdraw_invitation,
)
from .people import (
    calendar_feed_renew,
    calendar_feed_revoke,
    contact_delete,
    contact_save,
    contact_set_active,
    invitation_respond,
    moment_invite_active_contacts,
    moment_invite_representatives,
)

__all__ = [
    "calendar_feed_renew",
    "calendar_feed_revoke",
    "contact_delete",
    "contact_save",
    "contact_set_active",
    "contact_set_listed",
    "invitation_respond",
    "login_contacts_of",
    "minutes_answer",
    "minutes_ask_approval",
    "minutes_comment",
    "moment_cancel",
    "moment_changed",
    "moment_invitations_added",
    "moment_invite",
    "moment_invite_active_contacts",
    "moment_invite_representatives",
    "moment_plan",
    "moment_plan_reminders",
    "moment_publish",
    "moment_publish_minutes",
    "moment_record_attendance",
    "moment_rescheduled",
    "moment_save_minutes",
    "moment_subject_key",
    "moment_withdraw_invitation",
    "partner_profile_save",
    "profile_view_record",
]
