import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Evaluation, KPIReport, KPIResult, KPITarget, ReportStatus, ReportTransition
from evaluations.resources import KPIResultResource, KPITargetResource
from evaluations.tests.factories import (
    EvaluationFactory,
    KPIFactory,
    KPIReportFactory,
    KPIResultFactory,
    KPITargetFactory,
)
from partners.tests.factories import AgreementFactory
from portal.tests.admin_helpers import form_data

CSV, XLSX = "0", "1"


def _dataset(text: str) -> tablib.Dataset:
    return tablib.Dataset().load(text, format="csv")


@pytest.fixture
def agreement(partner):
    return AgreementFactory(partner=partner, reference="SO-VOKA")


@pytest.fixture
def kpis(db):
    return [KPIFactory(code="KPI01", name="Begeleide bedrijven"), KPIFactory(code="KPI02", name="Startende exporteurs")]


def test_kpi_report_changelist_shows_partner_year_status_and_deadline(client, staff, agreement, other_partner):
    KPIReportFactory(agreement=agreement, year=2019, status=ReportStatus.SUBMITTED)
    KPIReportFactory(agreement=AgreementFactory(partner=other_partner), year=2019)
    client.force_login(staff)
    url = reverse("admin:evaluations_kpireport_changelist")
    response = client.get(url)
    page = response.content.decode()
    assert response.context["cl"].result_count == 2
    assert "Voka" in page and "Agoria" in page
    # The default deadline, in both rows, as the admin writes dates.
    assert page.count('<td class="field-deadline nowrap">31 maart 2020</td>') == 2

    response = client.get(url, {"status__exact": "submitted", "year__exact": "2019"})
    assert [report.agreement.partner.name for report in response.context["cl"].result_list] == ["Voka"]


def test_the_reporting_workflow_cannot_be_bypassed_in_the_admin(client, staff, agreement):
    report = KPIReportFactory(agreement=agreement, year=2019)
    client.force_login(staff)
    url = reverse("admin:evaluations_kpireport_change", args=[report.pk])
    data = form_data(client.get(url))
    assert "status" not in data
    data.update(status=["validated"], deadline=["2020-04-30"])
    assert client.post(url, data).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert report.deadline == datetime.date(2020, 4, 30)


def test_report_transitions_are_read_only(client, superuser, agreement):
    report = KPIReportFactory(agreement=agreement, year=2019)
    transition = ReportTransition.objects.create(report=report, from_status="draft", to_status="submitted")
    client.force_login(superuser)
    assert client.get(reverse("admin:evaluations_reporttransition_add")).status_code == 403
    url = reverse("admin:evaluations_reporttransition_change", args=[transition.pk])
    assert client.post(url, {"comment": "vervalst"}).status_code == 403
    assert client.post(reverse("admin:evaluations_reporttransition_delete", args=[transition.pk])).status_code == 403


def test_the_results_inline_offers_only_the_targets_of_the_reports_agreement_and_year(client, staff, agreement, kpis):
    own = KPITargetFactory(agreement=agreement, kpi=kpis[0], year=2019)
    KPITargetFactory(agreement=agreement, kpi=kpis[1], year=2020)
    KPITargetFactory(kpi=kpis[1], year=2019)  # another agreement
    report = KPIReportFactory(agreement=agreement, year=2019)
    client.force_login(staff)
    response = client.get(reverse("admin:evaluations_kpireport_change", args=[report.pk]))
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.model is KPIResult
    assert list(formset.form.base_fields["target"].queryset) == [own]


RESULTS_CSV = """overeenkomst,jaar,KPI,resultaat,toelichting
SO-VOKA,2019,KPI01,"120,5",Meer dan verwacht
SO-VOKA,2019,KPI02,7,
"""


