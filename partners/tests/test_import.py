import csv
import io

import openpyxl
import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from partners.models import Contact, Partner
from partners.resources import ContactResource, PartnerResource
from partners.tests.factories import ContactFactory, PartnerFactory

CSV, XLSX = "0", "1"  # the admin's format choices (portal.importexport.ImportExportPermissionsMixin.formats)

PARTNERS_CSV = """korte naam,naam,soort,structurele partner,ondernemingsnummer,gemeente,actief
agoria,Agoria,sectorfederatie,ja,0417497106,Brussel,ja
essenscia,essenscia,federation,1,BE 0410.000.093,Brussel,1
"""

PARTNERS_CSV_WITH_A_BAD_KBO = """korte naam,naam,soort,structurele partner,ondernemingsnummer,gemeente,actief
agoria,Agoria,sectorfederatie,ja,0417497106,Brussel,ja
essenscia,essenscia,federation,1,0410.000.094,Brussel,1
"""


def _dataset(text: str) -> tablib.Dataset:
    return tablib.Dataset().load(text, format="csv")


def _upload(client, url_name: str, text: str, name: str = "import.csv"):
    upload = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return client.post(reverse(url_name), {"resource": "0", "format": CSV, "import_file": upload})


def test_a_good_partner_csv_imports_through_the_admin(client, staff):
    client.force_login(staff)
    response = _upload(client, "admin:partners_partner_import", PARTNERS_CSV)
    assert response.status_code == 200
    assert not response.context["result"].has_validation_errors()
    confirm = response.context["confirm_form"]
    assert Partner.objects.count() == 0  # the first step is a dry run

    response = client.post(reverse("admin:partners_partner_process_import"), confirm.initial)
    assert response.status_code == 302
    agoria = Partner.objects.get(slug="agoria")
    assert agoria.kind == Partner.Kind.FEDERATION  # the Dutch label is accepted
    assert agoria.is_structural
    assert agoria.enterprise_number == "0417.497.106"  # normalised
    assert Partner.objects.get(slug="essenscia").enterprise_number == "0410.000.093"
    assert agoria.history.first().history_user == staff


def test_a_partner_csv_with_an_invalid_enterprise_number_shows_the_row_and_imports_nothing(client, staff):
    client.force_login(staff)
    response = _upload(client, "admin:partners_partner_import", PARTNERS_CSV_WITH_A_BAD_KBO)
    assert response.status_code == 200
    result = response.context["result"]
    assert [row.number for row in result.invalid_rows] == [2]
    assert "ondernemingsnummer" in result.invalid_rows[0].field_specific_errors
    assert "confirm_form" not in response.context
    page = response.content.decode()
    assert "controlecijfers (modulo 97) kloppen niet" in page
    assert Partner.objects.count() == 0


def test_importing_a_file_with_one_bad_row_keeps_none_of_its_rows(db):
    result = PartnerResource().import_data(_dataset(PARTNERS_CSV_WITH_A_BAD_KBO), dry_run=False)
    assert result.has_validation_errors()
    invalid = result.invalid_rows[0]
    assert invalid.number == 2
    assert "modulo 97" in " ".join(invalid.field_specific_errors["ondernemingsnummer"])
    assert Partner.objects.count() == 0


