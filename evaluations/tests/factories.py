from decimal import Decimal

import factory
from django.utils import timezone

from evaluations.models import (
    KPI,
    Action,
    CoOrganiser,
    Evaluation,
    ImprovementPoint,
    KPIReport,
    KPIResult,
    KPITarget,
)
from partners.tests.factories import AgreementFactory, PartnerFactory


class KPIFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KPI
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"KPI{n + 1:02d}")
    name = factory.Sequence(lambda n: f"Indicator {n + 1}")
    unit = "bedrijven"


class KPITargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KPITarget

    agreement = factory.SubFactory(AgreementFactory)
    kpi = factory.SubFactory(KPIFactory)
    year = 2019
    target_value = Decimal("100")


class KPIReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KPIReport
        django_get_or_create = ("agreement", "year")

    agreement = factory.SubFactory(AgreementFactory)
    year = 2019


class KPIResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KPIResult

    target = factory.SubFactory(KPITargetFactory)
    report = factory.SubFactory(
        KPIReportFactory,
        agreement=factory.SelfAttribute("..target.agreement"),
        year=factory.SelfAttribute("..target.year"),
    )
    actual_value = Decimal("90")


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation

    agreement = factory.SubFactory(AgreementFactory)
    year = 2019


class ImprovementPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImprovementPoint

    partner = factory.SubFactory(PartnerFactory)
    title = factory.Sequence(lambda n: f"Verbeterpunt {n}")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    year = 2020
    partner = factory.SubFactory(PartnerFactory)
    title = factory.Sequence(lambda n: f"Handelsmissie {n}")
    type = Action.Type.TRADE_MISSION


class CoOrganiserFactory(factory.django.DjangoModelFactory):
    """A co-organiser of an action (issue 15): pending unless told; pass `partner=None` for FIT."""

    class Meta:
        model = CoOrganiser

    action = factory.SubFactory(ActionFactory)
    partner = factory.SubFactory(PartnerFactory)
    answered_at = factory.Maybe(
        factory.LazyAttribute(lambda row: row.status != CoOrganiser.Status.PENDING),
        yes_declaration=factory.LazyFunction(timezone.now),
        no_declaration=None,
    )
