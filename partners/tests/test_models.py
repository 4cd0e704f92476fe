import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from partners.models import AccountManagerAssignment, Agreement, AgreementYear, ConsultationMoment, Partner
from partners.tests.factories import (
    AccountManagerFactory,
    AgreementFactory,
    AssignmentFactory,
    ContactFactory,
    InvitationFactory,
    MomentFactory,
    PartnerFactory,
)

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
pytestmark = pytest.mark.django_db


def brussels(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=BRUSSELS)


def test_partner_with_a_bad_enterprise_number_does_not_validate():
    partner = Partner(name="Test", slug="test", enterprise_number="0417.497.107")
    with pytest.raises(ValidationError) as error:
        partner.full_clean()
    assert "enterprise_number" in error.value.message_dict


def test_partner_enterprise_number_is_normalised_on_clean():
    partner = Partner(name="Test", slug="test", enterprise_number="BE 0417 497 106")
    partner.full_clean()
    assert partner.enterprise_number == "0417.497.106"


def test_two_partners_cannot_share_an_enterprise_number():
    PartnerFactory(enterprise_number="0417.497.106")
    duplicate = Partner(name="Other", slug="other", enterprise_number="0417.497.106")
    with pytest.raises(ValidationError, match="ondernemingsnummer"):
        duplicate.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_partners_without_enterprise_number_may_coexist():
    PartnerFactory(enterprise_number="")
    PartnerFactory(enterprise_number="")
    assert Partner.objects.filter(enterprise_number="").count() == 2


def test_agreement_shares_must_sum_to_100_in_the_form_and_in_the_database():
    agreement = AgreementFactory.build(partner=PartnerFactory(), partner_share=Decimal("60"), fit_share=Decimal("50"))
    with pytest.raises(ValidationError) as error:
        agreement.full_clean()
    assert "100 %" in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        agreement.save()


def test_a_split_other_than_50_50_without_a_reason_is_refused_in_the_form_and_in_the_database():
    agreement = AgreementFactory.build(partner=PartnerFactory(), partner_share=Decimal("40"), fit_share=Decimal("60"))
    with pytest.raises(ValidationError) as error:
        agreement.full_clean()
    assert error.value.message_dict["split_reason"] == [
        "De cofinanciering is 50/50 verdeeld; geef de reden voor een verdeling van 40 % (partner) en 60 % (FIT)."
    ]
    agreement.split_reason = "   "
    with pytest.raises(ValidationError, match="geef de reden"):
        agreement.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.bulk_create(
            [AgreementFactory.build(partner=agreement.partner, fit_share=Decimal("60"), partner_share=Decimal("40"))]
        )


def test_an_equal_split_needs_no_reason_and_another_split_keeps_its_reason_in_the_history():
    equal = AgreementFactory.build(partner=PartnerFactory())
    equal.full_clean()
    assert equal.is_equal_split
    agreement = AgreementFactory()
    agreement.partner_share, agreement.fit_share = Decimal("40"), Decimal("60")
    agreement.split_reason = "Regeringsbeslissing van 12/04/2019: FIT draagt 60 %."
    agreement.full_clean()
    agreement.save()
    assert not agreement.is_equal_split
    latest = agreement.history.first()
    assert (latest.fit_share, latest.split_reason) == (Decimal("60"), agreement.split_reason)
    assert agreement.history.last().split_reason == ""


def test_agreement_must_end_after_it_starts():
    agreement = AgreementFactory.build(
        partner=PartnerFactory(), start_date=datetime.date(2021, 1, 1), end_date=datetime.date(2017, 1, 1)
    )
    with pytest.raises(ValidationError, match="na de begindatum"):
        agreement.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        agreement.save()


def test_agreement_knows_its_years_and_active_days():
    agreement = AgreementFactory()
    assert list(agreement.years) == [2017, 2018, 2019, 2020, 2021]
    assert agreement.is_active_on(datetime.date(2019, 6, 1))
    assert not agreement.is_active_on(datetime.date(2022, 1, 1))
    assert Agreement.objects.covering_year(2019).get() == agreement
    assert not Agreement.objects.covering_year(2022).exists()


def test_agreement_year_outside_the_period_is_refused():
    amount = AgreementYear(agreement=AgreementFactory(), year=2023, amount=Decimal("100000"))
    with pytest.raises(ValidationError, match="looptijd"):
        amount.full_clean()


def test_agreement_year_splits_the_amount_by_the_shares():
    agreement = AgreementFactory(partner_share=Decimal("40"), fit_share=Decimal("60"), split_reason="Besluit 2019")
    amount = AgreementYear.objects.create(agreement=agreement, year=2019, amount=Decimal("100000.01"))
    assert amount.fit_amount == Decimal("60000.01")
    assert amount.partner_amount == Decimal("40000.00")
    assert amount.fit_amount + amount.partner_amount == amount.amount


