from django.contrib import admin

from .models import Announcement, AnnouncementRead


class AnnouncementReadInline(admin.TabularInline):
    model = AnnouncementRead
    extra = 0
    fields = ["user", "read_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ["title", "audience", "published_at", "expires_on"]
    list_filter = ["audience"]
    search_fields = ["title", "body"]
    readonly_fields = ["published_at", "published_by", "created_by", "created_at"]
    inlines = [AnnouncementReadInline]

    def has_add_permission(self, request):
        # Written and published on the portal's pages (staff/announcements/), which write the e-mails too.
        return False
