"""Small building blocks shared by the admins of the domain apps."""

from decimal import Decimal

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ERROR_FLAG
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import DataError, connections, router, transaction
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.formatting import format_euro, format_number, format_percent

EMPTY = "—"


def euro(value) -> str:
    """An amount for an admin column or read-only field: `€ 905.000,00`, or a dash when there is none."""
    return EMPTY if value is None else format_euro(value)


def percent(value: Decimal | None) -> str:
    """A percentage the Flemish way, without trailing zeros: `40 %`, `12,5 %`."""
    return EMPTY if value is None else format_percent(value, 2)


def number(value) -> str:
    """A count or KPI value for an admin column: `320`, not Django's `320,00` for a Decimal field."""
    return EMPTY if value is None else format_number(value)


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


class EstimatedCountPaginator(Paginator):
    """A change list's paginator that does not count a huge table row by row.

    Unfiltered, on PostgreSQL, a table the planner believes holds more than ESTIMATE_ABOVE rows is counted
    from its statistics (pg_class.reltuples, kept by autovacuum and ANALYZE): a full COUNT(*) of the 200.000
    KPI results reads the whole table for a number shown as "200.000 KPI results". A filtered or searched
    list, or a small table, is counted exactly.
    """

    ESTIMATE_ABOVE = 50_000

    @cached_property
    def count(self):
        estimate = self._estimate()
        return estimate if estimate is not None else super().count

    def _estimate(self) -> int | None:
        queryset = self.object_list
        query = getattr(queryset, "query", None)
        if query is None or query.where or query.distinct or query.combinator or query.low_mark or query.high_mark:
            return None
        if connections[queryset.db].vendor != "postgresql":
            return None
        with connections[queryset.db].cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [queryset.model._meta.db_table])
            row = cursor.fetchone()
        if row is None or row[0] < self.ESTIMATE_ABOVE:
            return None
        return int(row[0])


class LargeTableAdminMixin:
    """The change list of a table that grows with every partner, KPI and year (KPI results: 200.000 rows).

    No full count beside the filtered one, an estimated count when unfiltered (EstimatedCountPaginator);
    each such admin orders on an indexed column and loads what its columns show with list_select_related.
    A page holds 50 rows, as the portal's own lists do: such a list is for finding a row with the filters and
    the search, and each row costs the admin's templates about half a millisecond to draw.
    """

    paginator = EstimatedCountPaginator
    show_full_result_count = False
    list_per_page = 50

    def action_checkbox(self, obj):
        """The row's checkbox for the admin's actions, the same HTML as Django's, written here: Django renders a
        CheckboxInput widget through its template for every row, a third of such a list's time."""
        label = format_html(gettext("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            label,
        )


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


def _pk_or_404(model, value: str) -> None:
    """A 404 for a primary key that cannot be one (`x` for a number), as Django's own object views do."""
    try:
        model._meta.pk.to_python(unquote(value))
    except ValidationError:
        raise Http404 from None


class ForgivingAdminMixin:
    """An admin whose addresses someone may type or edit: nothing there gives a server error.

    A change list filter value that cannot be used (a year of 23 digits, a month 13, a number the
    database cannot hold) shows the whole list with a message; an object id that cannot be a key is a
    404 in django-simple-history's history pages too (Django's own views already answer so).

    Django turns most bad filter values into IncorrectLookupParameters (a redirect to `?e=1`, the list
    without filters), but not all: the date hierarchy builds a date from `<field>__year`, `__month` and
    `__day` and lets OverflowError through, and a value the database refuses fails when the list is
    counted. The list is built in a savepoint, so such a failure leaves the request's transaction usable.
    """

    def get_changelist_instance(self, request):
        try:
            with transaction.atomic(using=router.db_for_read(self.model)):
                return super().get_changelist_instance(request)
        except (IncorrectLookupParameters, OverflowError, ValueError, ValidationError, DataError) as error:
            if ERROR_FLAG not in request.GET:
                messages.warning(request, _("This list cannot be filtered or sorted that way; it is shown in full."))
            raise IncorrectLookupParameters(error) from error

    def history_view(self, request, object_id, extra_context=None):
        _pk_or_404(self.model, object_id)
        return super().history_view(request, object_id, extra_context=extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        _pk_or_404(self.model, object_id)
        _pk_or_404(getattr(self.model, self.model._meta.simple_history_manager_attribute).model, version_id)
        return super().history_form_view(request, object_id, version_id, extra_context=extra_context)


class PortalAdminSite(admin.AdminSite):
    """The admin site of the portal (the default site, see portal.apps.PortalAdminConfig).

    Every model admin registered on it, the portal's own and those of the libraries (axes, celery beat),
    gets the forgiving change list and object pages of ForgivingAdminMixin: one place, so that no admin
    can forget them.
    """

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, ForgivingAdminMixin):
            admin_class = type(
                admin_class.__name__,
                (ForgivingAdminMixin, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        super().register(model_or_iterable, admin_class, **options)
