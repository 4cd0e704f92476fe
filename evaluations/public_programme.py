"""The published action programme (issue 15): what anyone may read of a published year, without logging in.

Only what the programme says in public: title, organisers, dates, country, versnelling, themes and type, and
whether an action was cancelled after publication. Never a description, a decision or cancellation reason,
who proposed or decided, nor drafts, proposals or declined actions. The page, its iCalendar feed, its CSV,
XLSX, print and PDF versions all read `PublicProgramme`, so they hold the same rows and columns.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django import forms
from django.db.models import Max, OuterRef, Q, Subquery
from django.http import Http404
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from icalendar import Calendar, Event

from partners.models import Versnelling
from portal.public import filter_query, make_etag
from portal.spreadsheets import neutralise, table_workbook

from .choices import ActionStatus, ActionType
from .models import Action, ProgrammeChange, ProgrammePublication, date_span

PRODID = "-//Flanders Investment & Trade//Partnerportaal actieprogramma//NL"


def published(year: int) -> ProgrammePublication:
    """The publication of `year`; a year that is not published is not a public page (404)."""
    publication = ProgrammePublication.objects.filter(year=year).first()
    if publication is None:
        raise Http404
    return publication


class PublicProgrammeFilter(forms.Form):
    """The filters of the public programme, from the query string. A bad value is a form error shown to the
    reader; the other filters still apply."""

    versnelling = forms.ModelChoiceField(
        label=gettext_lazy("Versnelling"),
        queryset=Versnelling.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=gettext_lazy("all versnellingen"),
    )
    country = forms.ChoiceField(label=gettext_lazy("Country"), required=False)
    type = forms.ChoiceField(label=gettext_lazy("Type"), required=False)
    month = forms.TypedChoiceField(label=gettext_lazy("Month"), coerce=int, required=False, empty_value=None)

    def __init__(self, data, *, countries: list[str]):
        super().__init__(data)
        self.fields["country"].choices = [("", _("all countries")), *[(c, c) for c in countries]]
        self.fields["type"].choices = [("", _("all types")), *ActionType.choices]
        self.fields["month"].choices = [("", _("all months")), *[(n, name) for n, name in MONTHS.items()]]
        for name in self.fields:
            self.fields[name].widget.attrs["class"] = "form-select"
        self.is_valid()

    @property
    def active(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}

    def problems(self) -> list[str]:
        """One sentence per bad value, in the reader's language."""
        return [
            _("%(filter)s: “%(value)s” is not one of the choices; this filter is left out.")
            % {"filter": self.fields[name].label, "value": str(self.data.get(name, ""))[:40]}
            for name in self.errors
        ]

    def apply(self, actions: list) -> list:
        data = self.active
        shown = []
        for action in actions:
            if "versnelling" in data and action.versnelling_id != data["versnelling"].pk:
                continue
            if "country" in data and action.country.strip() != data["country"]:
                continue
            if "type" in data and action.type != data["type"]:
                continue
            if "month" in data and not _in_month(action, data["month"]):
                continue
            shown.append(action)
        return shown


def _in_month(action: Action, month: int) -> bool:
    """The action takes place (at least partly) in `month` of its year."""
    if action.start_date is None:
        return False
    end = action.end_date or action.start_date
    first = datetime.date(action.start_date.year, month, 1)
    last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    return action.start_date <= last and end >= first


@dataclass
class PublicProgramme:
    """A published year's programme as the public sees it, filtered by the query string."""

    publication: ProgrammePublication
    filters: PublicProgrammeFilter
    actions: list = field(default_factory=list)  # the filtered rows, each with `.cancelled` and `.last_modified`
    changes: list[ProgrammeChange] = field(default_factory=list)
    total: int = 0

    @property
    def year(self) -> int:
        return self.publication.year

    @classmethod
    def build(cls, publication: ProgrammePublication, query) -> "PublicProgramme":
        """The year's actions in the programme, and those cancelled after publication (marked so), in two
        queries plus the change log's one."""
        changes = publication.changes()
        cancelled = {c.action_id for c in changes if c.kind == ProgrammeChange.CANCELLED}
        changed = {}
        for change in changes:
            if change.kind in (ProgrammeChange.MOVED, ProgrammeChange.CANCELLED):
                changed[change.action_id] = changed.get(change.action_id, 0) + 1
        history = Action.history.model
        latest = history.objects.filter(id=OuterRef("pk")).order_by("-history_date").values("history_date")[:1]
        rows = list(
            Action.objects.filter(year=publication.year)
            .filter(
                Q(pk__in=Action.objects.in_programme(publication.year))
                | Q(pk__in=cancelled, status=ActionStatus.CANCELLED)
            )
            .with_organisers()
            .select_related("versnelling")
            .prefetch_related("themes")
            .annotate(last_modified=Subquery(latest))
            .order_by("start_date", "title", "pk")
        )
        for action in rows:
            action.cancelled = action.status == ActionStatus.CANCELLED
            action.sequence = changed.get(action.pk, 0)
        countries = sorted({a.country.strip() for a in rows if a.country.strip()}, key=str.casefold)
        filters = PublicProgrammeFilter(query, countries=countries)
        return cls(publication, filters, filters.apply(rows), changes, len(rows))


