from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.admin_tools import ReadOnlyAdminMixin

from .models import AuditEvent, Role, User
from .permissions import can_reset_second_factor
from .services import second_factor_reset

ROLE_LABELS = dict(Role.choices)


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    list_display = ("username", "full_name", "email", "roles", "is_staff", "is_active", "last_login")
    list_filter = ("groups", "is_staff", "is_active", "is_superuser")
    search_fields = ("username", "first_name", "last_name", "email")
    ordering = ("last_name", "first_name", "username")
    actions = ["reset_second_factor"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # FIT staff manage users and their roles, but cannot hand out rights beyond the roles.
            readonly += ["is_superuser", "user_permissions"]
        return readonly

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    @admin.action(description=_("Reset two-step log-in (lost phone or key)"), permissions=["change"])
    def reset_second_factor(self, request, queryset):
        done, refused = 0, []
        for user in queryset:
            if can_reset_second_factor(request.user, user):
                second_factor_reset(user=user, by=request.user, request=request)
                done += 1
            else:
                refused.append(user.get_username())
        if done:
            self.message_user(
                request,
                ngettext(
                    "The two-step log-in of %(count)d user was reset: the next log-in asks for the password only.",
                    "The two-step log-in of %(count)d users was reset: the next log-in asks for the password only.",
                    done,
                )
                % {"count": done},
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                _("Only a superuser resets the two-step log-in of a FIT user; not reset: %(users)s.")
                % {"users": ", ".join(refused)},
                messages.ERROR,
            )

    @admin.display(description=_("name"), ordering="last_name")
    def full_name(self, obj):
        return obj.get_full_name()

    @admin.display(description=_("roles"))
    def roles(self, obj):
        return ", ".join(str(ROLE_LABELS.get(group.name, group.name)) for group in obj.groups.all())


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The audit log, for FIT staff to read: nobody adds, changes or deletes an entry."""

    list_display = ["at", "kind", "username", "ip_address", "detail"]
    list_filter = ["kind"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "at"
    list_select_related = ["user"]
