"""Communication between FIT and the partners in figures, per partner and year (issue 14).

The source text's first improvement point asks for "meer afstemming, communicatie en uitwisseling van
informatie tussen de partners en FIT"; these figures say what happened with it: conversations (threads,
messages each way, the median time to FIT's first answer), announcements published to the partner and
read by its users, documents FIT shared with it and its downloads, documents it shared with FIT, minutes it
was asked to approve and approved, and its answers to FIT's surveys with their average score.

Each communication app computes its own figures (conversations.figures, announcements.figures,
library.figures, surveys.figures); this module puts them side by side, for the dashboard and for the annual
report's answer to "how were the improvement points addressed". A constant number of queries per year.
"""

import statistics
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from announcements.figures import partner_figures as announcement_figures
from conversations.figures import conversation_figures, first_answer_hours
from library.figures import partner_figures as library_figures
from partners.models import Invitation, MinutesApproval, MinutesDecision, Partner
from surveys.figures import satisfaction

from ..tables import INT, NUMBER, TEXT, Column, Table
from .common import partner_url

COUNTS = (
    "threads",
    "from_partner",
    "from_fit",
    "announcements",
    "announcements_read",
    "documents_shared",
    "downloads",
    "documents_from_partner",
    "minutes_asked",
    "minutes_approved",
    "survey_answers",
)


@dataclass
class CommunicationFigures:
    """One year's communication: the table per partner and the year's totals (also for the annual report)."""

    year: int
    table: Table
    totals: dict
    median_first_answer_hours: Decimal | None
    average_score: Decimal | None
    partners_reached: int  # partners with at least one exchange of any kind

    @property
    def any(self) -> bool:
        return any(self.totals[key] for key in COUNTS)


def communication_years() -> list[int]:
    """The years with any exchange (newest first): to point to from a year without any. One query."""
    from django.db.models import CharField, Value

    from announcements.models import Announcement
    from conversations.models import Thread
    from library.models import Document
    from surveys.models import SurveyResponse

    def years(queryset, lookup):
        return (
            queryset.order_by()
            .annotate(source=Value("x", output_field=CharField()))
            .values_list(f"{lookup}__year", flat=True)
            .distinct()
        )

    union = years(Thread.objects.all(), "created_at").union(
        years(Announcement.objects.filter(published_at__isnull=False), "published_at"),
        years(Document.objects.all(), "created_at"),
        years(SurveyResponse.objects.all(), "survey__moment__starts_at"),
        years(
            Invitation.objects.filter(moment__minutes_approval_asked_at__isnull=False),
            "moment__minutes_approval_asked_at",
        ),
    )
    return sorted({year for year in union if year is not None}, reverse=True)


def _minutes(year: int) -> tuple[dict[int, int], dict[int, int]]:
    """partner id -> moments of `year` whose minutes it was asked to approve; and -> those it approved."""
    asked = dict(
        Invitation.objects.filter(moment__minutes_approval_asked_at__year=year, partner__isnull=False)
        .values("partner_id")
        .annotate(n=Count("moment", distinct=True))
        .values_list("partner_id", "n")
        .order_by()
    )
    approved = dict(
        MinutesApproval.objects.filter(moment__minutes_approval_asked_at__year=year, decision=MinutesDecision.APPROVED)
        .values("partner_id")
        .annotate(n=Count("pk"))
        .values_list("partner_id", "n")
        .order_by()
    )
    return asked, approved


def communication_figures(year: int) -> CommunicationFigures:
    partners = list(Partner.objects.filter(Q(is_active=True)).order_by(Lower("name")).only("pk", "name"))
    talks = {row["partner_id"]: row for row in conversation_figures(year)}
    news = announcement_figures(year, Partner.objects.filter(pk__in=[p.pk for p in partners]))
    library = library_figures(year, Partner.objects.filter(pk__in=[p.pk for p in partners]))
    asked, approved = _minutes(year)
    scores = satisfaction(year)
    url_of = partner_url()
    rows = []
    for partner in partners:
        talk, item, docs = talks.get(partner.pk, {}), news.get(partner.pk), library.get(partner.pk)
        score = scores.per_partner.get(partner.pk)
        row = {
            "partner": partner.name,
            "url": url_of(partner.pk),
            "threads": talk.get("threads", 0),
            "from_partner": talk.get("messages_from_partner", 0),
            "from_fit": talk.get("messages_from_fit", 0),
            "first_answer": _hours(talk.get("median_first_answer_hours")),
            "announcements": item.published if item else 0,
            "announcements_read": item.read if item else 0,
            "documents_shared": docs.shared_with if docs else 0,
            "downloads": docs.downloads if docs else 0,
            "documents_from_partner": docs.shared_by if docs else 0,
            "minutes_asked": asked.get(partner.pk, 0),
            "minutes_approved": approved.get(partner.pk, 0),
            "survey_answers": score.count if score else 0,
            "score": score.average if score else None,
        }
        rows.append(row)
    totals = {key: sum(row[key] for row in rows) for key in COUNTS}
    waits = first_answer_hours(year)
    median = _hours(statistics.median(waits)) if waits else None
    footer = {**totals, "partner": _("All partners"), "first_answer": median, "score": scores.overall.average}
    columns = [
        Column("partner", _("Partner"), TEXT, url_key="url"),
        Column("threads", _("Conversations"), INT, help=_("Conversations started in the year.")),
        Column("from_partner", _("Messages from the partner"), INT),
        Column("from_fit", _("Messages from FIT"), INT, help=_("Internal notes are not counted.")),
        Column(
            "first_answer",
            _("First answer from FIT (median, hours)"),
            NUMBER,
            help=_("From the partner's first message in a conversation to FIT's first reply."),
        ),
        Column("announcements", _("Announcements"), INT),
        Column("announcements_read", _("Announcements read"), INT),
        Column("documents_shared", _("Documents shared with the partner"), INT),
        Column("downloads", _("Downloads"), INT),
        Column("documents_from_partner", _("Documents from the partner"), INT),
        Column("minutes_asked", _("Minutes to approve"), INT),
        Column("minutes_approved", _("Minutes approved"), INT),
        Column("survey_answers", _("Survey scores"), INT),
        Column("score", _("Average score (1–5)"), NUMBER),
    ]
    table = Table(
        "communication",
        _("Communication between FIT and each partner in %(year)s") % {"year": year},
        columns,
        rows,
        footer=footer,
        default_sort="partner",
        empty_text=_("No partners."),
    )
    return CommunicationFigures(
        year=year,
        table=table,
        totals=totals,
        median_first_answer_hours=median,
        average_score=scores.overall.average,
        partners_reached=sum(1 for row in rows if any(row[key] for key in COUNTS)),
    )


def _hours(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.1"))
