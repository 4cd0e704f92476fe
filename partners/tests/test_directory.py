"""The partner network (issue 15): the directory, a partner's profile as the other partners read it, a partner's
own profile, the contacts who chose to be listed, who comes to a consultation moment, and the directory's use."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from evaluations.tests.factories import ActionFactory
from partners.models import Contact, Invitation, PartnerMarket, ProfileView, Theme, Versnelling
from partners.services import contact_set_listed, profile_view_record
from partners.tests.factories import (
    AgreementFactory,
    ContactFactory,
    InvitationFactory,
    MomentFactory,
    PartnerFactory,
    PartnerUserFactory,
)

pytestmark = pytest.mark.django_db


def main_of(response) -> str:
    """The page's own content, without the navigation (which names every section of the portal)."""
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def listed(contact: Contact) -> Contact:
    contact.listed_in_directory, contact.listed_since = True, timezone.now()
    contact.save()
    return contact


@pytest.fixture
def food(db):
    return Versnelling.objects.create(code="food", name="Food", order=2)


@pytest.fixture
def agoria_profile(other_partner, food):
    """Agoria with a profile: a description, a versnelling, a theme, two markets, a listed contact and one who
    is not listed, an agreement (private) and a reporting contact with a phone number."""
    other_partner.description = "Sectorfederatie van de technologische industrie."
    other_partner.kind = other_partner.Kind.FEDERATION
    other_partner.website = "https://www.agoria.be"
    other_partner.save()
    other_partner.versnellingen.add(food)
    other_partner.themes.add(Theme.objects.create(name="Brexit"))
    PartnerMarket.objects.create(partner=other_partner, name="Verenigd Koninkrijk")
    PartnerMarket.objects.create(partner=other_partner, name="Duitsland")
    listed(
        ContactFactory(
            partner=other_partner,
            first_name="Geert",
            last_name="Dewaele",
            role="Directeur internationale zaken",
            email="geert@agoria.example",
            phone="+3225048711",
        )
    )
    ContactFactory(partner=other_partner, first_name="Katrien", last_name="Van Looy", email="katrien@agoria.example")
    AgreementFactory(partner=other_partner, reference="SO-2017-AGORIA", notes="Geheime afspraak over 85.000 euro.")
    return other_partner


def test_a_profile_shows_the_listed_contacts_and_nothing_private(client, partner_user, agoria_profile):
    client.force_login(partner_user)
    html = main_of(client.get(reverse("partners:profile", args=["agoria"])))
    assert "Sectorfederatie van de technologische industrie." in html
    assert "Food" in html and "Brexit" in html and "Duitsland" in html and "Verenigd Koninkrijk" in html
    assert "https://www.agoria.be" in html
    assert "Geert Dewaele" in html and "Directeur internationale zaken" in html and "geert@agoria.example" in html
    # Not listed: not shown. Nor a listed contact's phone, nor the agreement, its budget or notes.
    assert "Katrien" not in html and "katrien@agoria.example" not in html
    assert "504 87 11" not in html and "5048711" not in html
    assert "SO-2017-AGORIA" not in html and "85.000" not in html and "Geheime" not in html
    assert "KPI" not in html and "Overeenkomst" not in html and "€" not in html


def test_a_profile_shows_the_accepted_actions_of_the_programme_only(client, partner_user, agoria_profile):
    ActionFactory(partner=agoria_profile, year=2019, title="Handelsmissie Londen", status="accepted")
    ActionFactory(partner=agoria_profile, year=2019, title="Ontwerp van een beurs", status="draft")
    ActionFactory(partner=agoria_profile, year=2019, title="Voorstel in behandeling", status="submitted")
    ActionFactory(
        partner=agoria_profile, year=2019, title="Afgewezen seminarie", status="declined", decision_reason="Dubbel"
    )
    client.force_login(partner_user)
    html = client.get(reverse("partners:profile", args=["agoria"])).content.decode()
    assert "Handelsmissie Londen" in html
    assert "Ontwerp van een beurs" not in html and "Voorstel in behandeling" not in html
    assert "Afgewezen seminarie" not in html


