"""The KPI reporting workflow through the portal's pages: draft, submit, return, resubmit, validate."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluations.models import KPIReport, KPIResult, ReportStatus, ReportTransition
from evaluations.services import StaleReportError, kpi_report_keep_evidence, kpi_report_open
from evaluations.tests.factories import KPIFactory, KPITargetFactory
from partners.tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def targets(partner):
    agreement = AgreementFactory(partner=partner)
    return [
        KPITargetFactory(agreement=agreement, kpi=KPIFactory(code="KPI01", name="Begeleide bedrijven"), year=2019),
        KPITargetFactory(agreement=agreement, kpi=KPIFactory(code="KPI02", name="Startende exporteurs"), year=2019),
    ]


def report_url(year=2019):
    return reverse("evaluations:report_edit", args=[year])


def form_data(client, values, *, submit=False, files=None):
    """The POST of the report page as the browser sends it, with `values` per KPI code."""
    page = client.get(report_url())
    report = page.context["report"]
    data = {"version": report.version}
    for form in page.context["forms"]:
        code = form.instance.target.kpi.code
        actual, comment = values.get(code, ("", ""))
        data[f"{form.prefix}-actual_value"] = actual
        data[f"{form.prefix}-comment"] = comment
        if files and code in files:
            data[f"{form.prefix}-evidence"] = files[code]
    data["submit" if submit else "save"] = "1"
    return data


def test_partner_sees_a_row_per_targeted_kpi_with_the_target(client, partner_user, targets):
    client.force_login(partner_user)
    page = client.get(report_url())
    assert page.status_code == 200
    assert [f.instance.target.kpi.code for f in page.context["forms"]] == ["KPI01", "KPI02"]
    assert "Streefwaarde" in page.content.decode()


def test_opening_the_report_page_writes_nothing_until_the_partner_saves(client, partner_user, targets):
    from notifications.models import OutboxMessage

    client.force_login(partner_user)
    page = client.get(report_url())
    assert page.status_code == 200
    assert [f.instance.target.kpi.code for f in page.context["forms"]] == ["KPI01", "KPI02"]
    assert not KPIReport.objects.exists()
    assert not KPIResult.objects.exists()
    assert not KPIReport.history.exists()
    assert not OutboxMessage.objects.exists()

    assert client.post(report_url(), form_data(client, {"KPI01": ("12", "")})).status_code == 302
    report = KPIReport.objects.get()
    assert report.results.get(target__kpi__code="KPI01").actual_value == 12
    assert report.results.count() == 2


def test_a_target_added_to_a_draft_shows_on_the_page_without_being_written(client, partner_user, targets):
    client.force_login(partner_user)
    client.post(report_url(), form_data(client, {"KPI01": ("12", "")}))
    late = KPITargetFactory(agreement=targets[0].agreement, kpi=KPIFactory(code="KPI03"), year=2019)
    page = client.get(report_url())
    assert [f.instance.target.kpi.code for f in page.context["forms"]] == ["KPI01", "KPI02", "KPI03"]
    assert not KPIResult.objects.filter(target=late).exists()


def test_partner_saves_a_draft_in_dutch_number_format(client, partner_user, targets):
    client.force_login(partner_user)
    response = client.post(report_url(), form_data(client, {"KPI01": ("1.234,5", "Goed jaar")}))
    assert response.status_code == 302
    report = KPIReport.objects.get()
    assert report.status == ReportStatus.DRAFT
    result = report.results.get(target__kpi__code="KPI01")
    assert result.actual_value == Decimal("1234.5")
    assert result.comment == "Goed jaar"


def test_a_word_instead_of_a_number_gives_a_dutch_error_and_keeps_the_input(client, partner_user, targets):
    client.force_login(partner_user)
    response = client.post(report_url(), form_data(client, {"KPI01": ("veel", "Mijn toelichting")}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Voer een getal in" in html
    assert "Mijn toelichting" in html  # nothing the user typed is lost


def test_submitting_with_a_missing_result_saves_the_draft_and_explains(client, partner_user, targets):
    client.force_login(partner_user)
    response = client.post(report_url(), form_data(client, {"KPI01": ("10", "")}, submit=True), follow=True)
    assert "KPI02" in response.content.decode()
    report = KPIReport.objects.get()
    assert report.status == ReportStatus.DRAFT
    assert report.results.get(target__kpi__code="KPI01").actual_value == 10


def submit(client, values):
    return client.post(report_url(), form_data(client, values, submit=True))


def test_submitting_locks_the_report_and_mails_the_account_manager(
    client, partner_user, account_manager, targets, django_capture_on_commit_callbacks
):
    client.force_login(partner_user)
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, {"KPI01": ("10", ""), "KPI02": ("3", "")})
    report = KPIReport.objects.get()
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_by == partner_user
    assert [m.to for m in mail.outbox] == [[account_manager.email]]
    assert "ingediend" in mail.outbox[0].subject
    # Locked: a later POST changes nothing.
    prefix = f"t{report.results.get(target__kpi__code='KPI01').target_id}"
    client.post(report_url(), {"version": report.version, f"{prefix}-actual_value": "99", "save": "1"})
    assert report.results.get(target__kpi__code="KPI01").actual_value == 10
    assert "Bewaren als ontwerp" not in client.get(report_url()).content.decode()


def test_the_full_cycle_return_correct_resubmit_validate(
    client, partner_user, account_manager, targets, django_capture_on_commit_callbacks
):
    client.force_login(partner_user)
    submit(client, {"KPI01": ("10", ""), "KPI02": ("3", "")})
    report = KPIReport.objects.get()

    client.force_login(account_manager)
    review = reverse("evaluations:report_review", args=[report.pk])
    assert client.get(review).status_code == 200
    # Returning needs a comment.
    response = client.post(review, {"comment": "", "return": "1"})
    assert "Schrijf bij het terugsturen" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(review, {"comment": "KPI02 lijkt te laag, graag nakijken.", "return": "1"})
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert partner_user.email in {address for m in mail.outbox for address in m.to}

    client.force_login(partner_user)
    page = client.get(report_url())
    assert "KPI02 lijkt te laag" in page.content.decode()
    submit(client, {"KPI01": ("10", ""), "KPI02": ("5", "Twee vergeten bedrijven")})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    client.force_login(account_manager)
    client.post(review, {"comment": "", "validate": "1"})
    report.refresh_from_db()
    assert report.status == ReportStatus.VALIDATED
    assert report.validated_by == account_manager
    steps = list(ReportTransition.objects.filter(report=report).values_list("to_status", "by__username"))
    assert steps == [
        ("submitted", partner_user.username),
        ("returned", account_manager.username),
        ("submitted", partner_user.username),
        ("validated", account_manager.username),
    ]


def test_a_second_save_on_a_stale_page_is_refused_and_loses_nothing(client, partner_user, targets):
    client.force_login(partner_user)
    stale = form_data(client, {"KPI01": ("7", "mijn versie")})
    client.post(report_url(), form_data(client, {"KPI01": ("8", "andere versie")}))  # a colleague saves first
    response = client.post(report_url(), stale)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Iemand anders heeft dit rapport intussen gewijzigd" in html
    assert "mijn versie" in html  # the user's input is still on the page
    assert "andere versie" in html  # next to what was saved meanwhile
    assert KPIReport.objects.get().results.get(target__kpi__code="KPI01").actual_value == 8


def test_another_account_manager_cannot_validate(client, partner_user, targets):
    from partners.tests.factories import AccountManagerFactory

    client.force_login(partner_user)
    submit(client, {"KPI01": ("10", ""), "KPI02": ("3", "")})
    report = KPIReport.objects.get()
    stranger = AccountManagerFactory().user
    client.force_login(stranger)
    response = client.post(reverse("evaluations:report_review", args=[report.pk]), {"validate": "1"})
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_evidence_is_stored_under_a_random_name_and_downloaded_as_attachment(client, partner_user, staff, targets):
    client.force_login(partner_user)
    upload = SimpleUploadedFile("jaarverslag 2019.pdf", PDF, content_type="application/pdf")
    client.post(report_url(), form_data(client, {"KPI01": ("1", "")}, files={"KPI01": upload}))
    result = KPIReport.objects.get().results.get(target__kpi__code="KPI01")
    assert result.evidence_name == "jaarverslag 2019.pdf"
    assert "jaarverslag" not in result.evidence.name
    assert result.evidence.name.endswith(".pdf")
    for user in (partner_user, staff):
        client.force_login(user)
        response = client.get(reverse("evaluations:evidence", args=[result.pk]))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert b"".join(response.streaming_content) == PDF


def test_an_html_file_renamed_pdf_is_refused(client, partner_user, targets):
    client.force_login(partner_user)
    fake = SimpleUploadedFile("rapport.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    response = client.post(report_url(), form_data(client, {"KPI01": ("1", "")}, files={"KPI01": fake}))
    assert response.status_code == 200
    assert "geen geldig PDF-bestand" in response.content.decode()
    assert not KPIReport.objects.get().results.exclude(evidence="").exists()


def test_a_20_mb_file_is_refused(client, partner_user, targets):
    client.force_login(partner_user)
    big = SimpleUploadedFile("groot.png", PNG + b"\x00" * (20 * 1024 * 1024), content_type="image/png")
    response = client.post(report_url(), form_data(client, {"KPI01": ("1", "")}, files={"KPI01": big}))
    assert "te groot" in response.content.decode()


def test_an_executable_type_is_refused_whatever_its_content(client, partner_user, targets):
    client.force_login(partner_user)
    script = SimpleUploadedFile("run.exe", PDF, content_type="application/octet-stream")
    response = client.post(report_url(), form_data(client, {"KPI01": ("1", "")}, files={"KPI01": script}))
    assert "niet toegelaten" in response.content.decode()


def test_a_year_without_targets_is_not_found(client, partner_user, targets):
    client.force_login(partner_user)
    assert client.get(report_url(2015)).status_code == 404


def test_staff_cannot_open_the_partner_side(client, account_manager, targets):
    client.force_login(account_manager)
    assert client.get(report_url()).status_code == 403


def test_a_path_in_the_file_name_goes_nowhere(client, partner_user, targets):
    client.force_login(partner_user)
    upload = SimpleUploadedFile("../../../etc/cron.d/evil.pdf", PDF, content_type="application/pdf")
    client.post(report_url(), form_data(client, {"KPI01": ("1", "")}, files={"KPI01": upload}))
    result = KPIReport.objects.get().results.get(target__kpi__code="KPI01")
    assert result.evidence.name.startswith("evidence/") and ".." not in result.evidence.name
    assert "/" not in result.evidence_name and ".." not in result.evidence_name
    response = client.get(reverse("evaluations:evidence", args=[result.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="evil.pdf"'


def outbox_rows(report, *kinds):
    from notifications.models import OutboxMessage

    return OutboxMessage.objects.about(f"report:{report.pk}").filter(kind__in=kinds)


def test_validating_a_report_cancels_its_pending_validation_reminder_and_escalation_at_once(
    client, partner_user, account_manager, manager, superuser, targets
):
    from notifications.models import Kind, Status

    client.force_login(partner_user)
    submit(client, {"KPI01": ("10", ""), "KPI02": ("3", "")})
    report = KPIReport.objects.get()
    waiting = outbox_rows(report, Kind.VALIDATION_REMINDER, Kind.VALIDATION_ESCALATION)
    assert {(m.kind, m.status) for m in waiting} == {
        (Kind.VALIDATION_REMINDER, Status.PENDING),
        (Kind.VALIDATION_ESCALATION, Status.PENDING),
    }

    client.force_login(account_manager)
    client.post(reverse("evaluations:report_review", args=[report.pk]), {"comment": "", "validate": "1"})

    assert {m.status for m in waiting.all()} == {Status.CANCELLED}  # at once, not when their day comes
    client.force_login(superuser)
    to_send = client.get(reverse("admin:notifications_outboxmessage_changelist"), {"status__exact": "pending"})
    listed = {m.kind for m in to_send.context["cl"].result_list}
    assert not listed & {Kind.VALIDATION_REMINDER, Kind.VALIDATION_ESCALATION, Kind.KPI_REMINDER, Kind.KPI_ESCALATION}


def test_returning_a_report_cancels_the_validation_reminders_of_the_returned_version(
    client, partner_user, account_manager, targets
):
    from notifications.models import Kind, Status

    client.force_login(partner_user)
    submit(client, {"KPI01": ("10", ""), "KPI02": ("3", "")})
    report = KPIReport.objects.get()
    client.force_login(account_manager)
    client.post(reverse("evaluations:report_review", args=[report.pk]), {"comment": "Graag nakijken.", "return": "1"})
    waiting = outbox_rows(report, Kind.VALIDATION_REMINDER, Kind.VALIDATION_ESCALATION)
    assert waiting.exists()
    assert {m.status for m in waiting} == {Status.CANCELLED}


def test_the_daily_task_opens_this_years_report_and_plans_its_deadline_chain_once(partner):
    from django.utils import timezone

    from notifications.models import Kind, OutboxMessage
    from notifications.tasks import plan_reminders
    from partners.tests.factories import ContactFactory

    ContactFactory(partner=partner, is_reporting_contact=True, email="rapport@voka.be")
    year = timezone.localdate().year
    agreement = AgreementFactory(
        partner=partner, start_date=datetime.date(year - 5, 1, 1), end_date=datetime.date(year + 1, 12, 31)
    )
    KPITargetFactory(agreement=agreement, kpi=KPIFactory(code="KPI01"), year=year)
    KPITargetFactory(agreement=agreement, kpi=KPIFactory(code="KPI02"), year=year - 5)  # long past: not opened

    # The outbox's daily task runs what the domain registered with it (evaluations: the deadline chains).
    assert plan_reminders.apply().get() == 1
    report = KPIReport.objects.get()
    assert (report.year, report.status) == (year, ReportStatus.DRAFT)
    reminders = OutboxMessage.objects.filter(subject_key=f"report:{report.pk}", kind=Kind.KPI_REMINDER)
    assert set(reminders.values_list("recipient_email", flat=True)) == {"rapport@voka.be"}
    count = OutboxMessage.objects.count()
    plan_reminders.apply()
    assert OutboxMessage.objects.count() == count


# The page as a form people fill in: progress, % of target, errors they can find, chosen files kept.


def pdf(name="jaarverslag-2019.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_the_page_says_how_many_kpis_are_filled_in_and_each_rows_share_of_its_target(client, partner_user, targets):
    client.force_login(partner_user)
    client.post(report_url(), form_data(client, {"KPI01": ("120", "")}))
    html = client.get(report_url()).content.decode()
    assert "Ingevuld: 1 van de 2 KPI's" in html
    assert 'value="1" max="2"' in html  # the progress bar
    assert "120 %</output>" in html  # 120 of a target of 100
    assert "–</output>" in html  # KPI02: nothing typed yet


def test_after_a_failed_save_the_progress_and_shares_count_what_was_typed(client, partner_user, targets):
    client.force_login(partner_user)
    response = client.post(report_url(), form_data(client, {"KPI01": ("50", ""), "KPI02": ("veel", "")}))
    html = response.content.decode()
    assert "Ingevuld: 2 van de 2 KPI's" in html
    assert "50 %</output>" in html


def test_a_failed_save_lists_every_error_at_the_top_linking_to_its_field(client, partner_user, targets):
    client.force_login(partner_user)
    response = client.post(report_url(), form_data(client, {"KPI01": ("veel", ""), "KPI02": ("-3", "")}))
    assert response.status_code == 200
    summary = response.context["error_summary"]
    kpi1, kpi2 = targets
    assert [item["id"] for item in summary] == [f"id_t{kpi1.pk}-actual_value", f"id_t{kpi2.pk}-actual_value"]
    html = response.content.decode()
    assert "Het rapport is niet bewaard: verbeter deze velden" in html
    assert f'href="#id_t{kpi1.pk}-actual_value">KPI01 – Resultaat (bedrijven): Voer een getal in.' in html
    # Each wrong field is marked for the eye and for a screen reader, and points at its message.
    for target in targets:
        field = f'id="id_t{target.pk}-actual_value"'
        tag = next(t for t in html.split("<input") if field in t)
        assert "is-invalid" in tag
        assert 'aria-invalid="true"' in tag
        assert f"id_t{target.pk}-actual_value_error" in tag  # aria-describedby
    assert f'id="id_t{kpi1.pk}-actual_value_error"' in html


def test_a_file_chosen_in_a_failed_save_is_kept_and_need_not_be_chosen_again(client, partner_user, targets):
    client.force_login(partner_user)
    data = form_data(client, {"KPI01": ("10", "toelichting"), "KPI02": ("veel", "")}, files={"KPI01": pdf()})
    response = client.post(report_url(), data)
    assert response.status_code == 200
    report = KPIReport.objects.get()
    kept = report.results.get(target__kpi__code="KPI01")
    assert kept.evidence_name == "jaarverslag-2019.pdf"
    assert kept.actual_value is None  # the typed values wait for a valid form
    html = response.content.decode()
    assert "Huidig bewijsstuk:" in html and "jaarverslag-2019.pdf" in html
    assert "u hoeft ze niet opnieuw te kiezen" in html
    assert "toelichting" in html  # what was typed is still there

    # The partner corrects KPI02 and saves the page as it came back: the file stays, the values are saved.
    fixed = {k: v for k, v in data.items() if not k.endswith("-evidence")}
    fixed["version"] = response.context["report"].version
    fixed[f"t{targets[1].pk}-actual_value"] = "3"
    assert client.post(report_url(), fixed).status_code == 302
    kept.refresh_from_db()
    assert (kept.actual_value, kept.evidence_name) == (Decimal("10"), "jaarverslag-2019.pdf")


def test_a_refused_file_is_not_kept(client, partner_user, targets):
    client.force_login(partner_user)
    fake = SimpleUploadedFile("rapport.pdf", b"<html></html>", content_type="application/pdf")
    response = client.post(report_url(), form_data(client, {"KPI02": ("veel", "")}, files={"KPI01": fake}))
    assert not KPIReport.objects.get().results.exclude(evidence="").exists()
    assert f"id_t{targets[0].pk}-evidence" in [item["id"] for item in response.context["error_summary"]]


def test_keeping_evidence_on_a_stale_page_is_refused(partner_user, targets):
    report = kpi_report_open(agreement=targets[0].agreement, year=2019)
    result = report.results.first()
    with pytest.raises(StaleReportError):
        kpi_report_keep_evidence(
            report=report, user=partner_user, version=report.version + 5, evidence={result.pk: pdf()}
        )
    result.refresh_from_db()
    assert not result.evidence


def test_another_partner_cannot_keep_evidence_on_the_report(other_partner_user, targets):
    report = kpi_report_open(agreement=targets[0].agreement, year=2019)
    result = report.results.first()
    with pytest.raises(PermissionDenied):
        kpi_report_keep_evidence(
            report=report, user=other_partner_user, version=report.version, evidence={result.pk: pdf()}
        )
    result.refresh_from_db()
    assert not result.evidence
