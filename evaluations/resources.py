"""CSV/XLSX import and export of KPI targets and results (see portal.importexport for the shared rules)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from import_export.fields import Field
from import_export.widgets import CharWidget

from partners.models import Agreement
from portal.importexport import AmountWidget, LookupWidget, PortalModelResource, YearWidget

from .models import KPI, KPIReport, KPIResult, KPITarget, ReportStatus

AGREEMENT_COLUMN = "overeenkomst"
YEAR_COLUMN = "jaar"
KPI_COLUMN = "KPI"


class KPITargetResource(PortalModelResource):
    agreement = Field(attribute="agreement", column_name=AGREEMENT_COLUMN, widget=LookupWidget(Agreement, "reference"))
    partner = Field(attribute="agreement__partner__name", column_name="partner", readonly=True)
    kpi = Field(attribute="kpi", column_name=KPI_COLUMN, widget=LookupWidget(KPI, "code"))
    year = Field(attribute="year", column_name=YEAR_COLUMN, widget=YearWidget())
    target_value = Field(attribute="target_value", column_name="streefwaarde", widget=AmountWidget())
    note = Field(attribute="note", column_name="toelichting", widget=CharWidget())

    class Meta:
        model = KPITarget
        fields = ("agreement", "partner", "kpi", "year", "target_value", "note")
        # A target is known by its agreement, KPI and year (unique together).
        import_id_fields = ("agreement", "kpi", "year")
        clean_model_instances = True
        skip_unchanged = True

    def get_queryset(self):
        return super().get_queryset().select_related("agreement__partner", "kpi")

    def before_save_instance(self, instance, row, **kwargs):
        # Only rows that change something get here (unchanged rows are skipped).
        if instance.pk and KPITarget.objects.get(pk=instance.pk).is_locked():
            raise ValidationError(_("The target %(target)s is locked: its year has started.") % {"target": instance})


class TargetWidget(LookupWidget):
    """The target of a result: the KPI code in its own column, agreement and year from theirs."""

    def __init__(self, **kwargs):
        super().__init__(KPITarget, "kpi__code", **kwargs)

    def get_lookup_kwargs(self, value, row, **kwargs):
        year = row.get(YEAR_COLUMN)
        if isinstance(year, float) and year.is_integer():
            year = int(year)
        if isinstance(year, str):
            year = year.strip()
        if not (isinstance(year, int) or (isinstance(year, str) and year.isdigit())):
            raise ValueError(_("‘%(value)s’ is not a valid year.") % {"value": year})
        return {
            "kpi__code": value,
            "agreement__reference": str(row.get(AGREEMENT_COLUMN) or "").strip(),
            "year": int(year),
        }

    def not_found_message(self, value, row) -> str:
        return _(
            "There is no target for KPI ‘%(kpi)s’ in agreement ‘%(agreement)s’, year %(year)s: set the target first."
        ) % {"kpi": value, "agreement": row.get(AGREEMENT_COLUMN), "year": row.get(YEAR_COLUMN)}


class KPIResultResource(PortalModelResource):
    """A partner's reported results; a result is known by its target (agreement, KPI and year).

    The result joins the KPI report of that agreement and year, which is created when it does not
    exist yet. The results of a validated report are final: a row that would change one is an error.
    """

    agreement = Field(attribute="target__agreement__reference", column_name=AGREEMENT_COLUMN, readonly=True)
    partner = Field(attribute="target__agreement__partner__name", column_name="partner", readonly=True)
    year = Field(attribute="target__year", column_name=YEAR_COLUMN, widget=YearWidget(), readonly=True)
    target = Field(attribute="target", column_name=KPI_COLUMN, widget=TargetWidget())
    target_value = Field(
        attribute="target__target_value", column_name="streefwaarde", widget=AmountWidget(), readonly=True
    )
    actual_value = Field(attribute="actual_value", column_name="resultaat", widget=AmountWidget())
    comment = Field(attribute="comment", column_name="toelichting", widget=CharWidget())
    status = Field(attribute="report__get_status_display", column_name="status rapport", readonly=True)

    class Meta:
        model = KPIResult
        fields = ("agreement", "partner", "year", "target", "target_value", "actual_value", "comment", "status")
        import_id_fields = ("target",)
        clean_model_instances = True
        skip_unchanged = True

    def get_queryset(self):
        return super().get_queryset().select_related("report", "target__kpi", "target__agreement__partner")

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if instance.report_id is None:
            instance.report, _created = KPIReport.objects.get_or_create(
                agreement=instance.target.agreement, year=instance.target.year
            )

    def before_save_instance(self, instance, row, **kwargs):
        # Only rows that change something get here (unchanged rows are skipped).
        if instance.report.status == ReportStatus.VALIDATED:
            raise ValidationError(
                _("%(report)s has already been validated: its results can no longer be changed.")
                % {"report": instance.report}
            )
