import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from budgets.models import BudgetLine, BudgetYear, FundingShare, Payment
from budgets.tests.factories import (
    BudgetLineFactory,
    BudgetYearFactory,
    FundingShareFactory,
    PaymentFactory,
    ProjectFactory,
)
from partners.tests.factories import AgreementFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def test_lines_of_a_year_may_fill_the_commitment_authorisation_exactly():
    year = BudgetYearFactory(commitment_authorisation=Decimal("905000.00"))
    BudgetLineFactory(budget_year=year, amount=Decimal("900000.00"))
    last = BudgetLineFactory.build(budget_year=year, partner=PartnerFactory(), amount=Decimal("5000.00"))
    last.full_clean()


def test_a_line_beyond_the_commitment_authorisation_is_refused_with_the_headroom():
    year = BudgetYearFactory(commitment_authorisation=Decimal("905000.00"))
    BudgetLineFactory(budget_year=year, amount=Decimal("900000.00"))
    line = BudgetLineFactory.build(budget_year=year, partner=PartnerFactory(), amount=Decimal("5000.01"))
    with pytest.raises(ValidationError) as error:
        line.full_clean()
    message = error.value.message_dict["amount"][0]
    assert "vastleggingsmachtiging" in message
    assert "€\u00a0905.000,00" in message
    assert "€\u00a05.000,00" in message  # what is still available


def test_editing_a_line_does_not_count_it_twice():
    year = BudgetYearFactory(commitment_authorisation=Decimal("100000.00"))
    line = BudgetLineFactory(budget_year=year, amount=Decimal("100000.00"))
    line.description = "Aangepast"
    line.full_clean()


def test_negative_amounts_are_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLineFactory(amount=Decimal("-1.00"))
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetYear.objects.create(year=2030, commitment_authorisation=Decimal("-1"), payment_authorisation=0)


def test_a_line_under_another_partners_agreement_is_refused():
    line = BudgetLineFactory.build(
        budget_year=BudgetYearFactory(), partner=PartnerFactory(), agreement=AgreementFactory()
    )
    with pytest.raises(ValidationError) as error:
        line.full_clean()
    assert "agreement" in error.value.message_dict


def test_a_payment_may_not_exceed_its_line():
    line = BudgetLineFactory(amount=Decimal("50000.00"))
    PaymentFactory(line=line, amount=Decimal("30000.00"))
    payment = Payment(line=line, date=datetime.date(2019, 9, 1), amount=Decimal("20000.01"))
    with pytest.raises(ValidationError, match="begrotingslijn"):
        payment.full_clean()
    Payment(line=line, date=datetime.date(2019, 9, 1), amount=Decimal("20000.00")).full_clean()


def test_payments_of_a_year_may_not_exceed_its_payment_authorisation():
    year = BudgetYearFactory(commitment_authorisation=Decimal("905000"), payment_authorisation=Decimal("60000"))
    first = BudgetLineFactory(budget_year=year, amount=Decimal("50000"))
    second = BudgetLineFactory(budget_year=year, amount=Decimal("50000"))
    PaymentFactory(line=first, amount=Decimal("50000"))
    payment = Payment(line=second, date=datetime.date(2019, 12, 1), amount=Decimal("10000.01"))
    with pytest.raises(ValidationError, match="uitbetalingsmachtiging"):
        payment.full_clean()


def test_a_payment_counts_against_the_year_it_is_made_in():
    # A 2019 commitment paid in 2020 uses the 2020 payment authorisation, not 2019's.
    BudgetYearFactory(year=2020, commitment_authorisation=Decimal("0"), payment_authorisation=Decimal("10000"))
    line = BudgetLineFactory(budget_year=BudgetYearFactory(year=2019), amount=Decimal("50000"))
    Payment(line=line, date=datetime.date(2020, 2, 1), amount=Decimal("10000")).full_clean()
    with pytest.raises(ValidationError, match="uitbetalingsmachtiging van 2020"):
        Payment(line=line, date=datetime.date(2020, 2, 1), amount=Decimal("10000.01")).full_clean()


def test_a_payment_in_a_year_without_budget_is_refused():
    line = BudgetLineFactory()
    with pytest.raises(ValidationError, match="geen begrotingsjaar 2031"):
        Payment(line=line, date=datetime.date(2031, 1, 1), amount=Decimal("1")).full_clean()


def test_a_zero_payment_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentFactory(amount=Decimal("0"))