def test_withdrawing_a_contact_hides_them_at_once(client, partner_user, other_partner_user, agoria_profile):
    geert = Contact.objects.get(email="geert@agoria.example")
    client.force_login(other_partner_user)  # Omar, a user of Agoria, withdraws his colleague
    response = client.post(reverse("partners:contact_listing", args=[geert.pk]), {"listed": "0"}, follow=True)
    assert "Geert Dewaele staat niet meer in het partnernetwerk." in response.content.decode()
    geert.refresh_from_db()
    assert not geert.listed_in_directory and geert.listed_since is None
    client.force_login(partner_user)
    assert "Geert Dewaele" not in client.get(reverse("partners:profile", args=["agoria"])).content.decode()


def test_a_partner_user_lists_a_contact_with_the_moment_of_consent(client, partner_user):
    colleague = ContactFactory(partner=partner_user.contact.partner, first_name="Jan")
    client.force_login(partner_user)
    response = client.post(
        reverse("partners:contact_listing", args=[colleague.pk]), {"listed": "1", "return_to": "profile"}
    )
    assert response["Location"] == reverse("partners:profile_edit", args=["voka"])
    colleague.refresh_from_db()
    assert colleague.listed_in_directory and colleague.listed_since is not None
    assert "Jan" in client.get(reverse("partners:profile", args=["voka"])).content.decode()


def test_a_deactivated_contact_is_not_shown_and_cannot_be_listed(client, partner_user, agoria_profile):
    geert = Contact.objects.get(email="geert@agoria.example")
    Contact.objects.filter(pk=geert.pk).update(is_active=False)
    client.force_login(partner_user)
    assert "Geert" not in client.get(reverse("partners:profile", args=["agoria"])).content.decode()
    gone = ContactFactory(partner=partner_user.contact.partner, first_name="Wim", is_active=False)
    response = client.post(reverse("partners:contact_listing", args=[gone.pk]), {"listed": "1"}, follow=True)
    assert "kan niet worden opgenomen" in response.content.decode()
    gone.refresh_from_db()
    assert not gone.listed_in_directory


def test_another_partners_contact_cannot_be_listed_or_withdrawn(client, partner_user, agoria_profile):
    geert = Contact.objects.get(email="geert@agoria.example")
    client.force_login(partner_user)
    assert client.post(reverse("partners:contact_listing", args=[geert.pk]), {"listed": "0"}).status_code == 404
    geert.refresh_from_db()
    assert geert.listed_in_directory


def test_fit_may_withdraw_a_listing_but_never_list_a_contact(staff, agoria_profile):
    geert = Contact.objects.get(email="geert@agoria.example")
    katrien = Contact.objects.get(email="katrien@agoria.example")
    with pytest.raises(PermissionDenied):
        contact_set_listed(contact=katrien, user=staff, listed=True)
    contact_set_listed(contact=geert, user=staff, listed=False)
    geert.refresh_from_db()
    assert not geert.listed_in_directory


def names_in(response) -> list[str]:
    return [partner.name for partner in response.context["page"]]


@pytest.fixture
def network(partner, agoria_profile, food):
    """Voka (employers, no versnelling, China), Agoria (federation, Food, UK and Germany), Fevia (federation,
    Food, China) and an inactive partner."""
    partner.kind = partner.Kind.EMPLOYERS
    partner.save()
    PartnerMarket.objects.create(partner=partner, name="China")
    fevia = PartnerFactory(name="Fevia Vlaanderen", slug="fevia", description="Voedingsindustrie.")
    fevia.versnellingen.add(food)
    PartnerMarket.objects.create(partner=fevia, name="china")
    PartnerFactory(name="Gestopte vzw", slug="gestopt", is_active=False)
    return partner


def test_the_directory_lists_the_active_partners_only(client, partner_user, network):
    client.force_login(partner_user)
    response = client.get(reverse("partners:directory"))
    assert names_in(response) == ["Agoria", "Fevia Vlaanderen", "Voka"]
    assert "Gestopte vzw" not in response.content.decode()


