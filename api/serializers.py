"""What the API shows of each row: the figures the dashboards show, nothing internal (no notes, reasons, files
or people's addresses). Amounts are decimal strings ("905000.00"), as JSON has no decimal type."""

from rest_framework import serializers

from budgets.models import BudgetLine, Payment
from evaluations.models import KPITarget
from partners.models import Agreement, ConsultationMoment, Partner


class PartnerSerializer(serializers.ModelSerializer):
    versnellingen = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")

    class Meta:
        model = Partner
        fields = ["id", "name", "slug", "kind", "is_structural", "city", "country", "website", "versnellingen"]


class AgreementYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)


class AgreementSerializer(serializers.ModelSerializer):
    partner = serializers.PrimaryKeyRelatedField(read_only=True)
    yearly_amounts = AgreementYearSerializer(source="year_amounts", many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "id",
            "partner",
            "reference",
            "title",
            "start_date",
            "end_date",
            "signed_on",
            "partner_share",
            "fit_share",
            "yearly_amounts",
        ]


class KPITargetSerializer(serializers.ModelSerializer):
    partner = serializers.IntegerField(source="agreement.partner_id", read_only=True)
    kpi = serializers.CharField(source="kpi.code", read_only=True)
    kpi_name = serializers.CharField(source="kpi.name", read_only=True)
    unit = serializers.CharField(source="kpi.unit", read_only=True)
    validated_result = serializers.SerializerMethodField(
        help_text="The result once FIT validated the year's report; null before (drafts are not results)."
    )

    class Meta:
        model = KPITarget
        fields = ["id", "agreement", "partner", "year", "kpi", "kpi_name", "unit", "target_value", "validated_result"]

    def get_validated_result(self, target) -> str | None:
        result = getattr(target, "result", None)
        if result is None or not result.is_validated or result.actual_value is None:
            return None
        return str(result.actual_value)


class BudgetLineSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="budget_year.year", read_only=True)
    paid = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)

    class Meta:
        model = BudgetLine
        fields = ["id", "year", "partner", "agreement", "description", "reference", "amount", "is_draft", "paid"]


class PaymentSerializer(serializers.ModelSerializer):
    partner = serializers.IntegerField(source="line.partner_id", read_only=True)

    class Meta:
        model = Payment
        fields = ["id", "line", "partner", "date", "amount", "reference"]


class MomentSerializer(serializers.ModelSerializer):
    invited = serializers.IntegerField(read_only=True, help_text="Invitations of the moment.")
    attending = serializers.IntegerField(read_only=True, help_text="Invitations answered “yes”.")
    attended = serializers.IntegerField(read_only=True, help_text="Invitees recorded present afterwards.")

    class Meta:
        model = ConsultationMoment
        fields = ["id", "kind", "title", "starts_at", "ends_at", "status", "partner"]
        fields += ["invited", "attending", "attended"]


class ProgrammeActionSerializer(serializers.Serializer):
    """An action of a published action programme: what the public page shows of it, no more."""

    id = serializers.IntegerField()
    year = serializers.IntegerField()
    title = serializers.CharField()
    organisers = serializers.ListField(child=serializers.CharField(), source="organiser_names")
    type = serializers.CharField()
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    country = serializers.CharField()
    versnelling = serializers.CharField(source="versnelling.code", allow_null=True, default=None)
    themes = serializers.SerializerMethodField()
    cancelled = serializers.BooleanField(help_text="Cancelled after the programme was published.")

    def get_themes(self, action) -> list[str]:
        return [theme.name for theme in action.themes.all()]
