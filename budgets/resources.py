"""CSV/XLSX import and export of budget lines (see portal.importexport for the shared rules)."""

from import_export.fields import Field
from import_export.widgets import CharWidget, IntegerWidget

from partners.models import Agreement, Partner
from portal.importexport import AmountWidget, BooleanWidget, LookupWidget, PortalModelResource

from .models import BudgetLine, BudgetYear


class BudgetLineResource(PortalModelResource):
    """Commitments; a row with the `id` of an exported line updates that line, a row without one adds a line."""

    id = Field(attribute="id", column_name="id", widget=IntegerWidget())
    budget_year = Field(attribute="budget_year", column_name="begrotingsjaar", widget=LookupWidget(BudgetYear, "year"))
    partner = Field(attribute="partner", column_name="partner", widget=LookupWidget(Partner, "slug"))
    agreement = Field(attribute="agreement", column_name="overeenkomst", widget=LookupWidget(Agreement, "reference"))
    description = Field(attribute="description", column_name="omschrijving", widget=CharWidget())
    reference = Field(attribute="reference", column_name="referentie vastlegging", widget=CharWidget())
    amount = Field(attribute="amount", column_name="bedrag", widget=AmountWidget())
    # Drafts are confirmed in the portal (evaluations.services.year_confirm); an imported line is a commitment.
    is_draft = Field(attribute="is_draft", column_name="ontwerp", widget=BooleanWidget(), readonly=True)

    class Meta:
        model = BudgetLine
        fields = ("id", "budget_year", "partner", "agreement", "description", "reference", "amount", "is_draft")
        clean_model_instances = True
        skip_unchanged = True

    def get_queryset(self):
        return super().get_queryset().select_related("budget_year", "partner", "agreement")
