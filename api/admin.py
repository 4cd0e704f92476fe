from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """FIT staff see who has tokens and when they were used, and may revoke one (a leaked token, a leaver)."""

    list_display = ["user", "name", "hint", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email", "name"]
    readonly_fields = ["user", "name", "hint", "created_at", "last_used_at"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # a token is made by its owner, who alone sees it once

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        for token in queryset:
            token.revoke()
