"""The public action programme (issue 15): only published years, nothing internal, no log-in; filters, the
change log, the feed and downloads, and the caching headers a CDN needs."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from icalendar import Calendar
from openpyxl import load_workbook

from evaluations.models import Action, ProgrammePublication
from evaluations.services import action_cancel
from evaluations.tests.factories import ActionFactory
from partners.models import Theme, Versnelling
from partners.tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db

SECRET_DESCRIPTION = "Interne nota: budget nog niet rond"
DECLINE_REASON = "Geen prioritaire markt"


@pytest.fixture
def programme(db):
    """2019 published with a partner's accepted action, one of FIT's, and what must never be public: a
    declined proposal, a pending one and a draft. 2020 has an accepted action but is not published."""
    food = Versnelling.objects.get_or_create(code="food", defaults={"name": "Food"})[0]
    brexit = Theme.objects.get_or_create(name="Brexit")[0]
    voka, bhive = PartnerFactory(name="Voka"), PartnerFactory(name="B-Hive")
    mission = ActionFactory(
        year=2019,
        partner=voka,
        title="Handelsmissie Londen",
        description=SECRET_DESCRIPTION,
        status=Action.Status.ACCEPTED,
        decision_reason="Past in de Brexit-aanpak",
        start_date=datetime.date(2019, 5, 10),
        end_date=datetime.date(2019, 5, 12),
        country="Verenigd Koninkrijk",
        versnelling=food,
    )
    mission.themes.add(brexit)
    fair = ActionFactory(
        year=2019,
        partner=None,
        title="Vlaams paviljoen op Anuga",
        type=Action.Type.FAIR,
        status=Action.Status.ACCEPTED,
        start_date=datetime.date(2019, 10, 5),
        end_date=datetime.date(2019, 10, 9),
        country="Duitsland",
    )
    ActionFactory(
        year=2019,
        partner=bhive,
        title="Fintechreis Singapore",
        status=Action.Status.DECLINED,
        decision_reason=DECLINE_REASON,
        start_date=datetime.date(2019, 11, 11),
    )
    ActionFactory(year=2019, partner=bhive, title="Voorstel in behandeling", status=Action.Status.SUBMITTED)
    ActionFactory(year=2019, partner=voka, title="Ontwerp van Voka", status=Action.Status.DRAFT)
    ActionFactory(year=2020, partner=voka, title="Actie van 2020", status=Action.Status.ACCEPTED)
    ProgrammePublication.objects.create(year=2019, note="Met de acties van de partners.")
    return {"mission": mission, "fair": fair, "food": food}


def url(name="public_programme", year=2019):
    return reverse(f"evaluations:{name}", args=[year])


INTERNAL = [SECRET_DESCRIPTION, DECLINE_REASON, "Past in de Brexit-aanpak", "Fintechreis", "Voorstel in", "Ontwerp van"]


def test_anyone_reads_a_published_programme_without_logging_in(client, programme):
    response = client.get(url())
    assert response.status_code == 200
    text = response.content.decode()
    assert "Handelsmissie Londen" in text and "Vlaams paviljoen op Anuga" in text
    assert "10/05/2019 – 12/05/2019" in text
    assert "Voka" in text and "Food" in text and "Brexit" in text and "Verenigd Koninkrijk" in text
    assert "Actieprogramma 2019" in text


def test_nothing_internal_is_on_the_page_or_in_any_download(client, programme):
    for name in ("public_programme", "public_programme_print", "public_programme_csv", "public_programme_ics"):
        body = client.get(url(name)).content.decode("utf-8")
        for secret in INTERNAL:
            assert secret not in body, f"{secret!r} in {name}"
    workbook = load_workbook(io.BytesIO(client.get(url("public_programme_xlsx")).content))
    cells = " ".join(str(c.value) for row in workbook.active.iter_rows() for c in row if c.value is not None)
    for secret in INTERNAL:
        assert secret not in cells


def test_an_unpublished_or_unknown_year_is_not_public(client, programme):
    for name in ("public_programme", "public_programme_ics", "public_programme_csv", "public_programme_xlsx"):
        assert client.get(url(name, 2020)).status_code == 404
    assert client.get(url(year=2031)).status_code == 404
    assert client.get("/programma/0/").status_code == 404
    assert client.get("/programma/20190/").status_code == 404


def test_a_withdrawn_publication_is_no_longer_public(client, programme):
    ProgrammePublication.objects.filter(year=2019).delete()
    assert client.get(url()).status_code == 404


def test_the_index_lists_only_published_years(client, programme):
    text = client.get(reverse("evaluations:public_programme_index")).content.decode()
    assert url() in text and url(year=2020) not in text


def test_the_page_is_in_english_when_the_address_asks(client, programme):
    response = client.get(url() + "?lang=en")
    assert "Action programme 2019" in response.content.decode()
    assert response["Content-Language"] == "en"


def test_the_filters_narrow_the_list(client, programme):
    def titles(query):
        text = client.get(url() + query).content.decode()
        return {t for t in ("Handelsmissie Londen", "Vlaams paviljoen op Anuga") if t in text}

    assert titles("?country=Duitsland") == {"Vlaams paviljoen op Anuga"}
    assert titles("?versnelling=food") == {"Handelsmissie Londen"}
    assert titles("?type=fair") == {"Vlaams paviljoen op Anuga"}
    assert titles("?month=5") == {"Handelsmissie Londen"}
    assert titles("?month=10&country=Duitsland") == {"Vlaams paviljoen op Anuga"}


def test_a_bad_filter_value_is_said_and_the_others_still_apply(client, programme):
    response = client.get(url() + "?month=13&versnelling=<script>&country=Duitsland")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Maand: “13” is geen van de keuzes" in text
    assert "&lt;script&gt;" in text and "<script>" not in text
    assert "Vlaams paviljoen op Anuga" in text and "Handelsmissie Londen" not in text


def test_the_downloads_hold_the_filtered_rows_with_the_page_columns(client, programme):
    body = client.get(url("public_programme_csv") + "?country=Duitsland").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[0][:4] == ["Titel", "Organisatoren", "Begindatum", "Einddatum"]
    assert rows[1][:5] == ["Vlaams paviljoen op Anuga", "FIT", "2019-10-05", "2019-10-09", "Duitsland"]
    assert len(rows) == 2
    response = client.get(url("public_programme_xlsx"))
    assert response["Content-Disposition"] == 'attachment; filename="actieprogramma-2019.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][0] == "Handelsmissie Londen" and values[1][2] == datetime.datetime(2019, 5, 10)


def test_the_calendar_feed_has_one_all_day_event_per_action_with_a_stable_uid(client, programme, staff):
    first = Calendar.from_ical(client.get(url("public_programme_ics")).content)
    events = {str(e["summary"]): e for e in first.walk("VEVENT")}
    assert set(events) == {"Handelsmissie Londen", "Vlaams paviljoen op Anuga"}
    mission = events["Handelsmissie Londen"]
    assert mission.decoded("dtstart") == datetime.date(2019, 5, 10)
    assert mission.decoded("dtend") == datetime.date(2019, 5, 13)  # the day after the last (RFC 5545)
    assert int(mission["sequence"]) == 0 and "last-modified" in mission
    action_cancel(action=programme["mission"], user=staff, reason="Afgelast")
    again = {
        str(e["summary"]): e for e in Calendar.from_ical(client.get(url("public_programme_ics")).content).walk("VEVENT")
    }
    assert again["Handelsmissie Londen"]["uid"] == mission["uid"]
    assert int(again["Handelsmissie Londen"]["sequence"]) == 1
    assert str(again["Handelsmissie Londen"]["status"]) == "CANCELLED"


def test_the_print_version_and_the_pdf(client, programme):
    assert b"programme_print.css" in client.get(url("public_programme_print")).content
    pdf = client.get(url("public_programme_pdf"))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_changes_after_publication_are_in_the_change_log_and_a_cancelled_action_is_marked(client, programme, staff):
    fair = programme["fair"]
    fair.start_date, fair.end_date = datetime.date(2019, 10, 6), datetime.date(2019, 10, 10)
    fair.save()
    action_cancel(action=programme["mission"], user=staff, reason="Te weinig inschrijvingen")
    ActionFactory(year=2019, partner=None, title="Extra seminarie", status=Action.Status.ACCEPTED)
    text = client.get(url()).content.decode()
    assert "van 05/10/2019 – 09/10/2019 naar 06/10/2019 – 10/10/2019" in text
    assert "<del>Handelsmissie Londen</del>" in text and "geannuleerd" in text
    assert "Extra seminarie" in text and "toegevoegd" in text
    assert "Te weinig inschrijvingen" not in text


def test_the_page_has_an_etag_and_public_caching_and_answers_304(client, programme):
    response = client.get(url())
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    assert response["ETag"] and response["Last-Modified"]
    again = client.get(url(), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    for name in ("public_programme_ics", "public_programme_csv", "public_programme_xlsx"):
        first = client.get(url(name))
        assert "public" in first["Cache-Control"]
        assert client.get(url(name), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_the_etag_changes_with_the_programme_the_filters_and_the_language(client, programme):
    etag = client.get(url())["ETag"]
    assert client.get(url() + "?country=Duitsland")["ETag"] != etag
    assert client.get(url() + "?lang=en")["ETag"] != etag
    fair = programme["fair"]
    fair.country = "Frankrijk"
    fair.save()
    assert client.get(url(), HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_a_logged_in_visitor_gets_the_same_page_without_cookies_or_vary_cookie(client, programme, staff):
    anonymous = client.get(url())
    client.force_login(staff)
    response = client.get(url())
    assert response.status_code == 200
    assert not response.cookies
    assert "cookie" not in response.get("Vary", "").lower()
    assert response["ETag"] == anonymous["ETag"]
    assert staff.get_full_name() not in response.content.decode()
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_the_public_page_ignores_the_language_cookie(client, programme):
    client.cookies["django_language"] = "en"
    assert "Actieprogramma 2019" in client.get(url()).content.decode()


def test_the_page_takes_a_few_queries_whatever_the_number_of_actions(client, programme, django_assert_max_num_queries):
    for n in range(20):
        ActionFactory(year=2019, partner=PartnerFactory(), status=Action.Status.ACCEPTED, title=f"Actie {n}")
    with django_assert_max_num_queries(7):
        assert client.get(url()).status_code == 200
