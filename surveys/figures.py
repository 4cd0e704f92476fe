"""What the surveys' answers add up to: one survey's results, and a year's satisfaction per partner and
overall, which FIT sees beside the satisfaction KPI's reported result (never written into it)."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from evaluations.evidence import EvidenceNote
from portal.formatting import format_number, format_percent

from .choices import SCORES, QuestionKind, SurveyStatus
from .models import Survey, SurveyAnswer

# The KPI the satisfaction surveys inform (demo/data.py: KPI07 "Tevredenheidsscore").
SATISFACTION_KPI_CODE = "KPI07"
HUNDRED = Decimal(100)


@dataclass
class Satisfaction:
    """Scores 1 to 5: how many of each, their average and the share of 4 and 5 (satisfied)."""

    scores: Counter = field(default_factory=Counter)

    @property
    def count(self) -> int:
        return sum(self.scores.values())

    @property
    def average(self) -> Decimal | None:
        if not self.count:
            return None
        total = sum(score * n for score, n in self.scores.items())
        return (Decimal(total) / self.count).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def satisfied_share(self) -> Decimal | None:
        """The share of scores 4 and 5, in %."""
        if not self.count:
            return None
        satisfied = self.scores[4] + self.scores[5]
        return (Decimal(satisfied) * HUNDRED / self.count).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    def distribution(self) -> list[tuple[int, int, Decimal]]:
        """(score, count, % of the answers) for 1 to 5."""
        return [
            (s, self.scores[s], (Decimal(self.scores[s]) * HUNDRED / self.count).quantize(Decimal("0.1")))
            if self.count
            else (s, 0, Decimal(0))
            for s in SCORES
        ]


@dataclass
class YearSatisfaction:
    year: int
    overall: Satisfaction
    per_partner: dict[int, Satisfaction]
    surveys: int


def _score_answers():
    return SurveyAnswer.objects.filter(question__kind=QuestionKind.SCORE, score__isnull=False)


def satisfaction(year: int) -> YearSatisfaction:
    """The satisfaction scores of the surveys sent about the moments of `year`: per partner (by id) and
    overall. Two queries."""
    surveys = Survey.objects.in_year(year).exclude(status=SurveyStatus.DRAFT)
    rows = (
        _score_answers()
        .filter(response__survey__in=surveys)
        .values_list("response__partner_id", "score")
        .annotate(n=Count("pk"))
        .order_by()
    )
    overall, per_partner = Satisfaction(), defaultdict(Satisfaction)
    for partner_id, score, n in rows:
        overall.scores[score] += n
        per_partner[partner_id].scores[score] += n
    return YearSatisfaction(year=year, overall=overall, per_partner=dict(per_partner), surveys=surveys.count())


def _describe(figure: Satisfaction) -> str:
    return _("%(average)s / 5 on average, %(share)s scored 4 or 5") % {
        "average": format_number(figure.average),
        "share": format_percent(figure.satisfied_share),
    }


def satisfaction_evidence(partner, year: int) -> list[EvidenceNote]:
    """The satisfaction KPI's evidence on the report review page (registered in apps.py): the partner's own
    scores in FIT's surveys of the year, and all partners' together."""
    figures = satisfaction(year)
    if not figures.surveys:
        return []
    own = figures.per_partner.get(partner.pk)
    notes = []
    if own:
        notes.append(
            EvidenceNote(
                label=_("Satisfaction of %(partner)s in FIT's surveys %(year)s") % {"partner": partner, "year": year},
                value=_describe(own),
                detail=ngettext("%(count)s answer", "%(count)s answers", own.count) % {"count": own.count},
            )
        )
    else:
        notes.append(
            EvidenceNote(
                label=_("Satisfaction of %(partner)s in FIT's surveys %(year)s") % {"partner": partner, "year": year},
                value=_("no answers"),
            )
        )
    if figures.overall.count:
        notes.append(
            EvidenceNote(
                label=_("All partners, %(year)s") % {"year": year},
                value=_describe(figures.overall),
                detail=ngettext(
                    "%(count)s answer in %(surveys)s survey",
                    "%(count)s answers in %(surveys)s surveys",
                    figures.overall.count,
                )
                % {"count": figures.overall.count, "surveys": figures.surveys},
                url=reverse("surveys:staff_survey_list") + f"?year={year}",
            )
        )
    return notes


@dataclass
class OpenAnswer:
    partner: object
    text: str


@dataclass
class QuestionResults:
    question: object
    answers: list[OpenAnswer]


def survey_results(survey) -> dict:
    """A survey's summary: responses against invited partners, the score's average and distribution, and the
    open answers per question with their partner. A constant number of queries."""
    invited = survey.moment.invited_partners().count()
    responses = list(survey.responses.select_related("partner", "user").prefetch_related("answers__question"))
    score = Satisfaction()
    by_question = {q.pk: QuestionResults(q, []) for q in survey.questions.all() if q.kind == QuestionKind.OPEN}
    for response in responses:
        for answer in response.answers.all():
            if answer.question.kind == QuestionKind.SCORE and answer.score:
                score.scores[answer.score] += 1
            elif answer.question_id in by_question and answer.text:
                by_question[answer.question_id].answers.append(OpenAnswer(response.partner, answer.text))
    return {
        "invited_count": invited,
        "responses": responses,
        "response_count": len(responses),
        "response_share": (Decimal(len(responses)) * HUNDRED / invited).quantize(Decimal("0.1")) if invited else None,
        "score": score,
        "open_results": list(by_question.values()),
    }
