"""One working year for the whole portal: the open cycle (the latest year with KPI targets, not the clock),
in the header, changeable in one place, the default of every page and dashboard."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.tests.factories import KPIFactory, KPITargetFactory
from partners.tests.factories import AgreementFactory, MomentFactory, PartnerFactory, PartnerUserFactory

pytestmark = pytest.mark.django_db

DASHBOARDS = ["dashboards:overview", "dashboards:budget", "dashboards:consultation", "dashboards:value"]


@pytest.fixture(autouse=True)
def english(client, settings):
    """The lists are read in English here (the Dutch is the catalogue's business: test_translations)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def demo_like(partner, other_partner):
    """Agreements 2017-2021 with confirmed targets for every year, a held moment in 2019; the clock is later."""
    assert timezone.localdate().year > 2021  # the situation of the demo: the data ends before today
    kpi = KPIFactory()
    for organisation in (partner, other_partner):
        agreement = AgreementFactory(partner=organisation)
        for year in range(2017, 2022):
            KPITargetFactory(agreement=agreement, kpi=kpi, year=year)
    MomentFactory(starts_at=timezone.make_aware(datetime.datetime(2019, 5, 7, 10)))
    # Targets for a year that has not started yet are not the open cycle.
    KPITargetFactory(agreement=AgreementFactory(partner=partner, end_date=datetime.date(2040, 12, 31)), year=2039)


def choose(client, year, next_url="/"):
    return client.post(reverse("set_working_year"), {"year": year, "next": next_url}, follow=True)


def test_every_default_lands_on_the_latest_year_with_targets_not_on_the_clocks_year(
    demo_like, client, manager, partner_user
):
    client.force_login(manager)
    response = client.get(reverse("evaluations:staff_home"))
    assert response.context["working_year"] == 2021
    assert response.context["working_years"] == [2021, 2020, 2019, 2018, 2017]
    assert response.context["years"][0] == 2021
    for name in DASHBOARDS:
        assert client.get(reverse(name)).context["form"].selected_year == 2021, name
    assert client.get(reverse("evaluations:evaluation_list")).context["year"] == 2021
    assert client.get(reverse("evaluations:programme")).context["year"] == 2021
    annual = client.get(reverse("dashboards:annual_report_index"))
    assert annual["Location"] == reverse("dashboards:annual_report", args=[2021])

    client.force_login(partner_user)
    assert client.get(reverse("partners:home")).context["report_rows"][0]["year"] == 2021
    assert client.get(reverse("evaluations:report_list")).context["working_row"]["year"] == 2021


def test_the_header_shows_the_working_year_with_the_years_that_have_data(demo_like, client, manager):
    client.force_login(manager)
    html = client.get(reverse("evaluations:staff_home")).content.decode()
    assert 'id="working-year-select"' in html
    assert '<option value="2021" selected>2021 (open cycle)</option>' in html
    assert '<option value="2039"' not in html and '<option value="2026"' not in html


def test_changing_the_working_year_changes_the_defaults_of_the_dashboards_staff_home_and_report_list(
    demo_like, client, manager, partner_user
):
    client.force_login(manager)
    response = choose(client, 2019, reverse("dashboards:overview"))
    assert response.redirect_chain[-1][0] == reverse("dashboards:overview")
    assert response.context["form"].selected_year == 2019
    assert "Working year: 2019." in response.content.decode()
    for name in DASHBOARDS:
        assert client.get(reverse(name)).context["form"].selected_year == 2019, name
    assert client.get(reverse("evaluations:staff_home")).context["years"] == [2019, 2018, 2017]
    assert client.get(reverse("evaluations:evaluation_list")).context["year"] == 2019
    # A year in the address still wins over the working year.
    assert client.get(reverse("dashboards:overview"), {"year": 2020}).context["form"].selected_year == 2020

    client.force_login(partner_user)  # another user, another session: their own working year
    assert client.get(reverse("evaluations:report_list")).context["working_row"]["year"] == 2021
    choose(client, 2018)
    assert client.get(reverse("evaluations:report_list")).context["working_row"]["year"] == 2018
    assert [row["year"] for row in client.get(reverse("partners:home")).context["report_rows"]] == [2018, 2017]


def test_choosing_the_open_cycle_again_goes_back_to_following_it(demo_like, client, manager):
    client.force_login(manager)
    choose(client, 2019)
    assert client.session["working_year"] == 2019
    choose(client, 2021)
    assert "working_year" not in client.session  # the next open cycle will be the default again


@pytest.mark.parametrize("year", ["2030", "1850", "abc", "", "9" * 30])
def test_an_unknown_working_year_is_refused_with_a_clear_message(demo_like, client, manager, year):
    client.force_login(manager)
    response = choose(client, year)
    assert response.status_code == 200
    assert "There is no data for the year" in response.content.decode()
    assert response.context["working_year"] == 2021


@pytest.mark.parametrize("year", ["2045", "abc", "-1", "9" * 30])
def test_an_unknown_year_in_a_dashboards_or_evaluations_address_says_so_and_shows_the_working_year(
    demo_like, client, manager, year
):
    client.force_login(manager)
    for url in [reverse(name) for name in DASHBOARDS if name != "dashboards:value"] + [
        reverse("evaluations:evaluation_list")
    ]:
        response = client.get(url, {"year": year})
        assert response.status_code == 200, url
        assert "There is no data for the year" in response.content.decode(), url


def test_an_annual_report_of_a_year_without_data_says_so_and_a_year_out_of_range_is_404(demo_like, client, manager):
    client.force_login(manager)
    response = client.get(reverse("dashboards:annual_report", args=[2045]))
    assert response.status_code == 200
    assert "There is no data for 2045" in response.content.decode()
    assert client.get("/dashboards/annual-report/0/").status_code == 404


def test_the_working_year_picker_only_redirects_inside_the_portal(demo_like, client, manager):
    client.force_login(manager)
    response = client.post(reverse("set_working_year"), {"year": 2019, "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


def test_without_any_targets_the_working_year_is_the_clocks_year(client, manager):
    client.force_login(manager)
    response = client.get(reverse("evaluations:staff_home"))
    assert response.context["working_year"] == timezone.localdate().year
    assert 'id="working-year-select"' not in response.content.decode()


def test_a_partner_without_targets_of_its_own_works_in_the_portals_open_cycle(demo_like, client):
    catalisti = PartnerUserFactory(contact__partner=PartnerFactory(name="Catalisti", is_structural=False))
    client.force_login(catalisti)
    response = client.get(reverse("partners:home"))
    assert response.context["working_year"] == 2021
    assert response.context["report_rows"] == []
    assert client.get(reverse("evaluations:programme")).context["year"] == 2021
