"""The yearly cycle: prepare the next year, evaluate the past one, sign off, share, respond.

Preparing copies what exists (targets, budget lines) into the next year as drafts and never
overwrites; evaluations move draft → submitted → signed off → shared, each step recorded and told
to the other side through the outbox.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from budgets.models import BudgetLine, BudgetYear
from notifications.models import Kind
from notifications.services import Recipient, manager_recipients, outbox_add
from partners.models import Agreement

from ..models import (
    KPI,
    Evaluation,
    EvaluationScore,
    ImprovementPoint,
    KPIResult,
    KPITarget,
    TargetStatus,
)
from ..permissions import (
    can_change_target,
    can_edit_evaluation,
    can_prepare_year,
    can_respond_to_evaluation,
    can_start_evaluation,
)
from ..workflow import EVALUATION_WORKFLOW

# -- preparing a year -----------------------------------------------------------------------------


# A whole-word year, or a period of two ("2018-2019", "2018 – 2019").
_YEARS = re.compile(r"\b(?P<first>\d{4})(?:(?P<dash>\s*[-–]\s*)(?P<last>\d{4}))?\b")


def text_for_year(text: str, *, source_year: int, year: int) -> str:
    """A text copied from `source_year` into `year`, its year following: "Werking 2019" → "Werking 2020".

    Whole-word mentions of `source_year` become `year`, and a period that starts or ends with it shifts
    as a whole ("2018-2019" → "2019-2020"). Other years are facts and stay: "since 2017", or the
    agreement's "2017-2021" in a line of 2019.
    """
    shift = year - source_year

    def follow(match: re.Match) -> str:
        first, last = int(match["first"]), match["last"]
        if last is None:
            return str(year) if first == source_year else match[0]
        if source_year in (first, int(last)):
            return f"{first + shift}{match['dash']}{int(last) + shift}"
        return match[0]

    return _YEARS.sub(follow, text)


def text_for_period(text: str, *, source: tuple[int, int], period: tuple[int, int]) -> str:
    """A text copied from one period into the next: "overeenkomst 2017-2021" → "overeenkomst 2022-2026"."""

    def follow(match: re.Match) -> str:
        if match["last"] is not None and (int(match["first"]), int(match["last"])) == source:
            return f"{period[0]}{match['dash']}{period[1]}"
        return match[0]

    return _YEARS.sub(follow, text)


@dataclass
class PreparationSummary:
    targets_created: int = 0
    lines_created: int = 0
    budget_year_created: bool = False
    skipped: list[str] = field(default_factory=list)


def year_prepare(
    *, agreement: Agreement, year: int, user, source: Agreement | None = None, source_year: int | None = None
) -> PreparationSummary:
    """Copy the targets and budget lines of `source_year` (default: the year before) into `year` as drafts.

    Only what is missing in `year` is made: existing targets and lines, draft or confirmed, are left
    alone, so running it twice creates nothing twice. `source` is another agreement (a new period
    takes over the last year of the one before).
    """
    if not can_prepare_year(user, agreement):
        raise PermissionDenied
    if not agreement.covers_year(year):
        raise ValidationError(_("%(year)s falls outside the term of this agreement.") % {"year": year})
    source = source or agreement
    source_year = source_year or year - 1
    summary = PreparationSummary()
    with transaction.atomic():
        have = set(agreement.kpi_targets.filter(year=year).values_list("kpi_id", flat=True))
        previous = source.kpi_targets.confirmed().filter(year=source_year).exclude(kpi_id__in=have)
        new_targets = [
            KPITarget(
                agreement=agreement,
                kpi_id=t.kpi_id,
                year=year,
                target_value=t.target_value,
                note=text_for_year(t.note, source_year=source_year, year=year),
                status=TargetStatus.DRAFT,
            )
            for t in previous
        ]
        for target in new_targets:
            target.full_clean()
            target.save()
        summary.targets_created = len(new_targets)

        lines = list(BudgetLine.objects.committed().filter(agreement=source, budget_year__year=source_year))
        if lines:
            budget_year = BudgetYear.objects.filter(year=year).first()
            if budget_year is None:
                template = BudgetYear.objects.get(year=source_year)
                budget_year = BudgetYear.objects.create(
                    year=year,
                    budget_article=template.budget_article,
                    commitment_authorisation=template.commitment_authorisation,
                    payment_authorisation=template.payment_authorisation,
                    notes=_("Created when preparing %(year)s; authorisations copied from %(source)s.")
                    % {"year": year, "source": source_year},
                )
                summary.budget_year_created = True
            existing = set(
                BudgetLine.objects.filter(agreement=agreement, budget_year=budget_year).values_list(
                    "description", flat=True
                )
            )
            for line in lines:
                description = text_for_year(line.description, source_year=source_year, year=year)
                if description in existing:
                    summary.skipped.append(description)
                    continue
                copy = BudgetLine(
                    budget_year=budget_year,
                    partner_id=line.partner_id,
                    agreement=agreement,
                    description=description,
                    amount=line.amount,
                    is_draft=True,
                )
                copy.full_clean()
                copy.save()
                summary.lines_created += 1
    return summary


@dataclass
class TargetRow:
    kpi: KPI
    previous: KPITarget | None
    current: KPITarget | None

    @property
    def changed(self) -> bool:
        if self.previous is None or self.current is None:
            return self.current is not None
        return self.previous.target_value != self.current.target_value


@dataclass
class LineRow:
    description: str
    previous: BudgetLine | None
    current: BudgetLine | None

    @property
    def changed(self) -> bool:
        if self.previous is None or self.current is None:
            return self.current is not None
        return self.previous.amount != self.current.amount


def year_comparison(*, agreement: Agreement, year: int, source: Agreement | None = None) -> tuple[list, list]:
    """Side by side: the targets and budget lines of the year before (or of `source`) and of `year`."""
    source = source or agreement
    source_year = year - 1
    previous = {t.kpi_id: t for t in source.kpi_targets.filter(year=source_year).select_related("kpi")}
    current = {t.kpi_id: t for t in agreement.kpi_targets.filter(year=year).select_related("kpi")}
    kpis = {t.kpi_id: t.kpi for t in [*previous.values(), *current.values()]}
    target_rows = [
        TargetRow(kpi=kpi, previous=previous.get(pk), current=current.get(pk))
        for pk, kpi in sorted(kpis.items(), key=lambda item: (item[1].order, item[1].code))
    ]
    # A copied line names the new year ("Werking 2019" became "Werking 2020"): pair them on that text.
    old_lines = {
        text_for_year(line.description, source_year=source_year, year=year): line
        for line in BudgetLine.objects.filter(agreement=source, budget_year__year=source_year)
    }
    new_lines = {
        line.description: line for line in BudgetLine.objects.filter(agreement=agreement, budget_year__year=year)
    }
    line_rows = [
        LineRow(description=d, previous=old_lines.get(d), current=new_lines.get(d))
        for d in sorted(set(old_lines) | set(new_lines))
    ]
    return target_rows, line_rows


def year_confirm(
    *, agreement: Agreement, year: int, user, target_values: dict[int, Decimal], line_amounts: dict[int, Decimal]
) -> int:
    """Save the edited draft values and confirm the drafts of `year`. Returns how many rows were confirmed.

    Budget lines become commitments here, so the year's commitment authorisation is checked now;
    when it would be exceeded nothing is confirmed.
    """
    if not can_prepare_year(user, agreement):
        raise PermissionDenied
    confirmed = 0
    now = timezone.now()
    with transaction.atomic():
        for target in agreement.kpi_targets.drafts().filter(year=year).select_for_update():
            if target.pk in target_values:
                target.target_value = target_values[target.pk]
            target.status, target.confirmed_at, target.confirmed_by = TargetStatus.CONFIRMED, now, user
            target.full_clean()
            target.save()
            confirmed += 1
        for line in BudgetLine.objects.filter(agreement=agreement, budget_year__year=year, is_draft=True):
            if line.pk in line_amounts:
                line.amount = line_amounts[line.pk]
            line.is_draft = False
            line.full_clean()
            line.save()
            confirmed += 1
    return confirmed


def target_change(*, target: KPITarget, user, value: Decimal, reason: str = "") -> KPITarget:
    """Change a target's value; once its year has started only a manager may, and only with a reason."""
    if not can_change_target(user, target):
        if target.is_locked():
            raise PermissionDenied(_("This target is locked: the year has started. Only a manager can change it."))
        raise PermissionDenied
    if target.is_locked() and not reason.strip():
        raise ValidationError(_("Give a reason: the year of this target has already started."))
    target.target_value = value
    target.full_clean()
    target._change_reason = reason.strip() or None  # type: ignore[attr-defined]  # django-simple-history's way
    target.save()
    return target