def test_a_kpi_result_import_creates_the_missing_report_and_attaches_the_results(agreement, kpis):
    for kpi in kpis:
        KPITargetFactory(agreement=agreement, kpi=kpi, year=2019)
    result = KPIResultResource().import_data(_dataset(RESULTS_CSV), dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    report = KPIReport.objects.get(agreement=agreement, year=2019)
    assert report.status == ReportStatus.DRAFT
    values = dict(report.results.values_list("target__kpi__code", "actual_value"))
    assert values == {"KPI01": Decimal("120.50"), "KPI02": Decimal("7")}
    assert report.results.get(target__kpi__code="KPI01").comment == "Meer dan verwacht"


def test_a_kpi_result_import_updates_the_result_in_its_existing_report(agreement, kpis):
    existing = KPIResultFactory(target=KPITargetFactory(agreement=agreement, kpi=kpis[0], year=2019))
    KPITargetFactory(agreement=agreement, kpi=kpis[1], year=2019)
    result = KPIResultResource().import_data(_dataset(RESULTS_CSV), dry_run=False)
    assert [row.import_type for row in result.rows] == ["update", "new"]
    existing.refresh_from_db()
    assert existing.actual_value == Decimal("120.50")
    assert KPIReport.objects.count() == 1
    assert KPIResult.objects.filter(report=existing.report).count() == 2


def test_a_kpi_result_without_a_target_reports_the_row_and_imports_nothing(agreement, kpis):
    KPITargetFactory(agreement=agreement, kpi=kpis[0], year=2019)  # no target for KPI02
    result = KPIResultResource().import_data(_dataset(RESULTS_CSV), dry_run=False)
    assert [row.number for row in result.invalid_rows] == [2]
    assert "geen doelstelling voor KPI «KPI02»" in " ".join(result.invalid_rows[0].field_specific_errors["KPI"])
    assert KPIResult.objects.count() == 0
    assert KPIReport.objects.count() == 0


def test_a_kpi_result_import_cannot_change_a_validated_report(agreement, kpis):
    validated = KPIResultFactory(target=KPITargetFactory(agreement=agreement, kpi=kpis[0], year=2019))
    KPIReport.objects.filter(pk=validated.report_id).update(status=ReportStatus.VALIDATED)
    text = "overeenkomst,jaar,KPI,resultaat\nSO-VOKA,2019,KPI01,1\n"
    result = KPIResultResource().import_data(_dataset(text), dry_run=False)
    assert "al gevalideerd" in " ".join(result.invalid_rows[0].non_field_specific_errors)
    validated.refresh_from_db()
    assert validated.actual_value == Decimal("90")


def test_kpi_results_import_through_the_admin(client, staff, agreement, kpis):
    for kpi in kpis:
        KPITargetFactory(agreement=agreement, kpi=kpi, year=2019)
    client.force_login(staff)
    upload = SimpleUploadedFile("resultaten.csv", RESULTS_CSV.encode(), content_type="text/csv")
    response = client.post(
        reverse("admin:evaluations_kpiresult_import"), {"resource": "0", "format": CSV, "import_file": upload}
    )
    assert response.status_code == 200
    response = client.post(
        reverse("admin:evaluations_kpiresult_process_import"), response.context["confirm_form"].initial
    )
    assert response.status_code == 302
    assert KPIResult.objects.filter(report__agreement=agreement, report__year=2019).count() == 2


TARGETS_CSV = """overeenkomst,KPI,jaar,streefwaarde,toelichting
SO-VOKA,KPI01,2019,100,
SO-VOKA,KPI02,2019,"12,5",half jaar
"""


def test_kpi_targets_import_by_agreement_reference_and_kpi_code(agreement, kpis):
    result = KPITargetResource().import_data(_dataset(TARGETS_CSV), dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert KPITarget.objects.get(kpi__code="KPI02").target_value == Decimal("12.50")

    again = KPITargetResource().import_data(_dataset(TARGETS_CSV), dry_run=False)
    assert [row.import_type for row in again.rows] == ["skip", "skip"]
    assert KPITarget.objects.count() == 2


def test_a_kpi_target_outside_the_agreement_is_a_row_error(agreement, kpis):
    text = "overeenkomst,KPI,jaar,streefwaarde\nSO-VOKA,KPI01,2019,100\nSO-VOKA,KPI01,2025,100\n"
    result = KPITargetResource().import_data(_dataset(text), dry_run=False)
    assert [row.number for row in result.invalid_rows] == [2]
    assert "buiten de looptijd" in " ".join(result.invalid_rows[0].field_specific_errors["jaar"])
    assert KPITarget.objects.count() == 0


def test_kpi_targets_export_to_xlsx(client, staff, agreement, kpis):
    KPITargetFactory(agreement=agreement, kpi=kpis[0], year=2019, target_value=Decimal("150"))
    client.force_login(staff)
    fields = {f"kpitargetresource_{name}": "on" for name in KPITargetResource().get_export_order()}
    response = client.post(reverse("admin:evaluations_kpitarget_export"), {"resource": "0", "format": XLSX, **fields})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    headers = [cell.value for cell in sheet[1]]
    assert headers == ["overeenkomst", "partner", "KPI", "jaar", "streefwaarde", "toelichting"]
    assert [cell.value for cell in sheet[2]][:5] == ["SO-VOKA", "Voka", "KPI01", 2019, 150]


def test_a_target_whose_year_has_started_cannot_be_changed_in_the_admin(client, staff, agreement, kpis):
    target = KPITargetFactory(agreement=agreement, kpi=kpis[0], year=2019, target_value=Decimal("100"))
    client.force_login(staff)
    url = reverse("admin:evaluations_kpitarget_change", args=[target.pk])
    data = form_data(client.get(url))
    data["target_value"] = ["80"]
    response = client.post(url, data)
    assert response.status_code == 200
    assert "vergrendeld" in response.content.decode()
    target.refresh_from_db()
    assert target.target_value == Decimal("100")


def test_a_target_of_a_coming_year_can_be_changed_in_the_admin(client, staff, partner, kpis):
    next_year = timezone.localdate().year + 1
    agreement = AgreementFactory(
        partner=partner, start_date=datetime.date(next_year - 1, 1, 1), end_date=datetime.date(next_year + 1, 12, 31)
    )
    target = KPITargetFactory(agreement=agreement, kpi=kpis[0], year=next_year, target_value=Decimal("100"))
    client.force_login(staff)
    url = reverse("admin:evaluations_kpitarget_change", args=[target.pk])
    data = form_data(client.get(url))
    data["target_value"] = ["80"]
    assert client.post(url, data).status_code == 302
    target.refresh_from_db()
    assert target.target_value == Decimal("80")


def test_an_import_cannot_change_a_locked_target(agreement, kpis):
    KPITargetFactory(agreement=agreement, kpi=kpis[0], year=2019, target_value=Decimal("90"))
    result = KPITargetResource().import_data(_dataset(TARGETS_CSV), dry_run=False)
    assert [row.number for row in result.invalid_rows] == [1]
    assert "vergrendeld" in " ".join(result.invalid_rows[0].non_field_specific_errors)
    assert KPITarget.objects.get(kpi__code="KPI01").target_value == Decimal("90")
    assert KPITarget.objects.count() == 1


def test_the_evaluation_workflow_cannot_be_bypassed_in_the_admin(client, staff, agreement):
    evaluation = EvaluationFactory(agreement=agreement, year=2019)
    client.force_login(staff)
    url = reverse("admin:evaluations_evaluation_change", args=[evaluation.pk])
    data = form_data(client.get(url))
    assert "status" not in data
    data.update(status=["shared"], conclusion=["Goed jaar."])
    assert client.post(url, data).status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == Evaluation.Status.DRAFT
    assert evaluation.conclusion == "Goed jaar."


def test_the_admin_lists_kpi_values_as_counts_not_with_two_decimals(client, staff):
    target = KPITargetFactory(target_value=Decimal("320.00"))
    KPIResultFactory(target=target, actual_value=Decimal("1250.50"))
    client.force_login(staff)
    targets = client.get(reverse("admin:evaluations_kpitarget_changelist")).content.decode()
    assert '<td class="field-target">320</td>' in targets and "320,00" not in targets
    results = client.get(reverse("admin:evaluations_kpiresult_changelist")).content.decode()
    assert '<td class="field-target_value">320</td>' in results
    assert '<td class="field-result">1.250,5</td>' in results and "1250,50" not in results
