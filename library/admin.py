from django.contrib import admin

from .models import Document, DocumentVersion, Download, Folder


@admin.register(Folder)
class FolderAdmin(admin.ModelAdmin):
    list_display = ["name", "topic", "year", "project", "order"]
    list_filter = ["topic", "year", "project"]
    search_fields = ["name", "topic"]


class DocumentVersionInline(admin.TabularInline):
    model = DocumentVersion
    extra = 0
    fields = ["number", "original_name", "note", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        # A new version goes through the portal's page (staff/documents/<id>/), which numbers and checks it.
        return False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "folder", "audience", "partner", "from_partner", "created_at"]
    list_filter = ["audience", "from_partner", "folder"]
    search_fields = ["title", "description", "partner__name"]
    list_select_related = ["folder", "partner"]
    readonly_fields = ["created_by", "created_at"]
    inlines = [DocumentVersionInline]

    def has_add_permission(self, request):
        # Sharing a document needs its first file: the portal's page does it (staff/documents/new/).
        return False


@admin.register(Download)
class DownloadAdmin(admin.ModelAdmin):
    list_display = ["version", "partner", "user", "at"]
    list_filter = ["partner"]
    list_select_related = ["version__document", "partner", "user"]
    readonly_fields = ["version", "partner", "user", "at"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
