"""Dutch first, English second: the Dutch catalogue is complete and both languages render."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

PO = Path(settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def entries(po: Path = PO):
    """(msgid, msgstr, flags) of each entry of the Dutch catalogue, header excluded."""
    text = po.read_text()
    found = []
    for block in text.split("\n\n"):
        flags = " ".join(line for line in block.splitlines() if line.startswith("#,"))
        msgid = "".join(re.findall(r'^(?:msgid|msgid_plural)? ?"(.*)"$', block.split("msgstr")[0], re.M))
        msgstrs = re.findall(r'^msgstr(?:\[\d\])? "(.*)"\n((?:".*"\n?)*)', block + "\n", re.M)
        if not msgid or "msgstr" not in block:
            continue
        found.append((msgid, ["".join([first, *re.findall(r'"(.*)"', rest)]) for first, rest in msgstrs], flags))
    return found


def test_every_string_has_a_dutch_translation():
    missing = [msgid for msgid, msgstrs, flags in entries() if not all(msgstrs) or "fuzzy" in flags]
    assert len(entries()) > 1000
    assert missing == []


def test_the_run_reads_the_catalogue_compiled_from_todays_po():
    # Compiled by `make test` before the run starts (never by a test, while others read it).
    mo = PO.with_suffix(".mo")
    assert mo.exists(), "run `make test` or `make catalogue`: they compile the catalogue"
    assert mo.stat().st_mtime >= PO.stat().st_mtime, "the .mo is older than its .po: run `make catalogue`"


@pytest.mark.django_db
def test_a_partner_reads_the_portal_in_dutch_by_default_and_in_english_on_request(client, partner_user):
    client.force_login(partner_user)
    dutch = client.get(reverse("partners:home")).content.decode()
    assert "Samenwerkingsovereenkomst" in dutch and '<html lang="nl">' in dutch
    client.post(reverse("set_language"), {"language": "en", "next": "/partner/"})
    english = client.get(reverse("partners:home")).content.decode()
    assert "Cooperation agreement" in english and '<html lang="en">' in english
    assert "Samenwerkingsovereenkomst" not in english


def test_an_english_browser_still_gets_dutch_until_english_is_chosen(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="nl">' in response.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="nl-BE")
    assert '<html lang="en">' in response.content.decode()


def test_no_installed_app_rewords_djangos_own_dutch_form_messages():
    """An installed app's catalogue outranks Django's own (Django REST Framework's said "Dit veld is vereist."):
    every message of Django's Dutch catalogue reads as Django words it, unless the portal chose otherwise."""
    import gettext
    from pathlib import Path as P

    import django
    from django.utils import translation

    base = P(django.__file__).parent / "conf" / "locale" / "nl" / "LC_MESSAGES" / "django.mo"
    with base.open("rb") as mo:
        django_nl = gettext.GNUTranslations(mo)._catalog
    with PO.with_suffix(".mo").open("rb") as mo:
        portal_nl = gettext.GNUTranslations(mo)._catalog
    with translation.override("nl"):
        reworded = {
            msgid: translation.gettext(msgid)
            for msgid, text in django_nl.items()
            if isinstance(msgid, str) and msgid and msgid not in portal_nl and translation.gettext(msgid) != text
        }
    assert reworded == {}
