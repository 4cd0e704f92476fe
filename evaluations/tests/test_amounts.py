"""KPI targets (counts and percentages, stored as decimals) typed or imported the Flemish way: 1.500 is 1500."""

import io
from decimal import Decimal
from types import SimpleNamespace

import openpyxl
import pytest
import tablib
from django.urls import reverse

from evaluations.forms import TargetChangeForm, YearConfirmForm
from evaluations.models import KPITarget, TargetStatus
from evaluations.resources import KPITargetResource
from evaluations.tests.factories import KPIFactory, KPITargetFactory
from partners.tests.factories import AgreementFactory
from portal.tests.admin_helpers import form_data

NOT_CLEAR = "is geen duidelijk bedrag"


@pytest.fixture
def agreement(partner):
    return AgreementFactory(partner=partner, reference="SO-VOKA")


@pytest.fixture
def kpi(db):
    return KPIFactory(code="KPI01", name="Begeleide bedrijven")


def test_a_kpi_target_is_a_decimal_so_a_percentage_can_have_decimals():
    field = KPITarget._meta.get_field("target_value")
    assert field.get_internal_type() == "DecimalField" and field.decimal_places == 2


def _import_csv(value: str):
    text = f'overeenkomst,KPI,jaar,streefwaarde\nSO-VOKA,KPI01,2019,"{value}"\n'
    return KPITargetResource().import_data(tablib.Dataset().load(text, format="csv"), dry_run=False)


@pytest.mark.parametrize(
    ("text", "value"), [("1.500", "1500"), ("1500", "1500"), ("87,5", "87.5"), ("1.500,5", "1500.5")]
)
def test_a_csv_target_with_a_dot_between_thousands_imports_as_thousands(agreement, kpi, text, value):
    result = _import_csv(text)
    assert not result.has_errors() and not result.has_validation_errors()
    assert KPITarget.objects.get().target_value == Decimal(value)


@pytest.mark.parametrize("text", ["1.5", "87.50", "1,500.5"])
def test_an_ambiguous_csv_target_is_a_dutch_row_error(agreement, kpi, text):
    result = _import_csv(text)
    assert NOT_CLEAR in " ".join(result.invalid_rows[0].field_specific_errors["streefwaarde"])
    assert not KPITarget.objects.exists()


@pytest.mark.parametrize(("cell", "value"), [("1.500", "1500"), (87.5, "87.5"), (1500, "1500")])
def test_an_xlsx_target_as_text_or_as_a_number_imports(agreement, kpi, cell, value):
    book = openpyxl.Workbook()
    book.active.append(["overeenkomst", "KPI", "jaar", "streefwaarde"])
    book.active.append(["SO-VOKA", "KPI01", 2019, cell])
    out = io.BytesIO()
    book.save(out)
    result = KPITargetResource().import_data(tablib.Dataset().load(out.getvalue(), format="xlsx"), dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert KPITarget.objects.get().target_value == Decimal(value)


@pytest.mark.parametrize(("typed", "value"), [("1.500", "1500"), ("87,5", "87.5")])
def test_the_kpi_target_admin_form_reads_a_dot_between_thousands(client, staff, agreement, kpi, typed, value):
    target = KPITargetFactory(agreement=agreement, kpi=kpi, status=TargetStatus.DRAFT)
    client.force_login(staff)
    url = reverse("admin:evaluations_kpitarget_change", args=[target.pk])
    data = form_data(client.get(url))
    data["target_value"] = [typed]
    assert client.post(url, data).status_code == 302
    target.refresh_from_db()
    assert target.target_value == Decimal(value)


def test_the_kpi_target_admin_form_refuses_an_ambiguous_value_in_dutch(client, staff, agreement, kpi):
    target = KPITargetFactory(agreement=agreement, kpi=kpi, status=TargetStatus.DRAFT)
    client.force_login(staff)
    url = reverse("admin:evaluations_kpitarget_change", args=[target.pk])
    data = form_data(client.get(url))
    data["target_value"] = ["1.5"]
    response = client.post(url, data)
    assert response.status_code == 200 and "«1.5» is geen duidelijk bedrag" in response.content.decode()
    target.refresh_from_db()
    assert target.target_value == Decimal("100")


def test_the_targets_on_the_agreement_page_read_a_dot_between_thousands(client, staff, agreement, kpi):
    target = KPITargetFactory(agreement=agreement, kpi=kpi, status=TargetStatus.DRAFT)
    client.force_login(staff)
    url = reverse("admin:partners_agreement_change", args=[agreement.pk])
    data = form_data(client.get(url))
    prefix = next(key.removesuffix("-id") for key, v in data.items() if key.endswith("-id") and v == [str(target.pk)])
    data[f"{prefix}-target_value"] = ["2.500"]
    assert client.post(url, data).status_code == 302
    target.refresh_from_db()
    assert target.target_value == Decimal("2500")


def test_the_portal_target_change_form_reads_a_dot_between_thousands_and_refuses_1_5():
    form = TargetChangeForm({"value": "1.500"})
    assert form.is_valid() and form.cleaned_data["value"] == Decimal("1500")
    form = TargetChangeForm({"value": "1.5"})
    assert not form.is_valid()
    assert NOT_CLEAR in form.errors["value"][0]


def test_the_year_confirm_form_reads_targets_and_budget_lines_the_flemish_way():
    target = SimpleNamespace(
        current=SimpleNamespace(pk=1, is_draft=True, target_value=Decimal("100")),
        kpi=SimpleNamespace(code="KPI01", name="Begeleide bedrijven", unit="bedrijven"),
    )
    line = SimpleNamespace(current=SimpleNamespace(pk=2, is_draft=True, amount=Decimal("1000")), description="Werking")
    form = YearConfirmForm({"t1": "1.500", "l2": "905.000,00"}, target_rows=[target], line_rows=[line])
    assert form.is_valid(), form.errors
    assert (form.values("t"), form.values("l")) == ({1: Decimal("1500")}, {2: Decimal("905000.00")})
    form = YearConfirmForm({"t1": "1.5", "l2": "905000.00"}, target_rows=[target], line_rows=[line])
    assert not form.is_valid()
    assert NOT_CLEAR in form.errors["t1"][0] and NOT_CLEAR in form.errors["l2"][0]