def test_a_partner_import_updates_the_partner_with_the_same_slug(db):
    PartnerFactory(slug="agoria", name="Agoria vzw", is_structural=False)
    result = PartnerResource().import_data(_dataset(PARTNERS_CSV), dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert Partner.objects.count() == 2
    agoria = Partner.objects.get(slug="agoria")
    assert agoria.name == "Agoria"
    assert agoria.is_structural


def test_an_unknown_kind_is_a_row_error(db):
    text = "korte naam,naam,soort\nvoka,Voka,vakbond\n"
    result = PartnerResource().import_data(_dataset(text), dry_run=False)
    assert result.invalid_rows[0].number == 1
    assert "soort" in result.invalid_rows[0].field_specific_errors
    assert Partner.objects.count() == 0


def test_a_contact_with_an_unknown_partner_slug_is_a_row_error_of_the_partner_column(partner):
    text = (
        "partner,voornaam,familienaam,e-mailadres\n"
        "voka,Lies,Peeters,lies@voka.be\n"
        "onbekend,Jan,Janssens,jan@example.be\n"
    )
    result = ContactResource().import_data(_dataset(text), dry_run=False)
    assert [row.number for row in result.invalid_rows] == [2]
    errors = result.invalid_rows[0].field_specific_errors["partner"]
    assert errors == ["Er bestaat geen partner met korte naam «onbekend»."]
    assert Contact.objects.count() == 0


def test_a_contact_is_matched_on_partner_and_email(partner, other_partner):
    ContactFactory(partner=partner, email="lies@voka.be", role="")
    text = (
        "partner,voornaam,familienaam,functie,e-mailadres,rapporteert KPI's\n"
        "voka,Lies,Peeters,Adviseur,lies@voka.be,nee\n"
        "agoria,Lies,Peeters,,lies@voka.be,ja\n"
    )
    result = ContactResource().import_data(_dataset(text), dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert [row.import_type for row in result.rows] == ["update", "new"]
    lies = Contact.objects.get(partner=partner, email="lies@voka.be")
    assert lies.role == "Adviseur"
    assert not lies.is_reporting_contact
    assert Contact.objects.get(partner=other_partner).is_reporting_contact


def test_an_imported_contacts_phone_number_is_checked_and_stored_with_its_country_code(partner):
    text = (
        "partner,voornaam,familienaam,e-mailadres,telefoon\n"
        "voka,Lies,Peeters,lies@voka.be,02 504 87 11\n"
        "voka,Jan,Janssens,jan@voka.be,abc\n"
    )
    result = ContactResource().import_data(_dataset(text), dry_run=False)
    assert [row.number for row in result.invalid_rows] == [2]
    assert "geldig telefoonnummer" in result.invalid_rows[0].field_specific_errors["telefoon"][0]
    assert Contact.objects.count() == 0  # one bad row stops the import

    text = "partner,voornaam,familienaam,e-mailadres,telefoon\nvoka,Lies,Peeters,lies@voka.be,02 504 87 11\n"
    assert not ContactResource().import_data(_dataset(text), dry_run=False).has_validation_errors()
    assert Contact.objects.get().phone == "+3225048711"
    again = ContactResource().import_data(_dataset(text), dry_run=False)
    assert [row.import_type for row in again.rows] == ["skip"]


def test_partners_export_to_xlsx_with_dutch_headers(client, staff):
    PartnerFactory(slug="voka", name="Voka", enterprise_number="0410.000.093")
    client.force_login(staff)
    fields = {f"partnerresource_{name}": "on" for name in PartnerResource().get_export_order()}
    response = client.post(reverse("admin:partners_partner_export"), {"resource": "0", "format": XLSX, **fields})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    day = timezone.localdate().isoformat()  # named after what it holds, in Dutch, not "Partner-<day>.xlsx"
    assert response["Content-Disposition"] == f'attachment; filename="partners-{day}.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    headers = [cell.value for cell in sheet[1]]
    assert headers[:2] == ["korte naam", "naam"]
    row = dict(zip(headers, [cell.value for cell in sheet[2]], strict=True))
    assert row["korte naam"] == "voka"
    assert row["ondernemingsnummer"] == "0410.000.093"


FORMULAE = ['=HYPERLINK("http://x","y")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def _export_partners(client, file_format):
    fields = {f"partnerresource_{name}": "on" for name in PartnerResource().get_export_order()}
    response = client.post(reverse("admin:partners_partner_export"), {"resource": "0", "format": file_format, **fields})
    assert response.status_code == 200
    return response


def test_partner_names_that_look_like_formulae_export_as_text_in_xlsx_and_csv(client, staff):
    for number, name in enumerate(FORMULAE):
        PartnerFactory(slug=f"p{number}", name=name)
    client.force_login(staff)
    sheet = openpyxl.load_workbook(io.BytesIO(_export_partners(client, XLSX).content)).active
    names = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert sorted(cell.value for cell in names) == sorted("'" + name for name in FORMULAE)
    assert {cell.data_type for cell in names} == {"s"}

    text = _export_partners(client, CSV).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert sorted(row["naam"] for row in rows) == sorted("'" + name for name in FORMULAE)


def test_an_exported_partner_file_imports_back_with_the_names_as_typed(client, staff):
    PartnerFactory(slug="p0", name="=1+1", enterprise_number="0410.000.093")
    client.force_login(staff)
    exported = _export_partners(client, CSV).content.decode("utf-8-sig")
    result = PartnerResource().import_data(_dataset(exported), dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert [row.import_type for row in result.rows] == ["skip"]
    assert Partner.objects.get(slug="p0").name == "=1+1"


@pytest.mark.parametrize("url_name", ["admin:partners_partner_import", "admin:partners_partner_process_import"])
def test_an_account_manager_without_add_rights_cannot_import_partners(client, account_manager, url_name):
    client.force_login(account_manager)
    assert client.post(reverse(url_name)).status_code == 403


def test_an_admin_export_of_contacts_is_named_contactpersonen(client, staff):
    client.force_login(staff)
    fields = {f"contactresource_{name}": "on" for name in ContactResource().get_export_order()}
    response = client.post(reverse("admin:partners_contact_export"), {"resource": "0", "format": XLSX, **fields})
    day = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="contactpersonen-{day}.xlsx"'


def test_a_date_in_an_admin_xlsx_export_is_a_date_cell_shown_the_flemish_way(client, staff):
    import datetime

    PartnerFactory(slug="voka", name="Voka", associated_since=datetime.date(2017, 3, 1))
    client.force_login(staff)
    sheet = openpyxl.load_workbook(io.BytesIO(_export_partners(client, XLSX).content)).active
    headers = [cell.value for cell in sheet[1]]
    cell = sheet[2][headers.index("betrokken sinds")]
    assert cell.is_date and cell.value.date() == datetime.date(2017, 3, 1)
    assert cell.number_format == "dd/mm/yyyy"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