def test_authorisation_cannot_drop_below_what_is_committed_or_paid():
    year = BudgetYearFactory()
    PaymentFactory(line=BudgetLineFactory(budget_year=year, amount=Decimal("500000")), amount=Decimal("400000"))
    year.commitment_authorisation = Decimal("499999.99")
    with pytest.raises(ValidationError) as error:
        year.full_clean()
    assert "commitment_authorisation" in error.value.message_dict
    year.commitment_authorisation = Decimal("905000")
    year.payment_authorisation = Decimal("399999")
    with pytest.raises(ValidationError) as error:
        year.full_clean()
    assert "payment_authorisation" in error.value.message_dict


def test_year_totals_are_aggregated_in_the_database():
    year = BudgetYearFactory()
    line = BudgetLineFactory(budget_year=year, amount=Decimal("100000.10"))
    BudgetLineFactory(budget_year=year, amount=Decimal("200000.20"))
    PaymentFactory(line=line, amount=Decimal("12345.67"))
    annotated = BudgetYear.objects.with_totals().get(pk=year.pk)
    assert annotated.committed == Decimal("300000.30")
    assert annotated.paid == Decimal("12345.67")
    assert annotated.commitment_headroom() == Decimal("604999.70")
    assert year.committed_total() == Decimal("300000.30")  # and without the annotation
    assert BudgetLine.objects.get(pk=line.pk).paid_total() == Decimal("12345.67")


def test_erdf_project_amounts_add_up_to_the_cent():
    project = ProjectFactory(name="Vlaanderen Versnelt", total_cost=Decimal("2000051.75"))
    FundingShareFactory(project=project, source=FundingShare.Source.ERDF, percentage=Decimal("40"))
    FundingShareFactory(project=project, source=FundingShare.Source.HERMES, percentage=Decimal("45"))
    FundingShareFactory(project=project, source=FundingShare.Source.FIT_VLAIO, percentage=Decimal("15"))
    amounts = {share.source: amount for share, amount in project.funding_amounts()}
    assert amounts == {
        "erdf": Decimal("800020.70"),
        "hermes": Decimal("900023.29"),
        "fit_vlaio": Decimal("300007.76"),
    }
    assert sum(amounts.values()) == project.total_cost
    assert project.funding_complete


def test_funding_shares_cannot_exceed_100_percent():
    project = ProjectFactory()
    FundingShareFactory(project=project, source=FundingShare.Source.ERDF, percentage=Decimal("60"))
    share = FundingShare(project=project, source=FundingShare.Source.HERMES, percentage=Decimal("40.01"))
    with pytest.raises(ValidationError, match="100"):
        share.full_clean()


def test_a_funding_source_appears_once_per_project():
    share = FundingShareFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        FundingShareFactory(project=share.project, source=share.source, percentage=Decimal("1"))


@pytest.fixture
def agreed_2019(db):
    """An agreement with an annual budget 2019 of € 182.875,00, so FIT's share (50 %) is € 91.437,50."""
    agreement = AgreementFactory(reference="SO-UNIZO")
    agreement.year_amounts.create(year=2019, amount=Decimal("182875.00"))
    return agreement


def _line(agreement, amount, **kwargs) -> BudgetLine:
    year = BudgetYearFactory(year=2019)
    return BudgetLine(
        budget_year=year,
        partner=agreement.partner,
        agreement=agreement,
        description="Werking",
        amount=Decimal(amount),
        **kwargs,
    )


def test_a_commitment_up_to_fits_share_is_accepted(agreed_2019):
    _line(agreed_2019, "91437.50").full_clean()


def test_a_commitment_above_fits_share_is_refused_with_a_clear_message(agreed_2019):
    BudgetLineFactory(
        budget_year=BudgetYearFactory(year=2019),
        partner=agreed_2019.partner,
        agreement=agreed_2019,
        amount=Decimal("91000"),
    )
    with pytest.raises(ValidationError) as error:
        _line(agreed_2019, "437.51").full_clean()
    assert error.value.message_dict["amount"] == [
        "Hiermee komen de vastleggingen onder SO-UNIZO in 2019 op €\u00a091.437,51, meer dan het aandeel van FIT van "
        "€\u00a091.437,50: verlaag het bedrag of geef de reden om meer vast te leggen."
    ]


def test_a_commitment_above_fits_share_is_accepted_with_a_reason_and_a_draft_is_not_checked(agreed_2019):
    _line(agreed_2019, "100000", over_share_reason="Extra handelsmissie, beslissing 3/5/2019").full_clean()
    _line(agreed_2019, "100000", is_draft=True).full_clean()