def test_an_inactive_partners_profile_is_not_found(client, partner_user, network):
    client.force_login(partner_user)
    assert client.get(reverse("partners:profile", args=["gestopt"])).status_code == 404


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "technolog"}, ["Agoria"]),  # in the description
        ({"q": "fevia"}, ["Fevia Vlaanderen"]),  # in the name
        ({"q": "duits"}, ["Agoria"]),  # in the countries and markets
        ({"versnelling": "food"}, ["Agoria", "Fevia Vlaanderen"]),
        ({"country": "China"}, ["Fevia Vlaanderen", "Voka"]),  # whatever the case it was typed in
        ({"kind": "employers"}, ["Voka"]),
        ({"versnelling": "food", "kind": "federation", "country": "Duitsland"}, ["Agoria"]),
    ],
)
def test_search_and_filters_narrow_the_directory(client, partner_user, network, query, expected):
    client.force_login(partner_user)
    assert names_in(client.get(reverse("partners:directory"), query)) == expected


def test_a_bad_filter_value_gives_a_message_and_the_other_filters_still_apply(client, partner_user, network):
    client.force_login(partner_user)
    response = client.get(reverse("partners:directory"), {"versnelling": "ruimtevaart", "kind": "federation"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Selecteer een geldige keuze" in html and "een waarde die niet bestaat" in html
    assert names_in(response) == ["Agoria", "Fevia Vlaanderen"]


def test_the_country_filter_offers_each_country_once(client, partner_user, network):
    client.force_login(partner_user)
    choices = client.get(reverse("partners:directory")).context["filters"].fields["country"].choices
    assert [value for value, _label in choices] == ["", "China", "Duitsland", "Verenigd Koninkrijk"]


def test_the_directory_pages_by_twenty_and_counts_its_queries(client, partner_user, django_assert_max_num_queries):
    for number in range(25):
        PartnerMarket.objects.create(partner=PartnerFactory(name=f"Cluster {number:02d}"), name="Japan")
    client.force_login(partner_user)
    with django_assert_max_num_queries(16):  # not one more per partner
        first = client.get(reverse("partners:directory"))
    assert len(first.context["page"]) == 20
    assert len(client.get(reverse("partners:directory"), {"page": "2"}).context["page"]) == 6
    assert client.get(reverse("partners:directory"), {"page": "veel"}).status_code == 200


def test_fit_staff_read_the_network_too(client, staff, agoria_profile):
    client.force_login(staff)
    assert client.get(reverse("partners:directory")).status_code == 200
    assert "Geert Dewaele" in client.get(reverse("partners:profile", args=["agoria"])).content.decode()
    assert not ProfileView.objects.exists()  # FIT's reading is not the partners' use of the directory


def test_anonymous_is_sent_to_log_in(client, agoria_profile):
    for url in (reverse("partners:directory"), reverse("partners:profile", args=["agoria"])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def profile_form(**overrides) -> dict:
    return {
        "description": "Netwerk van ondernemers in Vlaanderen.",
        "website": "https://www.voka.be",
        "markets": "Verenigd Koninkrijk\nChina, India; china",
        "show_in_attendee_lists": "",
        **overrides,
    }


def test_a_partner_edits_its_own_profile(client, partner_user, food):
    client.force_login(partner_user)
    url = reverse("partners:profile_edit", args=["voka"])
    assert client.get(url).status_code == 200
    response = client.post(url, profile_form(versnellingen=[food.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("partners:profile", args=["voka"])
    voka = partner_user.contact.partner
    voka.refresh_from_db()
    assert voka.description == "Netwerk van ondernemers in Vlaanderen."
    assert not voka.show_in_attendee_lists and voka.profile_updated_at is not None
    assert list(voka.versnellingen.all()) == [food]
    assert [m.name for m in voka.markets.all()] == ["China", "India", "Verenigd Koninkrijk"]
    # A second save keeps, renames and drops markets.
    client.post(url, profile_form(markets="CHINA\nJapan"))
    assert [m.name for m in voka.markets.all()] == ["CHINA", "Japan"]


def test_a_bad_profile_is_refused_with_a_message_and_the_text_kept(client, partner_user):
    client.force_login(partner_user)
    url = reverse("partners:profile_edit", args=["voka"])
    response = client.post(url, profile_form(website="geen adres", markets="x" * 101))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Voer een geldige URL in" in html and "is te lang" in html
    assert "Netwerk van ondernemers in Vlaanderen." in html
    partner_user.contact.partner.refresh_from_db()
    assert partner_user.contact.partner.description == ""
    response = client.post(url, profile_form(markets="\n".join(f"Land {n}" for n in range(31))))
    assert "Hoogstens 30 landen en markten" in response.content.decode()


def test_another_partners_profile_cannot_be_edited(client, partner_user, agoria_profile):
    client.force_login(partner_user)
    url = reverse("partners:profile_edit", args=["agoria"])
    assert client.get(url).status_code == 404
    assert client.post(url, profile_form()).status_code == 404
    agoria_profile.refresh_from_db()
    assert agoria_profile.description == "Sectorfederatie van de technologische industrie."


def test_only_the_own_profile_offers_the_edit_button(client, partner_user, agoria_profile):
    client.force_login(partner_user)
    edit = reverse("partners:profile_edit", args=["voka"])
    assert edit in client.get(reverse("partners:profile", args=["voka"])).content.decode()
    assert "/edit/" not in client.get(reverse("partners:profile", args=["agoria"])).content.decode()


@pytest.fixture
def moment(partner_user, agoria_profile):
    """A formal consultation: Voka (invited), Agoria says yes, Fevia says yes but prefers not to be shown,
    UNIZO says no, DSP Valley has not answered yet."""
    moment = InvitationFactory(
        contact=partner_user.contact, moment__title="Overleg met het buitenlandse netwerk"
    ).moment
    InvitationFactory(moment=moment, contact=ContactFactory(partner=agoria_profile), rsvp=Invitation.Rsvp.YES)
    hidden = PartnerFactory(name="Fevia Vlaanderen", slug="fevia", show_in_attendee_lists=False)
    InvitationFactory(moment=moment, contact=ContactFactory(partner=hidden), rsvp=Invitation.Rsvp.YES)
    InvitationFactory(moment=moment, contact=ContactFactory(partner__name="UNIZO"), rsvp=Invitation.Rsvp.NO)
    InvitationFactory(moment=moment, contact=ContactFactory(partner__name="DSP Valley"))
    return moment


def coming_to(client, moment) -> list[str]:
    response = client.get(reverse("partners:moment_detail", args=[moment.pk]))
    return [partner.name for partner in response.context["coming"]]


def test_the_invited_partners_see_who_comes_but_not_who_prefers_not_to_be_shown(client, partner_user, moment):
    client.force_login(partner_user)
    assert coming_to(client, moment) == ["Agoria"]
    html = client.get(reverse("partners:moment_detail", args=[moment.pk])).content.decode()
    assert "Wie komt er" in html and reverse("partners:profile", args=["agoria"]) in html
    assert "Fevia" not in html and "UNIZO" not in html and "DSP Valley" not in html


def test_an_organisation_that_says_yes_joins_the_list(client, partner_user, moment):
    Invitation.objects.filter(moment=moment, partner__name="UNIZO").update(rsvp=Invitation.Rsvp.YES)
    Invitation.objects.filter(moment=moment, partner=partner_user.contact.partner).update(rsvp=Invitation.Rsvp.YES)
    client.force_login(partner_user)
    assert coming_to(client, moment) == ["Agoria", "UNIZO", "Voka"]


def test_a_partner_that_is_hidden_is_told_why_it_is_not_in_the_list(client, moment):
    fevia_user = PartnerUserFactory(contact__partner__slug="fevia")
    InvitationFactory(moment=moment, contact=fevia_user.contact, rsvp=Invitation.Rsvp.YES)
    client.force_login(fevia_user)
    html = client.get(reverse("partners:moment_detail", args=[moment.pk])).content.decode()
    assert "Uw organisatie staat niet in deze lijst" in html


def test_a_partner_not_invited_gets_404_for_the_moment_and_its_list(client, moment):
    outsider = PartnerUserFactory(contact__partner__name="Startups.be")
    client.force_login(outsider)
    assert client.get(reverse("partners:moment_detail", args=[moment.pk])).status_code == 404


def test_a_bilateral_meeting_has_no_who_comes_list(client, partner_user):
    bilateral = MomentFactory(kind="bilateral", partner=partner_user.contact.partner)
    InvitationFactory(moment=bilateral, contact=partner_user.contact, rsvp=Invitation.Rsvp.YES)
    client.force_login(partner_user)
    response = client.get(reverse("partners:moment_detail", args=[bilateral.pk]))
    assert response.context["coming"] is None
    assert "Wie komt er" not in response.content.decode()


def test_a_profile_view_is_counted_once_a_day_and_not_for_the_own_profile(client, partner_user, agoria_profile):
    client.force_login(partner_user)
    for _ in range(3):
        client.get(reverse("partners:profile", args=["agoria"]))
    client.get(reverse("partners:profile", args=["voka"]))
    view = ProfileView.objects.get()
    assert (view.viewer, view.viewed, view.day) == (partner_user.contact.partner, agoria_profile, timezone.localdate())


def test_the_directory_use_of_a_year(partner, other_partner):
    fevia = PartnerFactory(name="Fevia Vlaanderen", slug="fevia")
    day = datetime.date(2020, 3, 2)
    profile_view_record(viewer_id=partner.pk, viewed=other_partner, day=day)
    profile_view_record(viewer_id=partner.pk, viewed=other_partner, day=day)  # the same day: once
    profile_view_record(viewer_id=partner.pk, viewed=other_partner, day=day + datetime.timedelta(days=1))
    profile_view_record(viewer_id=partner.pk, viewed=fevia, day=day)
    profile_view_record(viewer_id=fevia.pk, viewed=other_partner, day=day)
    profile_view_record(viewer_id=fevia.pk, viewed=fevia, day=day)  # its own: not counted
    profile_view_record(viewer_id=None, viewed=fevia, day=day)  # FIT: not counted
    profile_view_record(viewer_id=fevia.pk, viewed=partner, day=datetime.date(2021, 1, 1))
    assert ProfileView.objects.use_in(2020) == {"views": 4, "viewers": 2, "profiles_viewed": 2}
    assert ProfileView.objects.use_in(2021) == {"views": 1, "viewers": 1, "profiles_viewed": 1}
    assert ProfileView.objects.use_in(2019) == {"views": 0, "viewers": 0, "profiles_viewed": 0}


def test_fit_withdraws_a_listing_from_the_admin_on_a_contacts_request(client, staff, agoria_profile):
    geert = Contact.objects.get(email="geert@agoria.example")
    client.force_login(staff)
    changelist = reverse("admin:partners_contact_changelist")
    response = client.post(changelist, {"action": "withdraw_listing", "_selected_action": [geert.pk]}, follow=True)
    assert "1 contactpersoon uit het partnernetwerk gehaald." in response.content.decode()
    geert.refresh_from_db()
    assert not geert.listed_in_directory
    # The consent itself is the contact's: the admin shows it but cannot tick it.
    form = client.get(reverse("admin:partners_contact_change", args=[geert.pk])).content.decode()
    assert 'name="listed_in_directory"' not in form


def test_a_profile_reads_its_contacts_and_actions_in_a_bounded_number_of_queries(
    client, partner_user, agoria_profile, django_assert_max_num_queries
):
    for number in range(10):
        listed(ContactFactory(partner=agoria_profile, last_name=f"Collega {number}"))
        ActionFactory(partner=agoria_profile, year=2019, title=f"Missie {number}", status="accepted")
    client.force_login(partner_user)
    with django_assert_max_num_queries(16):  # not one more per contact or action
        response = client.get(reverse("partners:profile", args=["agoria"]))
    assert response.content.decode().count("Collega ") == 10


def test_a_deactivated_contacts_yes_does_not_bring_its_organisation(client, partner_user, moment):
    Contact.objects.filter(invitations__moment=moment, partner__slug="agoria").update(is_active=False)
    client.force_login(partner_user)
    assert coming_to(client, moment) == []