def test_negative_yearly_amount_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        AgreementYear.objects.create(agreement=AgreementFactory(), year=2019, amount=Decimal("-1"))


def test_a_partner_has_one_current_account_manager_and_keeps_the_history():
    partner = PartnerFactory()
    first, second = AccountManagerFactory(), AccountManagerFactory()
    AssignmentFactory(
        partner=partner,
        account_manager=first,
        start_date=datetime.date(2017, 10, 3),
        end_date=datetime.date(2019, 12, 31),
    )
    AssignmentFactory(partner=partner, account_manager=second, start_date=datetime.date(2020, 1, 1))
    assert partner.current_account_manager == second
    assert partner.assignments.count() == 2
    assert partner.assignments.current(datetime.date(2018, 5, 1)).get().account_manager == first


def test_a_second_open_assignment_is_refused():
    partner = PartnerFactory()
    AssignmentFactory(partner=partner)
    overlapping = AccountManagerAssignment(
        partner=partner, account_manager=AccountManagerFactory(), start_date=datetime.date(2020, 1, 1)
    )
    with pytest.raises(ValidationError, match="overlapt"):
        overlapping.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        overlapping.save()


def test_one_account_manager_may_look_after_several_partners():
    manager = AccountManagerFactory()
    voka, unizo = PartnerFactory(), PartnerFactory()
    AssignmentFactory(partner=voka, account_manager=manager)
    AssignmentFactory(partner=unizo, account_manager=manager)
    assert set(manager.current_partners()) == {voka, unizo}
    assert set(Partner.objects.looked_after_by(manager)) == {voka, unizo}


def test_time_share_above_100_percent_is_refused():
    manager = AccountManagerFactory.build(user=AccountManagerFactory().user, time_share=Decimal("120"))
    with pytest.raises(ValidationError):
        manager.full_clean()


def test_moment_must_end_after_it_starts():
    moment = MomentFactory.build(starts_at=brussels(2019, 3, 12, 14), ends_at=brussels(2019, 3, 12, 10))
    with pytest.raises(ValidationError, match="na het begin"):
        moment.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        moment.save()


def test_bilateral_moment_needs_a_partner():
    moment = MomentFactory.build(kind=ConsultationMoment.Kind.BILATERAL, partner=None)
    with pytest.raises(ValidationError, match="bilateraal"):
        moment.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        moment.save()


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2019, 7, 11), "Feest van de Vlaamse Gemeenschap"),
        (datetime.date(2019, 4, 22), "Paasmaandag"),
        (datetime.date(2019, 5, 30), "Hemelvaart"),
        (datetime.date(2019, 6, 10), "Pinkstermaandag"),
        (datetime.date(2019, 11, 11), "Wapenstilstand"),
    ],
)
def test_moment_on_a_holiday_warns(day, expected):
    moment = MomentFactory.build(starts_at=brussels(day.year, day.month, day.day, 10))
    assert expected in str(moment.holiday_warning)


def test_moment_on_a_working_day_gives_no_warning():
    moment = MomentFactory.build(starts_at=brussels(2019, 3, 12, 10))
    assert moment.holiday_warning is None


def test_holiday_is_judged_in_brussels_time_not_utc():
    # 23:30 UTC on 10 July is already 11 July in Brussels (summer time, UTC+2).
    moment = MomentFactory.build(starts_at=datetime.datetime(2019, 7, 10, 23, 30, tzinfo=datetime.UTC))
    assert moment.holiday_warning is not None


def test_invitation_takes_the_partner_of_its_contact():
    contact = ContactFactory()
    invitation = InvitationFactory(contact=contact)
    assert invitation.partner == contact.partner


def test_a_contact_is_invited_once_per_moment():
    invitation = InvitationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        InvitationFactory(moment=invitation.moment, contact=invitation.contact)


def test_contact_email_is_unique_within_a_partner():
    contact = ContactFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactFactory(partner=contact.partner, email=contact.email)
    ContactFactory(email=contact.email)  # another partner may know the same person


def test_changes_are_kept_in_the_history():
    partner = PartnerFactory(name="Voka")
    partner.city = "Brussel"
    partner.save()
    assert partner.history.count() == 2
    assert partner.history.first().city == "Brussel"


@pytest.mark.django_db
def test_partners_are_listed_by_name_whatever_the_case_of_the_first_letter(client):
    from accounts.models import Role
    from accounts.tests.factories import UserFactory

    for name in ("Voka", "essencia", "Agoria", "imec"):
        PartnerFactory(name=name)
    assert [p.name for p in Partner.objects.all()] == ["Agoria", "essencia", "imec", "Voka"]
    client.force_login(UserFactory(roles=[Role.FIT_STAFF], is_staff=True))
    form = client.get(reverse("partners:staff_moment_create")).content.decode()
    assert form.index("essencia") < form.index("imec") < form.index("Voka")
