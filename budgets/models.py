"""Budget years with their authorisations, commitments (budget lines), payments, and co-funded projects."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce, Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partners.models import Agreement, AgreementYear, Partner
from portal.money import HUNDRED, format_euro, split_by_percentages

ZERO = Decimal("0.00")
MONEY = {"max_digits": 14, "decimal_places": 2}
NOT_NEGATIVE = [MinValueValidator(Decimal("0"))]


def _sum(qs, field: str = "amount") -> Decimal:
    return qs.aggregate(total=Coalesce(Sum(field), ZERO, output_field=models.DecimalField(**MONEY)))["total"]


class BudgetYearQuerySet(models.QuerySet):
    def with_totals(self):
        """Annotate committed (sum of lines) and paid (sum of payments dated in the year)."""
        committed = BudgetLine.objects.committed().filter(budget_year=models.OuterRef("pk")).values("budget_year")
        committed = committed.annotate(total=Sum("amount")).values("total")
        paid = Payment.objects.filter(date__year=models.OuterRef("year")).values("date__year")
        paid = paid.annotate(total=Sum("amount")).values("total")
        money = models.DecimalField(**MONEY)
        return self.annotate(
            committed=Coalesce(models.Subquery(committed, output_field=money), ZERO, output_field=money),
            paid=Coalesce(models.Subquery(paid, output_field=money), ZERO, output_field=money),
        )


class BudgetLineQuerySet(models.QuerySet):
    def committed(self):
        """Lines that count as commitments (drafts from a year's preparation do not)."""
        return self.filter(is_draft=False)


class BudgetYear(models.Model):
    """A budget year of the partnerships: what may be committed and what may be paid out in it."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    budget_article = models.CharField(_("budget article"), max_length=60, blank=True)
    commitment_authorisation = models.DecimalField(
        _("commitment authorisation (€)"),
        **MONEY,
        validators=NOT_NEGATIVE,
        help_text=_("The ceiling on what may be committed in this year (VAK)."),
    )
    payment_authorisation = models.DecimalField(
        _("payment authorisation (€)"),
        **MONEY,
        validators=NOT_NEGATIVE,
        help_text=_("The ceiling on what may be paid out in this year (VEK)."),
    )
    notes = models.TextField(_("remarks"), blank=True)

    history = HistoricalRecords()
    objects = BudgetYearQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("budget year")
        verbose_name_plural = _("budget years")
        constraints = [
            models.CheckConstraint(
                condition=Q(commitment_authorisation__gte=0) & Q(payment_authorisation__gte=0),
                name="budget_year_not_negative",
                violation_error_message=_("An authorisation cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.year)

    def committed_total(self) -> Decimal:
        return self.committed if hasattr(self, "committed") else _sum(self.lines.committed())

    def paid_total(self) -> Decimal:
        return self.paid if hasattr(self, "paid") else _sum(Payment.objects.filter(date__year=self.year))

    def commitment_headroom(self) -> Decimal:
        return self.commitment_authorisation - self.committed_total()

    def payment_headroom(self) -> Decimal:
        return self.payment_authorisation - self.paid_total()

    def clean(self) -> None:
        if self.pk is None or self.commitment_authorisation is None:
            return
        committed = _sum(self.lines.committed())
        if committed > self.commitment_authorisation:
            raise ValidationError(
                {
                    "commitment_authorisation": _(
                        "%(committed)s has already been committed; the commitment authorisation cannot be lower."
                    )
                    % {"committed": format_euro(committed)}
                }
            )
        paid = _sum(Payment.objects.filter(date__year=self.year))
        if self.payment_authorisation is not None and paid > self.payment_authorisation:
            raise ValidationError(
                {
                    "payment_authorisation": _(
                        "%(paid)s has already been paid out; the payment authorisation cannot be lower."
                    )
                    % {"paid": format_euro(paid)}
                }
            )


class BudgetLine(models.Model):
    """A commitment (vastlegging) for a partner, usually under its agreement, in a budget year."""

    budget_year = models.ForeignKey(
        BudgetYear, on_delete=models.PROTECT, related_name="lines", verbose_name=_("budget year")
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="budget_lines", verbose_name=_("partner")
    )
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_lines",
        verbose_name=_("agreement"),
    )
    description = models.CharField(_("description"), max_length=255)
    reference = models.CharField(_("commitment reference"), max_length=60, blank=True)
    amount = models.DecimalField(_("committed amount (€)"), **MONEY, validators=NOT_NEGATIVE)
    is_draft = models.BooleanField(
        _("draft"),
        default=False,
        help_text=_("Proposed when the year is prepared; only counts as a commitment once confirmed."),
    )
    over_share_reason = models.TextField(
        _("reason for committing more than FIT's share"),
        blank=True,
        help_text=_("Required when the commitments under the agreement exceed FIT's share of that year's budget."),
    )

    history = HistoricalRecords()
    objects = BudgetLineQuerySet.as_manager()

    class Meta:
        ordering = ["-budget_year__year", Lower("partner__name")]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="budget_line_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.budget_year} – {self.partner}: {format_euro(self.amount)}"

    def paid_total(self) -> Decimal:
        return self.paid if hasattr(self, "paid") else _sum(self.payments.all())

    def clean(self) -> None:
        self.over_share_reason = self.over_share_reason.strip()
        errors = {}
        if self.agreement_id and self.partner_id and self.agreement.partner_id != self.partner_id:
            errors["agreement"] = _("This agreement belongs to a different partner.")
        if self.agreement_id and self.budget_year_id and not self.agreement.covers_year(self.budget_year.year):
            errors["agreement"] = _("The budget year falls outside the term of this agreement.")
        if self.budget_year_id and self.amount is not None and not self.is_draft:
            others = _sum(self.budget_year.lines.committed().exclude(pk=self.pk))
            ceiling = self.budget_year.commitment_authorisation
            if others + self.amount > ceiling:
                errors["amount"] = _(
                    "This amount exceeds the commitment authorisation for %(year)s: "
                    "%(ceiling)s, of which %(others)s has already been committed (%(left)s "
                    "still available)."
                ) % {
                    "year": self.budget_year.year,
                    "ceiling": format_euro(ceiling),
                    "others": format_euro(others),
                    "left": format_euro(max(ceiling - others, ZERO)),
                }
        over_share = self.over_share_error()
        if over_share:
            errors.setdefault("amount", over_share)
        if self.pk and self.amount is not None:
            paid = _sum(self.payments.all())
            if paid > self.amount:
                errors["amount"] = _("%(paid)s has already been paid on this line; the amount cannot be lower.") % {
                    "paid": format_euro(paid)
                }
        if errors:
            raise ValidationError(errors)

    def fit_share_for_year(self) -> Decimal | None:
        """FIT's share of the agreement's budget for this line's year, or None when no budget was agreed."""
        if not (self.agreement_id and self.budget_year_id):
            return None
        agreed = AgreementYear.objects.filter(agreement_id=self.agreement_id, year=self.budget_year.year).first()
        return agreed.fit_amount if agreed else None

    def over_share_error(self) -> str | None:
        """A commitment above FIT's share under the agreement is refused unless a reason is stated."""
        if self.is_draft or self.amount is None or self.over_share_reason:
            return None
        fit_share = self.fit_share_for_year()
        if fit_share is None:
            return None
        lines = BudgetLine.objects.committed().filter(
            agreement_id=self.agreement_id, budget_year_id=self.budget_year_id
        )
        total = _sum(lines.exclude(pk=self.pk)) + self.amount
        if total <= fit_share:
            return None
        return _(
            "This brings the commitments under %(agreement)s in %(year)s to %(total)s, more than FIT's share of "
            "%(share)s: lower the amount or state the reason for committing more."
        ) % {
            "agreement": self.agreement.reference,
            "year": self.budget_year.year,
            "total": format_euro(total),
            "share": format_euro(fit_share),
        }


class Payment(models.Model):
    """A payment against a budget line; it counts against the payment authorisation of the year it is made in."""

    line = models.ForeignKey(
        BudgetLine, on_delete=models.PROTECT, related_name="payments", verbose_name=_("budget line")
    )
    date = models.DateField(_("payment date"))
    amount = models.DecimalField(_("amount (€)"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))])
    reference = models.CharField(_("reference"), max_length=60, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="payment_positive",
                violation_error_message=_("A payment must be greater than zero."),
            ),
        ]
        indexes = [models.Index(fields=["date"], name="payment_date")]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {format_euro(self.amount)}"

    def clean(self) -> None:
        if not (self.line_id and self.amount is not None and self.date):
            return
        errors = []
        paid_on_line = _sum(self.line.payments.exclude(pk=self.pk))
        if paid_on_line + self.amount > self.line.amount:
            errors.append(
                _("This payment exceeds the budget line: %(line)s committed, %(paid)s already paid.")
                % {"line": format_euro(self.line.amount), "paid": format_euro(paid_on_line)}
            )
        budget_year = BudgetYear.objects.filter(year=self.date.year).first()
        if budget_year is None:
            errors.append(_("There is no budget year %(year)s to charge this payment to.") % {"year": self.date.year})
        else:
            paid_in_year = _sum(Payment.objects.filter(date__year=self.date.year).exclude(pk=self.pk))
            if paid_in_year + self.amount > budget_year.payment_authorisation:
                errors.append(
                    _(
                        "This payment exceeds the payment authorisation for %(year)s: "
                        "%(ceiling)s, of which %(paid)s has already been paid."
                    )
                    % {
                        "year": self.date.year,
                        "ceiling": format_euro(budget_year.payment_authorisation),
                        "paid": format_euro(paid_in_year),
                    }
                )
        if errors:
            raise ValidationError({"amount": errors})