def agreement_renew(
    *, agreement: Agreement, user, reference: str, start_date: datetime.date, end_date: datetime.date
) -> tuple[Agreement, PreparationSummary]:
    """A new multi-year agreement after `agreement` (e.g. 2022-2026 after 2017-2021), same partner and shares,
    with the targets and budget lines of the old period's last year as drafts of the new first year."""
    if not can_prepare_year(user, agreement):
        raise PermissionDenied
    with transaction.atomic():
        new = Agreement(
            partner=agreement.partner,
            reference=reference,
            title=text_for_period(
                agreement.title,
                source=(agreement.start_date.year, agreement.end_date.year),
                period=(start_date.year, end_date.year),
            ),
            start_date=start_date,
            end_date=end_date,
            partner_share=agreement.partner_share,
            fit_share=agreement.fit_share,
            split_reason=agreement.split_reason,
        )
        new.full_clean()
        overlap = agreement.partner.agreements.filter(start_date__lte=end_date, end_date__gte=start_date)
        if overlap.exists():
            raise ValidationError(_("This period overlaps with an existing agreement of this partner."))
        new.save()
        summary = year_prepare(
            agreement=new, year=start_date.year, user=user, source=agreement, source_year=agreement.end_date.year
        )
    return new, summary


# -- evaluating -----------------------------------------------------------------------------------


