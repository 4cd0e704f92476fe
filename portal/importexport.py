"""What every CSV/XLSX import and export of the portal shares (django-import-export).

- A file is one transaction: one bad row and nothing is imported, also outside the admin's confirm step
  (`PortalModelResource.import_data` rolls back on validation errors by default).
- The model's own validation runs on every row (`clean_model_instances`), so a bad enterprise number or
  a negative amount is a row error with its row number, not a database error.
- Foreign keys are natural identifiers (a partner's slug, a KPI's code...); an unknown one is a row error
  in that column, in Dutch.
- Column headers are plain Dutch strings, not translated: a header is part of the file format.
- An XLSX download looks like the dashboards' exports (`portal.spreadsheets.table_workbook`): bold header
  row, frozen, with a filter; fitted columns; amounts with two decimals, dates as dates.
- No exported text is a live formula (`portal.spreadsheets.neutralise`), and an import reads such a cell
  back as it was typed; amounts, years and dates stay numbers.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import MultipleObjectsReturned, ObjectDoesNotExist, PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext_lazy as _
from import_export import resources, widgets
from import_export.formats.base_formats import CSV, XLSX

from portal.money import parse_amount
from portal.spreadsheets import is_number, neutralise, restore, table_workbook


class PortalModelResource(resources.ModelResource):
    """Base of the portal's resources; subclasses set `clean_model_instances = True` in their Meta."""

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None, **kwargs):
        # django-import-export keeps the valid rows of a file with invalid ones unless told otherwise;
        # a partly imported file is worse than none, so roll back on any invalid row.
        kwargs.setdefault("rollback_on_validation_errors", True)
        return super().import_data(
            dataset, dry_run=dry_run, raise_errors=raise_errors, use_transactions=use_transactions, **kwargs
        )

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        if field.attribute and is_number(field.get_value(instance)):
            return value  # an amount or a date, rendered as text for a CSV: still a number, not a formula
        return neutralise(value)

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        for column, value in row.items():
            row[column] = restore(value)

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except (ValueError, InvalidOperation):
            # An unknown natural key (say a partner slug): treat the row as new, so that the same
            # lookup fails again in import_instance and is reported as an error of its column.
            return None

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        try:
            super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)
        except InvalidOperation as error:
            # Not a ValueError, so import-export would report a traceback instead of a row error.
            raise ValueError(_("‘%(value)s’ is not a valid number.") % {"value": row.get(field.column_name)}) from error

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique=validate_unique)
        except ValidationError as error:
            # Report errors under the file's column headers rather than the model's field names.
            headers = {field.attribute: field.column_name for field in self.get_import_fields() if field.attribute}
            raise ValidationError(
                {headers.get(name, name): messages for name, messages in error.error_dict.items()}
            ) from error


class LookupWidget(widgets.ForeignKeyWidget):
    """A foreign key by a natural identifier; an unknown value is a row error in Dutch, not a traceback."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str):
            value = value.strip()
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a year or a number read from a spreadsheet cell
        try:
            return super().clean(value, row, **kwargs)
        except ObjectDoesNotExist:
            raise ValueError(self.not_found_message(value, row)) from None
        except MultipleObjectsReturned:
            raise ValueError(
                _("‘%(value)s’ matches more than one %(model)s.")
                % {"value": value, "model": self.model._meta.verbose_name}
            ) from None

    def not_found_message(self, value, row) -> str:
        return _("There is no %(model)s with %(field)s ‘%(value)s’.") % {
            "model": self.model._meta.verbose_name,
            "field": self.model._meta.get_field(self.field.split("__")[0]).verbose_name,
            "value": value,
        }


class AmountWidget(widgets.DecimalWidget):
    """An amount, count or percentage, read and written the Flemish way whatever the user's language.

    Reading follows portal.money.parse_amount: `905.000` and `905.000,00` are 905000, `905000,00` too;
    text such as `1.5` or `1,234.56` is a row error rather than a guess; a numeric spreadsheet cell is
    taken as it is. CSV exports write `905000,00`, so that an exported file imports back unchanged.
    """

    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value):
            return None
        return parse_amount(value)

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        if not self.coerce_to_string or kwargs.get("force_native_type"):
            return value  # a number in an XLSX cell
        return format(Decimal(value), "f").replace(".", ",")


class YearWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except (ValueError, InvalidOperation):
            raise ValueError(_("‘%(value)s’ is not a valid year.") % {"value": value}) from None


class BooleanWidget(widgets.BooleanWidget):
    """1/0 in exports; on import also ja/nee (any case); an unknown value is an error, not a silent False."""

    TRUE_WORDS = {"1", "true", "ja", "j", "yes", "waar"}
    FALSE_WORDS = {"0", "false", "nee", "n", "no", "onwaar"}

    def clean(self, value, row=None, **kwargs):
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in self.TRUE_WORDS:
            return True
        if word in self.FALSE_WORDS:
            return False
        raise ValueError(_("‘%(value)s’ is not yes or no.") % {"value": value})


class ChoicesWidget(widgets.CharWidget):
    """A choice stored as its code: exported as the code, imported from the code or the Dutch label."""

    def __init__(self, choices, **kwargs):
        self.choices = choices
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        value = (super().clean(value, row, **kwargs) or "").strip()
        for code, label in self.choices.choices:
            if value.lower() in (str(code).lower(), str(label).lower()):
                return code
        return value  # unknown: the model's validation reports it, with the valid choices


class DateWidget(widgets.DateWidget):
    """ISO dates in exports; ISO or the Flemish 18/09/2018 on import, never the American month-first form."""

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)
        self.formats = ("%Y-%m-%d", "%d/%m/%Y")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str):
            value = value.strip()
        return super().clean(value, row, **kwargs)


class ImportExportPermissionsMixin:
    """For ImportExportModelAdmin: CSV and XLSX only; importing takes add and change rights, exporting view rights.

    By default django-import-export lets anyone who reaches a changelist import into it.
    """

    formats = [CSV, XLSX]

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_export_data(self, file_format, request, queryset, **kwargs):
        """An XLSX written as the portal's own exports are; CSV as django-import-export writes it."""
        if not isinstance(file_format, XLSX):
            return super().get_export_data(file_format, request, queryset, **kwargs)
        if not self.has_export_permission(request):
            raise PermissionDenied
        # Native values (numbers, dates) for a binary format, as django-import-export does for its XLSX.
        data = self.get_data_for_export(request, queryset, force_native_type=True, **kwargs)
        return table_workbook(
            data.headers or [], [list(row) for row in data], capfirst(self.model._meta.verbose_name_plural)
        )

    def get_export_filename(self, request, queryset, file_format):
        """`kpi-doelstellingen-2026-12-02.xlsx`: what the file holds in the user's language, not `KPITarget-…`."""
        day = timezone.localdate().isoformat()
        return f"{slugify(self.model._meta.verbose_name_plural)}-{day}.{file_format.get_extension()}"
