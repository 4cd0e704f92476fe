"""The admin speaks Dutch throughout: Django's own pages and widgets, django-celery-beat's and the history pages."""

import json
import re
from pathlib import Path

import django.contrib.admin
import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from partners.tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db

SELECT_FILTER_JS = Path(django.contrib.admin.__file__).parent / "static" / "admin" / "js" / "SelectFilter2.js"


def js_catalogue(client) -> dict:
    """The Dutch the admin's JavaScript gets (the `newcatalog` of /admin/jsi18n/)."""
    script = client.get(reverse("admin:jsi18n")).content.decode()
    return json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.S).group(1))


def test_every_label_of_the_pick_list_widget_has_its_dutch(admin_client):
    catalogue = js_catalogue(admin_client)
    # Every string the widget (FilteredSelectMultiple) shows, as its script asks for it.
    asked = set(re.findall(r"gettext\(['\"](.+?)['\"]\)", SELECT_FILTER_JS.read_text()))
    assert {"Choose all %s", "Available %s", "Chosen %s", "Remove all %s"} <= asked
    assert sorted(asked - catalogue.keys()) == []
    assert catalogue["Choose all %s"] == "Alle %s kiezen"
    assert catalogue["Remove all %s"] == "Alle %s verwijderen"


def test_the_celery_beat_pages_are_dutch(admin_client):
    listing = admin_client.get("/admin/django_celery_beat/periodictask/").content.decode()
    assert "Periodieke taken" in listing and "Ingeschakeld" in listing
    assert "Periodic Tasks" not in listing and "Enabled" not in listing
    form = admin_client.get("/admin/django_celery_beat/periodictask/add/").content.decode()
    for dutch in ("Planning", "Argumenten", "Uitvoeringsopties", "Eenmalige taak", "Intervalplanning"):
        assert dutch in form
    for english in ("Schedule", "Arguments", "Execution Options", "One-off Task", "Interval Schedule"):
        assert f">{english}" not in form


def test_the_admin_index_names_django_axes_log_in_records_in_dutch(admin_client):
    index = admin_client.get(reverse("admin:index")).content.decode()
    assert "Aanmeldpogingen" in index and "Mislukte aanmeldingen" in index and "Aanmeldlogs" in index
    assert "Access attempts" not in index and "Access failures" not in index


def test_the_history_page_of_a_partner_is_dutch(admin_client):
    partner = PartnerFactory(name="Voka")
    partner.city = "Brussel"
    partner.save()
    page = admin_client.get(reverse("admin:partners_partner_history", args=[partner.pk])).content.decode()
    for dutch in ("Historiek: Voka", "Gewijzigd door", "Datum/tijd", "Reden van de wijziging", "Aangemaakt"):
        assert dutch in page
    for english in ("Changed by", "Date/time", "Change reason", "Created"):
        assert english not in page


def test_a_partners_change_form_is_dutch(admin_client):
    partner = PartnerFactory(name="Voka")
    page = admin_client.get(reverse("admin:partners_partner_change", args=[partner.pk])).content.decode()
    # The title starts with a capital: "Wijzig partner", not Django's "partner wijzigen".
    assert (
        "<title>Voka | Wijzig partner |" in page
        and "<h1>Wijzig partner</h1>" in page
        and "Historiek" in page
        and "Bewaren en verder bewerken" in page
    )
    assert "partner wijzigen" not in page and "Change partner" not in page and "Opslaan" not in page


def test_a_saved_het_word_is_not_called_de(admin_client):
    # Django's Dutch says "De {name} ... is met succes toegevoegd": "De thema" is wrong, so no article at all.
    response = admin_client.post(reverse("admin:partners_theme_add"), {"name": "Duurzaamheid"}, follow=True)
    shown = [strip_tags(str(message)) for message in response.context["messages"]]
    assert shown == ["‘Duurzaamheid’ (thema) is toegevoegd."]


def test_every_string_of_the_third_party_catalogues_has_its_dutch():
    from django.conf import settings

    from .test_translations import entries

    for name in ("django.po", "djangojs.po"):
        po = Path(settings.BASE_DIR) / "locale" / "vendor" / "nl" / "LC_MESSAGES" / name
        found = entries(po)
        assert found and [msgid for msgid, msgstrs, flags in found if not all(msgstrs) or "fuzzy" in flags] == []
