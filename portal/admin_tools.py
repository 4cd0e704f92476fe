"""Small building blocks shared by the admins of the domain apps."""

from decimal import Decimal

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.money import format_euro

EMPTY = "—"


def euro(value) -> str:
    """An amount for an admin column or read-only field: `€ 905.000,00`, or a dash when there is none."""
    return EMPTY if value is None else format_euro(value)


def percent(value: Decimal | None) -> str:
    """A percentage the Flemish way, without trailing zeros: `40 %`, `12,5 %`."""
    return EMPTY if value is None else f"{Decimal(value).normalize():f} %".replace(".", ",")


class RelatedChoicesMixin:
    """Load what a foreign key choice's label needs together with the choices.

    `choice_select_related = {"agreement": ("partner",)}`: an agreement's label names its partner, so
    without this every select (and every selected autocomplete value) costs a query per option.
    """

    choice_select_related: dict[str, tuple[str, ...]] = {}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = self.choice_select_related.get(db_field.name)
        if related and "queryset" not in kwargs:
            kwargs["queryset"] = db_field.remote_field.model._default_manager.select_related(*related)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReadOnlyAdminMixin:
    """An admin (or inline) that shows rows written elsewhere, such as a workflow's audit trail."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class YesNoFilter(admin.SimpleListFilter):
    """Base for a yes/no filter on a computed fact; subclasses implement `filter_yes` and `filter_no`."""

    def lookups(self, request, model_admin):
        return [("yes", _("yes")), ("no", _("no"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return self.filter_yes(queryset)
        if self.value() == "no":
            return self.filter_no(queryset)
        return queryset
