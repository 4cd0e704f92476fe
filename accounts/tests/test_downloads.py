"""The audit of downloads: evidence, documents and the annual report go into the audit log; FIT staff read
it with filters; a partner sees who at FIT downloaded its evidence, and nothing of another partner."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from accounts.models import AuditEvent
from evaluations.tests.factories import KPIResultFactory

pytestmark = pytest.mark.django_db


def evidence_of(partner, name="jaarverslag 2019.pdf"):
    result = KPIResultFactory(target__agreement__partner=partner, target__year=2019)
    result.evidence.save("x.pdf", ContentFile(b"%PDF-1.4 bewijs"), save=False)
    result.evidence_name = name
    result.save()
    return result


def test_downloading_evidence_records_who_what_and_for_which_partner(client, staff, partner):
    result = evidence_of(partner)
    client.force_login(staff)
    assert client.get(reverse("evaluations:evidence", args=[result.pk])).status_code == 200
    event = AuditEvent.objects.get(kind="download")
    assert event.user == staff
    assert event.detail == {
        "what": "evidence",
        "name": "jaarverslag 2019.pdf",
        "object": "evaluations.kpiresult",
        "object_id": result.pk,
        "partner_id": partner.pk,
        "partner": "Voka",
    }


def test_a_refused_download_records_nothing(client, other_partner_user, partner):
    result = evidence_of(partner)
    client.force_login(other_partner_user)
    assert client.get(reverse("evaluations:evidence", args=[result.pk])).status_code == 404
    assert not AuditEvent.objects.filter(kind="download").exists()


def test_the_annual_report_pdf_is_recorded(client, manager):
    client.force_login(manager)
    assert client.get(reverse("dashboards:annual_report_pdf", args=[2019])).status_code == 200
    assert AuditEvent.objects.get(kind="download").detail["what"] == "annual_report"


def test_fit_staff_filter_the_download_log_by_user_partner_kind_and_date(
    client, staff, account_manager, partner, other_partner
):
    voka, agoria = evidence_of(partner, "voka.pdf"), evidence_of(other_partner, "agoria.pdf")
    staff.last_name, account_manager.last_name = "Peeters", "Zwartberg"
    staff.save(), account_manager.save()
    for user, result in [(staff, voka), (account_manager, voka), (staff, agoria)]:
        client.force_login(user)
        client.get(reverse("evaluations:evidence", args=[result.pk]))
    AuditEvent.objects.create(kind="export", user=staff, username="sofie", detail={"table": "kpis", "format": "csv"})
    AuditEvent.objects.filter(detail__name="agoria.pdf").update(at=datetime.datetime(2020, 3, 1, tzinfo=datetime.UTC))
    client.force_login(staff)
    url = reverse("download_log")

    def shown(**filters) -> str:
        response = client.get(url, filters)
        assert response.status_code == 200
        return response.content.decode()

    everything = shown()
    assert everything.count("voka.pdf") == 2 and "agoria.pdf" in everything and "kpis" in everything
    by_partner = shown(partner=other_partner.pk)
    assert "agoria.pdf" in by_partner and "voka.pdf" not in by_partner
    by_user = shown(user="zwartberg")
    assert by_user.count("voka.pdf") == 1 and "agoria.pdf" not in by_user and "kpis" not in by_user
    exports = shown(what="export")
    assert "kpis" in exports and ".pdf" not in exports
    before = shown(date_to="2020-12-31")
    assert "agoria.pdf" in before and "voka.pdf" not in before
    wrong = shown(date_from="2021-01-01", date_to="2020-01-01")
    assert "De einddatum ligt voor de begindatum" in wrong


def test_a_partner_sees_who_at_fit_downloaded_its_evidence_and_not_another_partners(
    client, staff, partner_user, partner, other_partner
):
    voka, agoria = evidence_of(partner, "voka.pdf"), evidence_of(other_partner, "agoria.pdf")
    client.force_login(staff)
    client.get(reverse("evaluations:evidence", args=[voka.pk]))
    client.get(reverse("evaluations:evidence", args=[agoria.pk]))
    client.force_login(partner_user)
    client.get(reverse("evaluations:evidence", args=[voka.pk]))  # the partner's own download: not FIT's
    html = client.get(reverse("evidence_downloads")).content.decode()
    assert "voka.pdf" in html and "agoria.pdf" not in html
    assert html.count("voka.pdf") == 1
    assert staff.get_full_name() in html
    assert partner_user.get_full_name() not in html.split("<main")[1]


def test_a_partner_users_download_of_a_shared_document_is_logged_under_its_partner(client, partner_user, partner):
    from library.tests.factories import DocumentVersionFactory

    version = DocumentVersionFactory(original_name="huisstijlgids.pdf")
    client.force_login(partner_user)
    response = client.get(reverse("library:download", args=[version.pk]))
    assert response.status_code == 200
    event = AuditEvent.objects.get(kind="download")
    assert (event.user, event.detail["what"], event.detail["partner_id"]) == (partner_user, "document", partner.pk)