class Project(models.Model):
    """A co-funded project such as the ERDF project "Vlaanderen Versnelt"."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    code = models.CharField(_("project number"), max_length=40, blank=True)
    description = models.TextField(_("description"), blank=True)
    total_cost = models.DecimalField(_("total cost (€)"), **MONEY, validators=NOT_NEGATIVE)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    partners = models.ManyToManyField(Partner, blank=True, related_name="projects", verbose_name=_("partners involved"))
    deliverables = models.TextField(
        _("deliverables"), blank=True, help_text=_("The project's tools or results, one per line.")
    )

    history = HistoricalRecords(m2m_fields=[partners])

    class Meta:
        ordering = ["name"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(total_cost__gte=0),
                name="project_cost_not_negative",
                violation_error_message=_("The cost cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gt=F("start_date")),
                name="project_end_after_start",
                violation_error_message=_("The end date must be after the start date."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def funding_amounts(self) -> list[tuple["FundingShare", Decimal]]:
        """Each funding share with its amount to the cent; the amounts always sum to the total cost.

        Rounding rule (portal.money.split_by_percentages): every part is rounded half-up to the cent,
        and whatever remainder rounding leaves goes to the largest share (the first on a tie).
        """
        shares = list(self.funding_shares.all())
        amounts = split_by_percentages(self.total_cost, [s.percentage for s in shares])
        return list(zip(shares, amounts, strict=True))

    @property
    def funding_complete(self) -> bool:
        return sum((s.percentage for s in self.funding_shares.all()), Decimal(0)) == HUNDRED


class FundingShare(models.Model):
    """Who pays which percentage of a project: ERDF, the Hermes fund, FIT/VLAIO..."""

    class Source(models.TextChoices):
        ERDF = "erdf", _("ERDF (European Regional Development Fund)")
        HERMES = "hermes", _("Hermes fund")
        FIT_VLAIO = "fit_vlaio", _("FIT/VLAIO")
        FIT = "fit", _("FIT")
        PARTNER = "partner", _("partner")
        OTHER = "other", _("other")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="funding_shares", verbose_name=_("project")
    )
    source = models.CharField(_("funding source"), max_length=20, choices=Source.choices)
    percentage = models.DecimalField(
        _("share (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(HUNDRED)],
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "-percentage", "pk"]
        verbose_name = _("funding share")
        verbose_name_plural = _("funding shares")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "source"],
                name="funding_share_unique_source",
                violation_error_message=_("This funding source is already listed for this project."),
            ),
            models.CheckConstraint(
                condition=Q(percentage__gt=0) & Q(percentage__lte=100),
                name="funding_share_0_100",
                violation_error_message=_("A share must be between 0 and 100 %."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.percentage} %"

    def clean(self) -> None:
        if self.project_id and self.percentage is not None:
            others = sum((s.percentage for s in self.project.funding_shares.exclude(pk=self.pk)), Decimal(0))
            if others + self.percentage > HUNDRED:
                raise ValidationError(
                    {
                        "percentage": _(
                            "Together with the other sources (%(others)s %%), this comes to more than 100 %%."
                        )
                        % {"others": others}
                    }
                )
