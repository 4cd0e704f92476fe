from django.contrib import admin

from .models import Attachment, Message, Thread


class MessageInline(admin.StackedInline):
    model = Message
    extra = 0
    fields = ["author", "body", "internal", "created_at"]
    raw_id_fields = ["author"]


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ["subject", "partner", "created_by", "created_at", "last_message_at", "is_closed"]
    list_filter = ["is_closed", "partner"]
    list_select_related = ["partner", "created_by"]
    search_fields = ["subject", "partner__name"]
    date_hierarchy = "last_message_at"
    raw_id_fields = ["created_by", "report", "evaluation", "improvement_point", "action", "moment"]
    inlines = [MessageInline]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["name", "message", "size"]
    list_select_related = ["message__author", "message__thread"]
    raw_id_fields = ["message"]