def evaluation_start(*, agreement: Agreement | None, year: int, user) -> Evaluation:
    """Start (or reopen) the evaluation of `agreement` in `year`, with a score row per targeted KPI."""
    if not can_start_evaluation(user, agreement):
        raise PermissionDenied
    with transaction.atomic():
        evaluation, _created = Evaluation.objects.get_or_create(
            agreement=agreement, year=year, defaults={"created_by": user, "date": timezone.localdate()}
        )
        if agreement is not None:
            kpis = agreement.kpi_targets.confirmed().filter(year=year).values_list("kpi_id", flat=True)
            have = set(evaluation.scores.values_list("kpi_id", flat=True))
            EvaluationScore.objects.bulk_create(
                [EvaluationScore(evaluation=evaluation, kpi_id=k) for k in kpis if k not in have]
            )
    return evaluation


@dataclass(frozen=True)
class ScoreInput:
    kpi_id: int
    score: int | None
    comment: str


@dataclass(frozen=True)
class PointInput:
    title: str
    kpi_id: int | None = None
    description: str = ""
    due_date: datetime.date | None = None


def evaluation_save(
    *,
    evaluation: Evaluation,
    user,
    version: int,
    score: int | None,
    conclusion: str,
    date: datetime.date | None,
    scores: list[ScoreInput],
    new_points: list[PointInput],
) -> Evaluation:
    """Save the account manager's draft: KPI scores, overall score, conclusion, new improvement points.

    A new point tied to a KPI must be one of the evaluation's suggestions (a KPI missed this year without a
    point yet, `point_suggestions`); other points stand on their own, without a KPI.
    """
    if not can_edit_evaluation(user, evaluation):
        raise PermissionDenied
    suggested = {target.kpi_id for target, _result in point_suggestions(evaluation)}
    if any(point.kpi_id is not None and point.kpi_id not in suggested for point in new_points):
        raise ValidationError(_("An improvement point for a KPI is only made for a KPI missed this year."))
    with transaction.atomic():
        EVALUATION_WORKFLOW.claim(evaluation, version)
        evaluation.score, evaluation.conclusion, evaluation.date = score, conclusion, date
        evaluation.full_clean()
        evaluation.save()
        existing = {s.kpi_id: s for s in evaluation.scores.all()}
        for item in scores:
            row = existing.get(item.kpi_id)
            if row is None:
                continue
            if (row.score, row.comment) != (item.score, item.comment):
                row.score, row.comment = item.score, item.comment
                row.full_clean()
                row.save()
        partner = evaluation.partner
        for point in new_points:
            created = ImprovementPoint(
                evaluation=evaluation,
                partner=partner,
                kpi_id=point.kpi_id,
                title=point.title,
                description=point.description,
                owner=user,
                due_date=point.due_date or datetime.date(evaluation.year + 1, 12, 31),
            )
            created.full_clean()
            created.save()
    return evaluation


