"""The library: who sees which document (and its versions and downloads), the upload rules, versions, and
the download figures per partner."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from library.audience import Audience
from library.figures import partner_figures
from library.models import Document, Download
from library.services import document_add_version, document_share
from partners.models import Partner, Versnelling
from partners.tests.factories import PartnerFactory, PartnerUserFactory
from portal.uploads import MAX_UPLOAD_BYTES

from .factories import PDF, pdf_file

pytestmark = pytest.mark.django_db


def share(staff, **kwargs) -> Document:
    kwargs.setdefault("title", "Branding toolkit Life Sciences")
    return document_share(user=staff, file=pdf_file(), **kwargs)


def download_url(document) -> str:
    return reverse("library:download", args=[document.current_version.pk])


# Isolation.


def test_a_document_shared_with_one_partner_is_404_for_another_partner_also_its_versions(
    client, staff, partner, partner_user, other_partner_user
):
    document = share(staff, title="Getekende overeenkomst Voka", audience=Audience.PARTNER, partner=partner)
    old = document.current_version
    document_add_version(document=document, user=staff, file=pdf_file("v2.pdf"))

    client.force_login(other_partner_user)
    assert client.get(reverse("library:document_detail", args=[document.pk])).status_code == 404
    assert client.get(reverse("library:download", args=[old.pk])).status_code == 404
    assert client.get(download_url(document)).status_code == 404
    assert "Getekende overeenkomst" not in client.get(reverse("library:document_list")).content.decode()
    assert not Download.objects.exists()

    client.force_login(partner_user)
    assert client.get(reverse("library:document_detail", args=[document.pk])).status_code == 200
    assert client.get(reverse("library:download", args=[old.pk])).status_code == 200


def test_a_group_shared_document_reaches_the_partners_in_the_group_and_no_other(client, staff):
    cluster = PartnerFactory(name="DSP Valley", kind=Partner.Kind.CLUSTER, is_structural=True)
    federation = PartnerFactory(name="Fedustria", kind=Partner.Kind.FEDERATION, is_structural=True)
    inside = PartnerUserFactory(contact__partner=cluster)
    outside = PartnerUserFactory(contact__partner=federation)
    document = share(staff, title="Clusterdag", audience=Audience.GROUPS, groups=[Partner.Kind.CLUSTER])

    client.force_login(inside)
    assert "Clusterdag" in client.get(reverse("library:document_list")).content.decode()
    assert client.get(download_url(document)).status_code == 200
    client.force_login(outside)
    assert "Clusterdag" not in client.get(reverse("library:document_list")).content.decode()
    assert client.get(download_url(document)).status_code == 404


def test_a_versnelling_shared_document_reaches_the_partners_of_that_versnelling_only(staff, partner, other_partner):
    food = Versnelling.objects.create(code="food", name="Food")
    partner.versnellingen.add(food)
    document = share(staff, audience=Audience.VERSNELLING, versnelling=food)
    voka = PartnerUserFactory(contact__partner=partner)
    agoria = PartnerUserFactory(contact__partner=other_partner)

    assert list(Document.objects.visible_to(voka)) == [document]
    assert list(Document.objects.visible_to(agoria)) == []


def test_a_partners_own_upload_is_seen_by_that_partner_and_fit_only(client, partner_user, other_partner_user, staff):
    client.force_login(partner_user)
    response = client.post(
        reverse("library:document_upload"),
        {"title": "Ons jaarplan", "file": SimpleUploadedFile("jaarplan.pdf", PDF, "application/pdf")},
    )
    document = Document.objects.get(title="Ons jaarplan")
    assert response.status_code == 302
    assert document.from_partner and document.partner_id == partner_user.contact.partner_id

    client.force_login(other_partner_user)
    assert client.get(reverse("library:document_detail", args=[document.pk])).status_code == 404
    assert client.get(download_url(document)).status_code == 404
    client.force_login(staff)
    assert "Ons jaarplan" in client.get(reverse("library:staff_document_list")).content.decode()
    assert client.get(download_url(document)).status_code == 200


def test_search_by_title_finds_only_matching_documents(client, staff, partner_user):
    share(staff, title="Sjabloon presentatie")
    share(staff, title="Logo Smart Logistics")
    client.force_login(partner_user)
    page = client.get(reverse("library:document_list"), {"q": "sjabloon"}).content.decode()
    assert "Sjabloon presentatie" in page
    assert "Logo Smart Logistics" not in page


# Upload rules.


def test_a_file_of_the_wrong_type_is_refused_in_dutch_and_the_title_stays_in_the_form(client, partner_user):
    client.force_login(partner_user)
    response = client.post(
        reverse("library:document_upload"),
        {"title": "Ons jaarplan", "description": "Voor 2020", "file": SimpleUploadedFile("plan.exe", b"MZ...")},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dit bestandstype is niet toegelaten" in page
    assert 'value="Ons jaarplan"' in page and "Voor 2020" in page
    assert not Document.objects.exists()


def test_a_pdf_that_is_no_pdf_is_refused(client, partner_user):
    client.force_login(partner_user)
    response = client.post(
        reverse("library:document_upload"), {"title": "Plan", "file": SimpleUploadedFile("plan.pdf", b"not a pdf")}
    )
    assert "De inhoud van het bestand is geen geldig PDF-bestand." in response.content.decode()
    assert not Document.objects.exists()


def test_a_file_over_10_mb_is_refused_with_its_size(client, staff):
    client.force_login(staff)
    big = SimpleUploadedFile("groot.pdf", PDF + b"0" * MAX_UPLOAD_BYTES)
    response = client.post(
        reverse("library:staff_document_create"), {"title": "Groot", "audience": Audience.ALL, "file": big}
    )
    assert response.status_code == 200
    assert "te groot" in response.content.decode()
    assert 'value="Groot"' in response.content.decode()
    assert not Document.objects.exists()


def test_sharing_with_groups_without_a_group_is_refused(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("library:staff_document_create"),
        {"title": "Voor wie?", "audience": Audience.GROUPS, "file": SimpleUploadedFile("a.pdf", PDF)},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["groups"]
    assert not Document.objects.exists()


# Versions.


def test_a_new_version_keeps_the_old_one_both_downloadable_and_the_current_one_shown(client, staff, partner_user):
    document = share(staff)
    client.force_login(staff)
    response = client.post(
        reverse("library:staff_document_version", args=[document.pk]),
        {"file": SimpleUploadedFile("toolkit-2020.pdf", PDF + b"% v2\n"), "note": "Nieuwe logo's"},
    )
    assert response.status_code == 302
    versions = list(document.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]

    client.force_login(partner_user)
    page = client.get(reverse("library:document_detail", args=[document.pk])).content.decode()
    assert "toolkit-2020.pdf" in page and "toolkit.pdf" in page and "Nieuwe logo" in page
    current_row = page.split("<tbody>")[1].split("</tr>")[0]  # the versions' table, newest first
    assert "v2" in current_row and "huidig" in current_row
    first = client.get(reverse("library:download", args=[versions[0].pk]))
    second = client.get(reverse("library:download", args=[versions[1].pk]))
    assert b"".join(first.streaming_content) == PDF
    assert b"".join(second.streaming_content) == PDF + b"% v2\n"
    assert 'filename="toolkit-2020.pdf"' in second["Content-Disposition"]
    assert second["Content-Disposition"].startswith("attachment")


def test_a_bad_new_version_is_refused_and_the_document_keeps_its_version(client, staff):
    document = share(staff)
    client.force_login(staff)
    response = client.post(
        reverse("library:staff_document_version", args=[document.pk]), {"file": SimpleUploadedFile("x.txt", b"x")}
    )
    assert response.status_code == 400
    assert "Dit bestandstype is niet toegelaten" in response.content.decode()
    assert document.versions.count() == 1


# Download figures.


def test_downloads_are_counted_per_partner_and_shown_to_fit(client, staff, partner, partner_user, other_partner_user):
    document = share(staff, title="Branding toolkit Food")
    for user, times in ((partner_user, 2), (other_partner_user, 1), (staff, 1)):
        client.force_login(user)
        for _ in range(times):
            assert client.get(download_url(document)).status_code == 200

    assert Download.objects.count() == 4
    assert Download.objects.by_partners().filter(partner=partner).count() == 2
    client.force_login(staff)
    detail = client.get(reverse("library:staff_document_detail", args=[document.pk]))
    rows = {row["partner__name"]: row["count"] for row in detail.context["per_partner"]}
    assert rows == {"Voka": 2, "Agoria": 1}  # FIT's own download is not a partner's
    listed = client.get(reverse("library:staff_document_list")).context["folders"][0]["documents"][0]
    assert (listed.download_count, listed.partner_count) == (3, 2)
    usage = client.get(reverse("library:staff_usage"))
    voka = next(row for row in usage.context["partners"] if row["partner"] == partner)
    assert voka["total"] == 2 and voka["documents"][0]["title"] == "Branding toolkit Food"


def test_the_figures_per_partner_for_a_year(staff, partner, other_partner, partner_user):
    share(staff, title="Voor iedereen")
    own = share(staff, title="Voor Voka", audience=Audience.PARTNER, partner=partner)
    Download.objects.create(version=own.current_version, user=partner_user, partner=partner)
    from library.services import document_upload_by_partner

    document_upload_by_partner(user=partner_user, title="Jaarplan", file=pdf_file())
    year = own.created_at.year

    figures = partner_figures(year)

    assert figures[partner.pk].shared_with == 2
    assert figures[partner.pk].downloads == 1
    assert figures[partner.pk].shared_by == 1
    assert figures[other_partner.pk].shared_with == 1
    assert figures[other_partner.pk].downloads == 0
    assert partner_figures(year - 1)[partner.pk].shared_with == 0


def test_the_partner_list_makes_a_constant_number_of_queries(
    client, staff, partner_user, django_assert_max_num_queries
):
    for index in range(6):
        share(staff, title=f"Document {index}")
    client.force_login(partner_user)
    # 12 for the page, + 1 for the header's unread-messages badge (conversations) that every page shows.
    with django_assert_max_num_queries(13):
        assert client.get(reverse("library:document_list")).status_code == 200


def test_fits_pages_make_a_constant_number_of_queries(client, staff, partner_user, django_assert_max_num_queries):
    for index in range(5):
        document = share(staff, title=f"Document {index}")
        version = document.current_version
        Download.objects.create(version=version, user=partner_user, partner_id=partner_user.contact.partner_id)
    client.force_login(staff)
    # 12 for the page, + 1 for the header's unread-messages badge (conversations) that every page shows.
    with django_assert_max_num_queries(13):
        assert client.get(reverse("library:staff_document_list")).status_code == 200
    # 12 for the page, + 1 for the header's unread-messages badge (conversations) that every page shows.
    with django_assert_max_num_queries(13):
        assert client.get(reverse("library:staff_usage")).status_code == 200


def test_sharing_with_one_partner_tells_its_contacts_with_a_login_only(
    staff, partner, partner_user, other_partner_user, mailoutbox
):
    from notifications.models import Kind, OutboxMessage
    from notifications.services import deliver

    document = share(staff, title="Getekende overeenkomst", audience=Audience.PARTNER, partner=partner, notify=True)
    share(staff, title="Zonder bericht")  # notify is off by default in the service

    rows = OutboxMessage.objects.filter(kind=Kind.DOCUMENT_SHARED)
    assert list(rows.values_list("recipient_email", "subject_key")) == [(partner_user.email, f"document:{document.pk}")]
    assert deliver(rows.get().pk)
    assert "Getekende overeenkomst" in mailoutbox[-1].subject
    assert reverse("library:document_detail", args=[document.pk]) in mailoutbox[-1].body


def test_an_unknown_group_or_a_missing_partner_is_refused_by_the_model(staff):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as unknown:
        share(staff, audience=Audience.GROUPS, groups=["nobody"])
    assert "groups" in unknown.value.message_dict
    with pytest.raises(ValidationError) as missing:
        share(staff, audience=Audience.PARTNER)
    assert "partner" in missing.value.message_dict
    assert not Document.objects.exists()