def _freshness(request, year: int) -> tuple[ProgrammePublication, datetime.datetime | None]:
    """The publication of `year` and the latest change to its actions' history: two queries, once a request
    (the ETag and Last-Modified both read them; a 404 for a year that is not published)."""
    cached = getattr(request, "_programme_freshness", None)
    if cached is None or cached[0].year != year:
        publication = published(year)
        latest = Action.history.filter(year=year).aggregate(latest=Max("history_date"))["latest"]
        cached = request._programme_freshness = (publication, latest)
    return cached


def publication_for(request, year: int) -> ProgrammePublication:
    """The publication of `year` as the ETag read it (no second query), or a 404."""
    return _freshness(request, year)[0]


def programme_etag(request, year: int) -> str:
    """Cheap: the publication, the latest change to the year's actions, the filters and the language."""
    publication, latest = _freshness(request, year)
    return make_etag(
        "programme", year, publication.published_at.isoformat(), publication.note, latest, filter_query(request)
    )


def programme_last_modified(request, year: int) -> datetime.datetime:
    publication, latest = _freshness(request, year)
    return max(filter(None, [publication.published_at, latest]))


def index_etag(request) -> str:
    rows = ProgrammePublication.objects.order_by("year").values_list("year", "published_at")
    return make_etag("index", *[f"{year}:{at.isoformat()}" for year, at in rows])


# The downloads: the columns of the page.


def when(action) -> str:
    return date_span(action.start_date, action.end_date) if action.start_date else ""


def _columns() -> list[str]:
    return [
        _("Title"),
        _("Organisers"),
        _("Start date"),
        _("End date"),
        _("Country"),
        _("Versnelling"),
        _("Themes"),
        _("Type"),
        _("Status"),
    ]


def _values(action) -> list:
    return [
        action.title,
        "; ".join(action.organiser_names),
        action.start_date,
        action.end_date,
        action.country,
        str(action.versnelling) if action.versnelling_id else "",
        "; ".join(str(theme) for theme in action.themes.all()),
        action.get_type_display(),
        _("cancelled") if action.cancelled else _("planned"),
    ]


def programme_csv(programme: PublicProgramme) -> bytes:
    """As the dashboards' CSV: UTF-8 with a byte order mark, semicolons, ISO dates, no live formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(header) for header in _columns()])
    for action in programme.actions:
        writer.writerow(
            [value.isoformat() if isinstance(value, datetime.date) else neutralise(value) for value in _values(action)]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def programme_xlsx(programme: PublicProgramme) -> bytes:
    rows = [[neutralise(value) if isinstance(value, str) else value for value in _values(a)] for a in programme.actions]
    return table_workbook(_columns(), rows, _("Action programme %(year)s") % {"year": programme.year})


def action_uid(action) -> str:
    return f"action-{action.pk}@partners.fitagency.be"


def programme_ics(programme: PublicProgramme) -> bytes:
    """One all-day VEVENT per dated action, with a stable UID; SEQUENCE counts its moves and cancellation
    after publication, so a subscribed calendar updates the event instead of adding a second one."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("FIT action programme %(year)s") % {"year": programme.year})
    for action in programme.actions:
        if action.start_date is None:
            continue
        modified = (action.last_modified or programme.publication.published_at).astimezone(datetime.UTC)
        event = Event()
        event.add("uid", action_uid(action))
        event.add("sequence", action.sequence)
        event.add("dtstamp", modified)
        event.add("last-modified", modified)
        event.add("dtstart", action.start_date)
        event.add("dtend", (action.end_date or action.start_date) + datetime.timedelta(days=1))
        event.add("summary", action.title)
        details = [", ".join(action.organiser_names), action.get_type_display()]
        if action.versnelling_id:
            details.append(str(action.versnelling))
        event.add("description", " · ".join(details))
        if action.country:
            event.add("location", action.country)
        event.add("transp", "TRANSPARENT")
        event.add("status", "CANCELLED" if action.cancelled else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()


def download_name(programme: PublicProgramme, extension: str) -> str:
    stem = _("action-programme")  # a file name, in the reader's language
    return f"{stem}-{programme.year}.{extension}"