def _evaluated_targets(evaluation: Evaluation):
    if evaluation.agreement is None:  # the programme's evaluation: no targets of its own
        return KPITarget.objects.none()
    return (
        KPITarget.objects.filter(agreement=evaluation.agreement)
        .confirmed()
        .filter(year=evaluation.year)
        .select_related("kpi", "result__report")
        .order_by("kpi__order", "kpi__code")
    )


def missed_kpis(evaluation: Evaluation) -> list[tuple[KPITarget, KPIResult]]:
    """The targets of the evaluated year whose validated result falls short (direction-aware).

    Only validated results are judged: a reported number the account manager has not checked yet is
    provisional (see `provisional_kpis`) and gets no improvement point proposed.
    """
    if evaluation.agreement_id is None:
        return []
    missed = []
    for target in _evaluated_targets(evaluation):
        result = getattr(target, "result", None)
        if result is not None and result.is_validated and result.misses_target():
            missed.append((target, result))
    return missed


def point_suggestions(evaluation: Evaluation) -> list[tuple[KPITarget, KPIResult]]:
    """The improvement points the evaluation proposes: a KPI missed this year (missed_kpis) without a point yet."""
    have = set(evaluation.improvement_points.values_list("kpi_id", flat=True))
    return [(target, result) for target, result in missed_kpis(evaluation) if target.kpi_id not in have]


def provisional_kpis(evaluation: Evaluation) -> list[tuple[KPITarget, KPIResult | None]]:
    """The targets of the evaluated year without a validated result: not reported, or not validated yet."""
    if evaluation.agreement_id is None:
        return []
    provisional = []
    for target in _evaluated_targets(evaluation):
        result = getattr(target, "result", None)
        if result is None or not result.is_validated:
            provisional.append((target, result))
    return provisional


def _notify(evaluation: Evaluation, *, step: str, recipients, by, comment: str = "") -> None:
    steps = evaluation.transitions.count()
    outbox_add(
        kind=Kind.EVALUATION,
        recipients=recipients,
        subject_key=f"evaluation:{evaluation.pk}",
        offset=f"{step}-{steps}",
        context={
            "step": step,
            "by": by.get_full_name() or by.get_username(),
            "comment": comment,
            "evaluation_id": evaluation.pk,
        },
    )


def _account_managers(evaluation: Evaluation) -> list[Recipient]:
    users = []
    if evaluation.created_by is not None:
        users.append(evaluation.created_by)
    if evaluation.agreement is not None:
        current = evaluation.agreement.partner.current_account_manager
        if current is not None:
            users.append(current.user)
    return [Recipient.of_user(u) for u in users if u.is_active and u.email]


def _partner_contacts(evaluation: Evaluation) -> list[Recipient]:
    from partners.models import Contact

    contacts = Contact.objects.active().filter(user__isnull=False)
    if evaluation.agreement is not None:
        contacts = contacts.filter(partner=evaluation.agreement.partner)
    else:
        contacts = contacts.filter(partner__is_structural=True)
    return [Recipient.of_contact(c) for c in contacts]


