"""CSV/XLSX import and export of partners and their contacts (see portal.importexport for the shared rules)."""

from import_export.fields import Field
from import_export.widgets import CharWidget

from portal.importexport import BooleanWidget, ChoicesWidget, DateWidget, LookupWidget, PortalModelResource
from portal.validators import normalize_enterprise_number, normalize_phone_number

from .models import Contact, Language, Partner


class EnterpriseNumberWidget(CharWidget):
    """Accepts 0417497106, 417.497.106 or BE 0417 497 106; the model then checks the number itself."""

    def clean(self, value, row=None, **kwargs):
        value = (super().clean(value, row, **kwargs) or "").strip()
        return normalize_enterprise_number(value) if value else ""


class PhoneNumberWidget(CharWidget):
    """Accepts 02 504 87 11 or +32 2 504 87 11 as +3225048711, so a re-import of the same number changes
    nothing; the model then refuses what is no telephone number."""

    def clean(self, value, row=None, **kwargs):
        return normalize_phone_number((super().clean(value, row, **kwargs) or "").strip())


class PartnerResource(PortalModelResource):
    slug = Field(attribute="slug", column_name="korte naam", widget=CharWidget())
    name = Field(attribute="name", column_name="naam", widget=CharWidget())
    kind = Field(attribute="kind", column_name="soort", widget=ChoicesWidget(Partner.Kind))
    is_structural = Field(attribute="is_structural", column_name="structurele partner", widget=BooleanWidget())
    associated_since = Field(attribute="associated_since", column_name="betrokken sinds", widget=DateWidget())
    enterprise_number = Field(
        attribute="enterprise_number", column_name="ondernemingsnummer", widget=EnterpriseNumberWidget()
    )
    street = Field(attribute="street", column_name="straat en nummer", widget=CharWidget())
    postal_code = Field(attribute="postal_code", column_name="postcode", widget=CharWidget())
    city = Field(attribute="city", column_name="gemeente", widget=CharWidget())
    country = Field(attribute="country", column_name="land", widget=CharWidget(), default="BE")
    website = Field(attribute="website", column_name="website", widget=CharWidget())
    is_active = Field(attribute="is_active", column_name="actief", widget=BooleanWidget(), default=True)

    class Meta:
        model = Partner
        fields = (
            "slug",
            "name",
            "kind",
            "is_structural",
            "associated_since",
            "enterprise_number",
            "street",
            "postal_code",
            "city",
            "country",
            "website",
            "is_active",
        )
        import_id_fields = ("slug",)
        clean_model_instances = True
        skip_unchanged = True


class ContactResource(PortalModelResource):
    partner = Field(attribute="partner", column_name="partner", widget=LookupWidget(Partner, "slug"))
    first_name = Field(attribute="first_name", column_name="voornaam", widget=CharWidget())
    last_name = Field(attribute="last_name", column_name="familienaam", widget=CharWidget())
    role = Field(attribute="role", column_name="functie", widget=CharWidget())
    email = Field(attribute="email", column_name="e-mailadres", widget=CharWidget())
    phone = Field(attribute="phone", column_name="telefoon", widget=PhoneNumberWidget())
    language = Field(attribute="language", column_name="taal", widget=ChoicesWidget(Language), default="nl")
    is_reporting_contact = Field(
        attribute="is_reporting_contact", column_name="rapporteert KPI's", widget=BooleanWidget(), default=False
    )
    is_active = Field(attribute="is_active", column_name="actief", widget=BooleanWidget(), default=True)

    class Meta:
        model = Contact
        fields = (
            "partner",
            "first_name",
            "last_name",
            "role",
            "email",
            "phone",
            "language",
            "is_reporting_contact",
            "is_active",
        )
        # A contact is known by its partner and e-mail address (unique together).
        import_id_fields = ("partner", "email")
        clean_model_instances = True
        skip_unchanged = True

    def get_queryset(self):
        return super().get_queryset().select_related("partner")
