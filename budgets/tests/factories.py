import datetime
from decimal import Decimal

import factory

from budgets.models import BudgetLine, BudgetYear, FundingShare, Payment, Project
from partners.tests.factories import PartnerFactory


class BudgetYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetYear
        django_get_or_create = ("year",)

    year = 2019
    commitment_authorisation = Decimal("905000.00")
    payment_authorisation = Decimal("1000000.00")


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    budget_year = factory.SubFactory(BudgetYearFactory)
    partner = factory.SubFactory(PartnerFactory)
    description = "Cofinanciering werking"
    amount = Decimal("50000.00")


class PaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payment

    line = factory.SubFactory(BudgetLineFactory)
    date = datetime.date(2019, 6, 30)
    amount = Decimal("25000.00")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    name = factory.Sequence(lambda n: f"Project {n}")
    total_cost = Decimal("2000051.75")


class FundingShareFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingShare

    project = factory.SubFactory(ProjectFactory)
    source = FundingShare.Source.ERDF
    percentage = Decimal("40")