def evaluation_submit(*, evaluation: Evaluation, user) -> Evaluation:
    """The account manager submits the evaluation to the managers for sign-off."""
    EVALUATION_WORKFLOW.check("submit", user, evaluation)
    problems = []
    if evaluation.score is None:
        problems.append(_("an overall score"))
    if not evaluation.conclusion.strip():
        problems.append(_("a conclusion"))
    unscored = [s.kpi.code for s in evaluation.scores.select_related("kpi") if s.score is None]
    if unscored:
        problems.append(_("a score for %(codes)s") % {"codes": ", ".join(unscored)})
    if problems:
        raise ValidationError(_("Still missing before you can submit: %(what)s.") % {"what": "; ".join(problems)})
    with transaction.atomic():
        EVALUATION_WORKFLOW.take("submit", evaluation, user=user)
        evaluation.version += 1
        evaluation.save()
        _notify(evaluation, step="submitted", recipients=manager_recipients(), by=user)
    return evaluation


def evaluation_send_back(*, evaluation: Evaluation, user, comment: str) -> Evaluation:
    """A manager sends the evaluation back to the account manager with a comment."""
    EVALUATION_WORKFLOW.check("send_back", user, evaluation)
    if not comment.strip():
        raise ValidationError(_("When returning, write what needs to be changed."))
    with transaction.atomic():
        EVALUATION_WORKFLOW.take("send_back", evaluation, user=user, comment=comment)
        evaluation.version += 1
        evaluation.save()
        _notify(evaluation, step="returned", recipients=_account_managers(evaluation), by=user, comment=comment)
    return evaluation


def previous_points_without_update(evaluation: Evaluation):
    """The improvement points of last year's evaluation (same agreement, or the programme) nobody followed up."""
    previous = Evaluation.objects.filter(agreement=evaluation.agreement, year=evaluation.year - 1).first()
    if previous is None:
        return ImprovementPoint.objects.none()
    return previous.improvement_points.filter(status=ImprovementPoint.Status.OPEN, status_changed_at__isnull=True)


def evaluation_sign_off(*, evaluation: Evaluation, user, comment: str = "") -> Evaluation:
    """A manager signs the evaluation off. Not while last year's improvement points have no status update."""
    EVALUATION_WORKFLOW.check("sign_off", user, evaluation)
    pending = list(previous_points_without_update(evaluation).values_list("title", flat=True))
    if pending:
        raise ValidationError(
            _("Follow up first: these improvement points from last year do not have a status update yet: %(titles)s.")
            % {"titles": "; ".join(pending)}
        )
    with transaction.atomic():
        EVALUATION_WORKFLOW.take("sign_off", evaluation, user=user, comment=comment)
        evaluation.signed_off_at, evaluation.signed_off_by = timezone.now(), user
        evaluation.version += 1
        evaluation.save()
        _notify(evaluation, step="signed_off", recipients=_account_managers(evaluation), by=user, comment=comment)
    return evaluation


def evaluation_share(*, evaluation: Evaluation, user) -> Evaluation:
    """Share the signed-off evaluation with the partner (or, programme-wide, with all partners)."""
    EVALUATION_WORKFLOW.check("share", user, evaluation)
    with transaction.atomic():
        EVALUATION_WORKFLOW.take("share", evaluation, user=user)
        evaluation.shared_at = timezone.now()
        evaluation.version += 1
        evaluation.save()
        _notify(evaluation, step="shared", recipients=_partner_contacts(evaluation), by=user)
    return evaluation


def evaluation_respond(*, evaluation: Evaluation, user, text: str) -> Evaluation:
    """The partner answers the shared evaluation in writing."""
    if not can_respond_to_evaluation(user, evaluation):
        raise PermissionDenied
    if not text.strip():
        raise ValidationError(_("Write your response."))
    with transaction.atomic():
        evaluation.partner_response, evaluation.partner_responded_at = text.strip(), timezone.now()
        evaluation.version += 1
        evaluation.save()
        _notify(evaluation, step="response", recipients=_account_managers(evaluation), by=user)
    return evaluation
