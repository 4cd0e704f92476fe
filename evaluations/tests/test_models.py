from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from evaluations.models import (
    Action,
    Direction,
    Evaluation,
    KPIReport,
    KPITarget,
    Rating,
    ReportStatus,
    achievement_percentage,
    rate_achievement,
)
from evaluations.tests.factories import (
    ActionFactory,
    EvaluationFactory,
    KPIFactory,
    KPIResultFactory,
    KPITargetFactory,
)
from partners.tests.factories import AgreementFactory


@pytest.mark.parametrize(
    ("target", "actual", "direction", "expected"),
    [
        ("100", "90", Direction.HIGHER, "90.0"),
        ("100", "125", Direction.HIGHER, "125.0"),
        ("80", "100", Direction.LOWER, "80.0"),  # 100 days where 80 was the aim: worse
        ("80", "40", Direction.LOWER, "200.0"),  # half the aim: twice as good
        ("0", "5", Direction.HIGHER, "100"),  # nothing was asked: met
        ("10", "0", Direction.LOWER, "100"),  # zero where lower is better: met, not infinite
        ("3", "1", Direction.HIGHER, "33.3"),
    ],
)
def test_achievement_is_direction_aware(target, actual, direction, expected):
    assert achievement_percentage(Decimal(target), Decimal(actual), direction) == Decimal(expected)


@pytest.mark.parametrize(("target", "actual"), [(None, Decimal("1")), (Decimal("1"), None), (None, None)])
def test_achievement_is_unknown_without_target_or_result(target, actual):
    assert achievement_percentage(target, actual, Direction.HIGHER) is None


@pytest.mark.parametrize(
    ("achievement", "rating"),
    [
        (Decimal("100"), Rating.GREEN),
        (Decimal("99.9"), Rating.AMBER),
        (Decimal("80"), Rating.AMBER),
        (Decimal("79.9"), Rating.RED),
        (None, Rating.NONE),
    ],
)
def test_ratings_follow_the_thresholds_in_settings(achievement, rating):
    assert rate_achievement(achievement) == rating


def test_thresholds_live_in_one_place(settings):
    settings.PORTAL = {**settings.PORTAL, "ACHIEVEMENT_GREEN": 90}
    assert rate_achievement(Decimal("95")) == Rating.GREEN


@pytest.mark.django_db
def test_result_reports_its_achievement_and_shares_its_reports_status():
    result = KPIResultFactory(target__target_value=Decimal("40"), actual_value=Decimal("50"))
    assert result.achievement() == Decimal("125.0")
    assert result.rating() == Rating.GREEN
    assert result.status == ReportStatus.DRAFT


@pytest.mark.django_db
def test_one_target_per_agreement_kpi_and_year():
    target = KPITargetFactory()
    duplicate = KPITarget(agreement=target.agreement, kpi=target.kpi, year=target.year, target_value=Decimal("5"))
    with pytest.raises(ValidationError, match="bestaat al een doelstelling"):
        duplicate.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


@pytest.mark.django_db
def test_a_target_outside_the_agreement_period_is_refused():
    target = KPITarget(agreement=AgreementFactory(), kpi=KPIFactory(), year=2016, target_value=Decimal("5"))
    with pytest.raises(ValidationError, match="looptijd"):
        target.full_clean()


@pytest.mark.django_db
def test_negative_targets_and_results_are_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        KPITargetFactory(target_value=Decimal("-1"))
    with pytest.raises(IntegrityError), transaction.atomic():
        KPIResultFactory(actual_value=Decimal("-1"))


@pytest.mark.django_db
def test_a_result_must_belong_to_the_report_of_its_target():
    result = KPIResultFactory()
    other_year = KPITargetFactory(agreement=result.target.agreement, kpi=result.target.kpi, year=2018)
    result.target = other_year
    with pytest.raises(ValidationError, match="hoort niet bij dit rapport"):
        result.full_clean()


@pytest.mark.django_db
def test_report_gets_the_default_deadline_of_the_next_year():
    report = KPIReport.objects.create(agreement=AgreementFactory(), year=2019)
    assert report.deadline.isoformat() == "2020-03-31"


@pytest.mark.django_db
def test_one_evaluation_per_agreement_and_year():
    evaluation = EvaluationFactory()
    duplicate = Evaluation(agreement=evaluation.agreement, year=evaluation.year)
    with pytest.raises(ValidationError, match="al een evaluatie"):
        duplicate.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


@pytest.mark.django_db
def test_one_programme_wide_evaluation_per_year():
    Evaluation.objects.create(agreement=None, year=2018)
    with pytest.raises(IntegrityError), transaction.atomic():
        Evaluation.objects.create(agreement=None, year=2018)
    Evaluation.objects.create(agreement=None, year=2019)


@pytest.mark.django_db
def test_evaluation_score_stays_on_the_scale():
    with pytest.raises(IntegrityError), transaction.atomic():
        EvaluationFactory(score=6)


@pytest.mark.django_db
def test_declining_an_action_needs_a_reason():
    action = ActionFactory.build(partner=ActionFactory().partner, status=Action.Status.DECLINED, decision_reason="")
    with pytest.raises(ValidationError, match="reden"):
        action.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        action.save()


@pytest.mark.django_db
def test_programme_holds_fits_actions_and_accepted_partner_actions():
    fit = ActionFactory(partner=None, year=2019)
    accepted = ActionFactory(year=2019, status=Action.Status.ACCEPTED)
    ActionFactory(year=2019, status=Action.Status.SUBMITTED)
    ActionFactory(year=2019, status=Action.Status.DECLINED, decision_reason="Valt buiten de focus")
    assert set(Action.objects.in_programme(2019)) == {fit, accepted}
