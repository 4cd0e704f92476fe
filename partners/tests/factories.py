import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import UserFactory
from partners.models import (
    AccountManager,
    AccountManagerAssignment,
    Agreement,
    ConsultationMoment,
    Contact,
    ForeignOffice,
    ForeignRepresentative,
    Invitation,
    Partner,
)


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Partner {n}")
    slug = factory.Sequence(lambda n: f"partner-{n}")
    kind = Partner.Kind.FEDERATION
    is_structural = True


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    partner = factory.SubFactory(PartnerFactory)
    first_name = factory.Faker("first_name", locale="nl_BE")
    last_name = factory.Faker("last_name", locale="nl_BE")
    email = factory.Sequence(lambda n: f"contact{n}@partner.example.be")
    role = "Internationaal adviseur"
    is_reporting_contact = True


class PartnerUserFactory(UserFactory):
    """A user who logs in for a partner: a contact of that partner with the partner-user role."""

    roles = factory.PostGeneration(
        lambda user, create, extracted, **kwargs: UserFactory.add_roles(user, extracted or [Role.PARTNER_USER])
    )
    contact = factory.RelatedFactory(
        ContactFactory,
        factory_related_name="user",
        email=factory.SelfAttribute("..email"),
        first_name=factory.SelfAttribute("..first_name"),
    )


class AccountManagerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccountManager

    user = factory.SubFactory(UserFactory, roles=[Role.ACCOUNT_MANAGER], is_staff=True)
    time_share = Decimal("20")


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccountManagerAssignment

    partner = factory.SubFactory(PartnerFactory)
    account_manager = factory.SubFactory(AccountManagerFactory)
    start_date = datetime.date(2017, 10, 3)


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    partner = factory.SubFactory(PartnerFactory)
    reference = factory.Sequence(lambda n: f"SO-2017-{n:03d}")
    start_date = datetime.date(2017, 1, 1)
    end_date = datetime.date(2021, 12, 31)
    signed_on = datetime.date(2017, 10, 3)
    partner_share = Decimal("50")
    fit_share = Decimal("50")


class MomentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsultationMoment

    kind = ConsultationMoment.Kind.FORMAL
    title = factory.Sequence(lambda n: f"Overlegmoment {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + datetime.timedelta(hours=2))
    location = "FIT, Koning Albert II-laan 37, Brussel"


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    moment = factory.SubFactory(MomentFactory)
    contact = factory.SubFactory(ContactFactory)


class ForeignOfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ForeignOffice
        django_get_or_create = ("country", "city")

    city = factory.Sequence(lambda n: f"Stad {n}")
    country = "Land"


class ForeignRepresentativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ForeignRepresentative

    office = factory.SubFactory(ForeignOfficeFactory)
    first_name = "Lotte"
    last_name = factory.Sequence(lambda n: f"Vermeersch {n}")
    email = factory.Sequence(lambda n: f"vertegenwoordiger{n}@fitagency.example")
    language = "nl"
