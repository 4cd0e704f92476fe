from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Heartbeat, OutboxMessage, ReminderPolicy, Status
from .services import send_again


class ListedInDigestInline(admin.TabularInline):
    """On a daily digest's page: the messages it listed."""

    model = OutboxMessage
    fk_name = "digest"
    verbose_name = _("listed message")
    verbose_name_plural = _("listed messages")
    fields = ["kind", "subject_key", "offset", "due_at", "status"]
    readonly_fields = fields
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = [
        "due_at",
        "kind",
        "recipient_email",
        "language",
        "subject_key",
        "offset",
        "status",
        "attempts",
        "sent_at",
        "resent_after_interruption",
        "digest",
    ]
    list_select_related = ["digest"]
    inlines = [ListedInDigestInline]
    list_filter = [
        "status",
        "kind",
        "language",
        "resent_after_interruption",
    ]
    # A subject's messages: search for its key (e.g. "moment:12"); a moment's admin page lists them too.
    search_fields = ["recipient_email", "recipient_name", "=subject_key", "message_id"]
    date_hierarchy = "due_at"
    actions = ["send_again_action"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    def has_add_permission(self, request):
        return False  # messages are written by the portal's own steps, never by hand

    def has_delete_permission(self, request, obj=None):
        return False  # the outbox is also the record of what was sent

    @admin.action(description=_("Resend (failed or expired messages)"), permissions=["change"])
    def send_again_action(self, request, queryset):
        retried = 0
        for message in queryset.filter(status__in=[Status.FAILED, Status.CANCELLED]):
            send_again(message)
            retried += 1
        self.message_user(
            request,
            ngettext("%(count)d message is being resent.", "%(count)d messages are being resent.", retried)
            % {"count": retried},
            messages.SUCCESS,
        )


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(admin.ModelAdmin):
    list_display = ["target", "days_before", "send_time"]


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    """When the periodic jobs last ran (what `/healthz` watches): to look at, not to change."""

    list_display = ["name", "at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
