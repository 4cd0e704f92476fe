"""Regular consultation: the agreed rhythm of bilateral meetings per partner, held against agreed, and when
the next one is due (for the to-do lists: Partner.objects.bilateral_due)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partners.models import Partner
from partners.templatetags.moment_tags import regular_consultation_rows
from partners.tests.factories import MomentFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def bilateral(partner, day: datetime.date, status: str = "held"):
    return MomentFactory(kind="bilateral", partner=partner, status=status, starts_at=at(day), ends_at=at(day, 12))


NOW = at(datetime.date(2019, 12, 2))


def test_the_next_bilateral_is_due_one_interval_after_the_last_one():
    voka = PartnerFactory(name="Voka", slug="voka", bilaterals_per_year=4)
    bilateral(voka, datetime.date(2019, 2, 12))
    bilateral(voka, datetime.date(2019, 9, 10))
    bilateral(voka, datetime.date(2019, 10, 1), status="cancelled")  # a cancelled one does not count
    assert voka.next_bilateral_due(NOW) == datetime.date(2019, 12, 10)  # 10 September + 91 days


def test_no_rhythm_or_a_planned_meeting_means_nothing_is_due():
    unizo = PartnerFactory(name="UNIZO", slug="unizo", bilaterals_per_year=4)
    bilateral(unizo, datetime.date(2019, 2, 14))
    assert unizo.next_bilateral_due(NOW) == datetime.date(2019, 5, 16)
    bilateral(unizo, datetime.date(2019, 12, 20), status="planned")
    assert unizo.next_bilateral_due(NOW) is None
    assert PartnerFactory(bilaterals_per_year=0).next_bilateral_due(NOW) is None


def test_a_partner_without_any_bilateral_yet_is_due_now():
    vil = PartnerFactory(name="VIL", slug="vil", bilaterals_per_year=2)
    assert vil.next_bilateral_due(NOW) == NOW.date()


def test_bilateral_due_lists_the_partners_due_by_a_date_soonest_first():
    voka = PartnerFactory(name="Voka", slug="voka", bilaterals_per_year=4)
    bilateral(voka, datetime.date(2019, 9, 10))  # due 10/12/2019
    unizo = PartnerFactory(name="UNIZO", slug="unizo", bilaterals_per_year=4)
    bilateral(unizo, datetime.date(2019, 6, 4))  # due 3/9/2019: overdue
    planned = PartnerFactory(name="VIL", slug="vil", bilaterals_per_year=4)
    bilateral(planned, datetime.date(2019, 1, 4))
    bilateral(planned, datetime.date(2020, 1, 14), status="planned")  # planned: not on the list
    monthly = PartnerFactory(name="Agoria", slug="agoria", bilaterals_per_year=12)
    bilateral(monthly, datetime.date(2019, 11, 25))  # due 25/12/2019: after the date asked
    PartnerFactory(name="Geen ritme", slug="geen", bilaterals_per_year=0)
    PartnerFactory(name="Inactief", slug="inactief", bilaterals_per_year=4, is_active=False)

    due = list(Partner.objects.bilateral_due(datetime.date(2019, 12, 10), now=NOW))

    assert [p.name for p in due] == ["UNIZO", "Voka"]
    assert [timezone.localdate(p.bilateral_due_at) for p in due] == [
        datetime.date(2019, 9, 3),
        datetime.date(2019, 12, 10),
    ]
    assert [p.next_bilateral_due(NOW) for p in due] == [datetime.date(2019, 9, 3), datetime.date(2019, 12, 10)]
    assert [p.name for p in Partner.objects.bilateral_due(datetime.date(2019, 12, 9), now=NOW)] == ["UNIZO"]


def test_held_against_agreed_per_year():
    voka = PartnerFactory(name="Voka", slug="voka", bilaterals_per_year=4)
    bilateral(voka, datetime.date(2019, 2, 12))
    bilateral(voka, datetime.date(2019, 5, 7))
    bilateral(voka, datetime.date(2019, 11, 28), status="planned")  # over, not recorded: took place
    bilateral(voka, datetime.date(2019, 12, 18), status="planned")  # still to come
    bilateral(voka, datetime.date(2018, 5, 7))
    row = Partner.objects.with_bilaterals_in(2019, NOW).get(pk=voka.pk)
    assert (row.bilaterals_held, row.bilaterals_planned) == (3, 1)


def test_the_rhythm_is_at_most_monthly():
    from django.core.exceptions import ValidationError

    partner = PartnerFactory.build(name="X", slug="x", bilaterals_per_year=13)
    with pytest.raises(ValidationError):
        partner.full_clean()


def test_the_account_managers_page_shows_held_against_agreed_and_the_next_due(client, account_manager, partner):
    Partner.objects.filter(pk=partner.pk).update(bilaterals_per_year=4)
    bilateral(partner, datetime.date(2019, 2, 12))
    bilateral(partner, datetime.date(2019, 5, 7))
    other = PartnerFactory(name="Agoria", slug="agoria", bilaterals_per_year=4)
    bilateral(other, datetime.date(2019, 3, 1))
    client.force_login(account_manager)
    page = client.get(reverse("evaluations:staff_home")).content.decode()
    assert "Regelmatig overleg in 2019" in page
    assert "2 van 4 gehouden" in page
    assert "volgende was ten laatste verwacht op 06/08/2019" in page
    assert "Agoria</span>" not in page  # not one of hers
    year, rows = regular_consultation_rows(account_manager)
    assert year == 2019 and [p.name for p in rows] == ["Voka"]


def test_the_account_manager_sets_the_rhythm_of_their_partner_and_goes_back(client):
    from partners.tests.factories import AccountManagerFactory, AssignmentFactory

    manager = AccountManagerFactory()
    partner = PartnerFactory(name="Voka", bilaterals_per_year=0)
    AssignmentFactory(partner=partner, account_manager=manager)
    client.force_login(manager.user)
    back = reverse("partners:staff_moment_list")
    page = client.get(reverse("partners:staff_moment_list")).content.decode()
    assert reverse("partners:staff_partner_rhythm", args=[partner.pk]) in page

    url = reverse("partners:staff_partner_rhythm", args=[partner.pk])
    response = client.post(url, {"bilaterals_per_year": "4", "next": back}, follow=True)

    assert response.redirect_chain[-1][0] == back
    assert "Voka: 4 bilaterale overleggen per jaar afgesproken." in response.content.decode()
    partner.refresh_from_db()
    assert partner.bilaterals_per_year == 4


def test_a_bad_rhythm_is_a_form_error_and_another_partner_is_refused(client):
    from partners.tests.factories import AccountManagerFactory, AssignmentFactory

    manager = AccountManagerFactory()
    mine, theirs = PartnerFactory(bilaterals_per_year=2), PartnerFactory(bilaterals_per_year=2)
    AssignmentFactory(partner=mine, account_manager=manager)
    AssignmentFactory(partner=theirs)
    client.force_login(manager.user)
    response = client.post(reverse("partners:staff_partner_rhythm", args=[mine.pk]), {"bilaterals_per_year": "13"})
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    response = client.post(reverse("partners:staff_partner_rhythm", args=[theirs.pk]), {"bilaterals_per_year": "6"})
    assert response.status_code == 403
    # An address outside the portal is no place to go back to.
    client.post(
        reverse("partners:staff_partner_rhythm", args=[mine.pk]),
        {"bilaterals_per_year": "3", "next": "https://evil.example/"},
    )
    mine.refresh_from_db(), theirs.refresh_from_db()
    assert (mine.bilaterals_per_year, theirs.bilaterals_per_year) == (3, 2)


def test_the_staff_home_shows_the_most_urgent_rhythms_and_the_moment_list_pages_through_all(client, staff, monkeypatch):
    from partners.templatetags import moment_tags

    monkeypatch.setattr(moment_tags, "RHYTHM_ROWS", 2)
    monkeypatch.setattr(moment_tags, "RHYTHM_PAGE_ROWS", 2)
    PartnerFactory(name="Agoria", slug="agoria", bilaterals_per_year=0)  # no rhythm: last
    PartnerFactory(name="B-Hive", slug="b-hive", bilaterals_per_year=0)
    essenscia = PartnerFactory(name="essenscia", slug="essenscia", bilaterals_per_year=4)
    bilateral(essenscia, datetime.date(2019, 3, 1))  # the next was due by 31/05/2019: overdue
    unizo = PartnerFactory(name="UNIZO", slug="unizo", bilaterals_per_year=12)
    bilateral(unizo, datetime.date(2019, 1, 8))  # due by 07/02/2019: overdue longest
    client.force_login(staff)

    page = client.get(reverse("evaluations:staff_home")).content.decode()
    rhythm = page[page.index('id="rhythm-heading"') :]
    assert "De 2 dringendste van 4 partners; bij 2 is het overleg achterstallig." in rhythm
    assert rhythm.index("UNIZO</span>") < rhythm.index("essenscia</span>")
    assert "Agoria</span>" not in rhythm and "B-Hive</span>" not in rhythm
    assert reverse("partners:staff_moment_list") + "#rhythm-heading" in rhythm

    moments = reverse("partners:staff_moment_list")
    first = client.get(moments).content.decode()
    assert "4 partners, de dringendste eerst" in first and "UNIZO</span>" in first and "Agoria</span>" not in first
    assert '?rhythm_page=2#rhythm-heading">Volgende' in first  # the rhythm's own pages, beside the moments'
    second = client.get(moments, {"rhythm_page": "2"}).content.decode()
    assert "Agoria</span>" in second and "B-Hive</span>" in second and "UNIZO</span>" not in second
    bad = client.get(moments, {"rhythm_page": "no-such-page"})
    assert bad.status_code == 200 and "UNIZO</span>" in bad.content.decode()


def test_the_rhythm_with_its_own_pages_is_valid_html(client, staff, monkeypatch, tmp_path):
    from partners.templatetags import moment_tags
    from portal.tests.html_checks import nu_errors

    monkeypatch.setattr(moment_tags, "RHYTHM_ROWS", 1)
    monkeypatch.setattr(moment_tags, "RHYTHM_PAGE_ROWS", 1)
    for name in ("Agoria", "UNIZO"):
        bilateral(PartnerFactory(name=name, slug=name.lower(), bilaterals_per_year=4), datetime.date(2019, 3, 1))
    client.force_login(staff)
    home = client.get(reverse("evaluations:staff_home")).content
    moments = client.get(reverse("partners:staff_moment_list")).content
    assert b"rhythm_page=2" in moments and b"De 1 dringendste van 2 partners" in home
    assert nu_errors({"staff home": home, "moment list": moments}, tmp_path) == []
