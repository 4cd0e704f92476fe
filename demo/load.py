"""Turn the facts of `data.py` into rows: idempotently, validated, in one transaction.

Every row is found by its natural key (a partner's slug, a user's username, an agreement's reference,
(agreement, KPI, year)...) and saved only when it is new or one of its fields differs from the fact, so a
second run changes nothing and writes no history. Rows that are not (or no longer) in the facts are left
alone. Every row written passes `full_clean()` first: the demo respects the same rules (commitment and
payment ceilings, one open assignment per partner...) as the admin.
"""

import datetime
import functools
import unicodedata
import zlib
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone

from accounts.audit import record_download
from accounts.models import Role
from accounts.roles import apply_role_permissions
from announcements.models import Announcement, AnnouncementRead
from api.models import PREFIX as API_TOKEN_PREFIX
from api.models import ApiToken
from api.models import digest as api_digest
from budgets.models import BudgetLine, BudgetYear, FundingShare, Payment, Project
from conversations.models import Message, Thread, ThreadRead
from evaluations.models import (
    KPI,
    Action,
    ActionOverlap,
    CoOrganiser,
    Direction,
    Evaluation,
    ImprovementNote,
    ImprovementPoint,
    KPIReport,
    KPIResult,
    KPITarget,
    OverlapRule,
    ProgrammePublication,
    ReportStatus,
    ReportTransition,
    achievement_percentage,
)
from library.audience import Audience
from library.models import Document, DocumentVersion, Download, Folder
from notifications.models import Delivery, DigestSetting, NotificationPreference
from notifications.models import Kind as MessageKind
from partners.models import (
    AccountManager,
    AccountManagerAssignment,
    Agreement,
    AgreementYear,
    ConsultationMoment,
    Contact,
    ForeignOffice,
    ForeignRepresentative,
    Invitation,
    MinutesApproval,
    MinutesComment,
    Partner,
    PartnerMarket,
    ProfileView,
    Theme,
    Versnelling,
)
from portal.money import HUNDRED, format_euro, percentage_of, to_cents
from surveys.models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse

from . import data

DEMO_PASSWORD = "demo"  # noqa: S105 - the published password of the demo log-ins, never of a real one
CHANGE_REASON = "load_demo"
BRUSSELS = ZoneInfo("Europe/Brussels")
DEMO_EMAIL_TLD = "example"  # reserved (RFC 2606): a demo reminder can never reach a real mailbox

User = get_user_model()


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str


@dataclass
class DemoSummary:
    """What a run did (rows created and updated, per model) and what the database now holds."""

    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    totals: dict[str, str] = field(default_factory=dict)
    logins: list[DemoLogin] = field(default_factory=list)
    api_tokens: list[tuple[str, str]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def lines(self) -> list[str]:
        if self.changed:
            lines = [
                f"Demo data loaded: {sum(self.created.values())} rows created, {sum(self.updated.values())} updated."
            ]
        else:
            lines = ["Demo data already up to date: nothing changed."]
        width = max((len(label) for label in self.totals), default=0)
        lines += [f"  {label:<{width}}  {value}" for label, value in self.totals.items()]
        lines.append(f'Demo log-ins (password "{DEMO_PASSWORD}"):')
        width = max((len(login.username) for login in self.logins), default=0)
        lines += [f"  {login.username:<{width}}  {login.role}" for login in self.logins]
        if self.api_tokens:
            lines.append("Demo API tokens (Authorization: Bearer <token>; the API is described at /api/schema/):")
            lines += [f"  {username:<{width}}  {token}" for username, token in self.api_tokens]
        return lines


@transaction.atomic
def load_demo() -> DemoSummary:
    """Create or complete the demo data and the demo log-ins; a second run changes nothing.

    The log-ins get the password "demo" when they are created; an existing user keeps its password.
    """
    builder = _DemoBuilder()
    builder.build()
    return builder.summary


@transaction.atomic
def add_extra_partners(count: int) -> int:
    """Made-up partners "EXTRA partner 000", ... beside the seed's, reporting on the demo's own KPIs for
    2017-2021 (demo.world: the one world-builder). Only the missing ones are added; returns how many."""
    from .world import build_world

    have = Partner.objects.filter(slug__startswith="extra").count()
    if have >= count:
        return 0
    kpis = list(KPI.objects.order_by("order", "code")[:8])
    world = build_world(
        count - have,
        kpi_rows=kpis,
        years=tuple(range(2017, 2022)),
        budget_years=(),
        prefix=f"extra{have}" if have else "extra",
        shared_moments=False,
    )
    return len(world.partners)


def enterprise_number(slug: str) -> str:
    """A made-up but valid (modulo 97) KBO number, the same for a slug on every run."""
    base = 2_000_000 + zlib.crc32(slug.encode()) % 7_000_000
    digits = f"{base:08d}{97 - base % 97:02d}"
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


def demo_email(first_name: str, last_name: str, organisation: str) -> str:
    def part(text: str) -> str:
        ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return "".join(ch for ch in ascii_text.lower() if ch.isalnum() or ch == "-")

    return f"{part(first_name)}.{part(last_name)}@{part(organisation)}.{DEMO_EMAIL_TLD}"


def demo_pdf(title: str) -> bytes:
    """A one-page PDF that shows `title`: small, valid, and accepted by the upload check."""
    text = title.encode("latin-1", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 18 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>",
        b"<</Length " + str(len(stream)).encode() + b">>stream\n" + stream + b"\nendstream",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer<</Size {len(objects) + 1}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def demo_png(name: str) -> bytes:
    """A small valid PNG (a 16 x 16 square in a colour of the name): accepted by the upload check."""
    red, green, blue = zlib.crc32(name.encode()).to_bytes(4, "big")[:3]
    raw = b"".join(b"\x00" + bytes([red, green, blue]) * 16 for _ in range(16))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")

    header = (16).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def local(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """An aware datetime at `time` on `day` in Brussels."""
    return datetime.datetime.combine(day, time, tzinfo=BRUSSELS)


def _as_first_planned(action, *, change) -> None:
    """A new demo action as it was first planned, its history dated then (not the day the demo was loaded): at
    FIT's decision in December before its year, or on the day it was added to a published programme; an action
    moved or cancelled afterwards starts with its first dates, accepted (programme_publications changes it)."""
    action._history_date = local(datetime.date(action.year - 1, 12, 10), datetime.time(14))
    if change is None:
        return
    if change.kind == "added":
        action._history_date = local(change.on, datetime.time(9))
    elif change.kind == "moved":
        action.start_date, action.end_date = change.moved_from
    elif change.kind == "cancelled":
        action.status, action.cancellation_reason = Action.Status.ACCEPTED, ""


def _key_value(model, name: str, value):
    """A lookup value as the row holds it: a related object by its primary key."""
    if model._meta.get_field(name).is_relation and value is not None:
        return value.pk
    return value


def _differs(obj: models.Model, name: str, value) -> bool:
    model_field = obj._meta.get_field(name)
    if model_field.is_relation:
        return getattr(obj, model_field.attname) != (value.pk if value is not None else None)
    return getattr(obj, name) != value


class _DemoBuilder:
    def __init__(self) -> None:
        self.summary = DemoSummary()
        self._password_hash: str | None = None
        self._groups: dict[Role, Group] = {}
        self._index: dict[tuple, dict[tuple, list]] = {}
        self.users: dict[str, models.Model] = {}
        self.versnellingen: dict[str, Versnelling] = {}
        self.kpis: dict[str, KPI] = {}
        self.offices: dict[str, ForeignOffice] = {}
        self.representatives: dict[str, ForeignRepresentative] = {}
        self.partners: dict[str, Partner] = {}
        self.reporting_contacts: dict[str, Contact] = {}
        self.login_users: dict[str, models.Model] = {}
        self.account_manager_of: dict[str, models.Model] = {}  # partner slug -> the account manager's user
        self.agreements: dict[str, Agreement] = {}
        self.achievements_2018: dict[str, dict[str, Decimal]] = {}
        self.partner_day: ConsultationMoment | None = None
        self.brexit: Theme | None = None
        self.manager = None
        self.staff = None
        self.account_managers: dict[str, AccountManager] = {}
        self.project: Project | None = None

    # The one way rows are written.

    def upsert(self, model, lookup: dict, defaults: dict | None = None, *, m2m: dict | None = None, on_create=None):
        """Get the row by its natural key `lookup`; create it, or update the fields of `defaults` that differ.

        `m2m` sets many-to-many relations only when they differ (a change writes a history row too);
        `on_create(obj)` completes a new row before it is validated (e.g. a password).
        """
        defaults = defaults or {}
        label = model._meta.label
        fields = tuple(sorted(lookup))
        rows = self._rows(model, fields)
        key = tuple(_key_value(model, name, lookup[name]) for name in fields)
        found = rows.get(key, [])
        if len(found) > 1:
            raise model.MultipleObjectsReturned(f"{label}: more than one row for {lookup}")
        if found:
            obj, created = found[0], False
            changed = [name for name, value in defaults.items() if _differs(obj, name, value)]
            for name in changed:
                setattr(obj, name, defaults[name])
        else:
            obj = model(**lookup, **defaults)
            if on_create:
                on_create(obj)
            created, changed = True, True
        if changed:
            obj.full_clean()
            obj._change_reason = CHANGE_REASON
            obj.save()
            (self.summary.created if created else self.summary.updated)[label] += 1
            if created:
                rows[key] = [obj]
        for name, wanted in (m2m or {}).items():
            manager = getattr(obj, name)
            if set(manager.values_list("pk", flat=True)) != {related.pk for related in wanted}:
                obj._change_reason = CHANGE_REASON
                manager.set(wanted)
                if not created:
                    self.summary.updated[label] += 1
        return obj

    def _rows(self, model, fields: tuple[str, ...]) -> dict[tuple, list]:
        """The existing rows of `model` by their natural key: one query per model, not one per row."""
        if (model, fields) not in self._index:
            index: dict[tuple, list] = {}
            for obj in model._default_manager.order_by():
                key = tuple(getattr(obj, model._meta.get_field(name).attname) for name in fields)
                index.setdefault(key, []).append(obj)
            self._index[model, fields] = index
        return self._index[model, fields]

    def build(self) -> None:
        self.reference_data()
        self.fit_people()
        self.partner_organisations()
        self.partner_network()
        self.assignments()
        self.agreements_and_budget()
        self.kpi_cycle()
        self.consultation_moments()
        self.moments_to_come()
        self.evaluations()
        self.action_programme()
        self.programme_publications()
        self.joint_actions()
        self.overlap_rule()
        self.erdf_project()
        self.minutes_and_surveys()
        self.notice_preferences()
        self.library_and_announcements()
        self.conversations()
        self.api_tokens()
        self.summary.totals = self.totals()

    # The API (issue 17): the manager's reporting tool and Voka's spreadsheet each have a personal token. Their
    # secrets are known here (a demo only: a real token is random and shown once), so a newcomer can try the API:
    # curl -H "Authorization: Bearer fitp_demo-manager" http://127.0.0.1:8000/api/v1/kpi-targets/?year=2021

    DEMO_API_TOKENS = [
        ("manager", "Power BI (demo)", "fitp_demo-manager"),
        ("partner-voka", "Excel (demo)", "fitp_demo-voka"),
    ]

    def api_tokens(self) -> None:
        for username, name, secret in self.DEMO_API_TOKENS:
            user = User.objects.get(username=username)
            self.upsert(
                ApiToken,
                {"key_digest": api_digest(secret)},
                {"user": user, "name": name, "hint": secret.removeprefix(API_TOKEN_PREFIX)[:6]},
            )
        self.summary.api_tokens = [(username, secret) for username, _name, secret in self.DEMO_API_TOKENS]

    # Conversations between FIT and the partners (issue 14): Voka and UNIZO with their account manager, one with
    # Agoria, an internal note, one about Voka's 2019 KPI report, and FIT's last answer to Voka still unread.

    def conversations(self) -> None:
        tz = ZoneInfo(settings.TIME_ZONE)

        def at(month: int, day: int, hour: int) -> datetime.datetime:
            return datetime.datetime(2019, month, day, hour, 0, tzinfo=tz)

        voka_report = KPIReport.objects.filter(agreement__partner__slug="voka", year=2019).first()
        talks = [
            (
                "voka",
                "Vraag over het KPI-rapport 2019",
                {"report": voka_report},
                [
                    (
                        "partner",
                        at(10, 14, 10),
                        False,
                        "Mogen wij de deelnemers aan de handelsmissie naar India "
                        "meetellen bij KPI03, ook als ze door een andere kamer werden aangemeld?",
                    ),
                    (
                        "fit",
                        at(10, 14, 15),
                        True,
                        "Intern: navragen bij het buitenlands netwerk in Mumbai hoe "
                        "zij de deelnemers registreren, om dubbeltellingen te vermijden.",
                    ),
                    (
                        "fit",
                        at(10, 15, 9),
                        False,
                        "Ja, zolang de bedrijven door Voka begeleid werden. Voeg de "
                        "deelnemerslijst als bewijsstuk toe aan het rapport.",
                    ),
                ],
            ),
            (
                "voka",
                "Brexit-infosessie voor de leden",
                {},
                [
                    (
                        "partner",
                        at(9, 2, 11),
                        False,
                        "Wij plannen in november een infosessie over de brexit. "
                        "Kan FIT een spreker uit het kantoor in Londen voorzien?",
                    ),
                    (
                        "fit",
                        at(9, 3, 14),
                        False,
                        "Goed idee. Ik vraag het na bij onze collega's in Londen en laat het u deze week weten.",
                    ),
                    ("partner", at(9, 4, 9), False, "Dank u, wij houden 21 november vrij."),
                ],
            ),
            (
                "unizo",
                "Afstemming actieprogramma 2020",
                {},
                [
                    (
                        "fit",
                        at(11, 5, 10),
                        False,
                        "Wilt u de acties van UNIZO voor het actieprogramma 2020 "
                        "voor 1 december indienen? Dan nemen we ze mee in het overleg.",
                    ),
                    ("partner", at(11, 6, 16), False, "Zeker, we bezorgen ze tegen eind november."),
                ],
            ),
            (
                "agoria",
                "Gezamenlijke beursdeelname Hannover Messe",
                {},
                [
                    (
                        "partner",
                        at(10, 21, 13),
                        False,
                        "Agoria wil graag een gezamenlijke stand op de Hannover "
                        "Messe 2020 met FIT. Wie is het aanspreekpunt?",
                    ),
                    ("fit", at(10, 22, 10), False, "Dat ben ik. Ik stuur u volgende week een voorstel."),
                ],
            ),
        ]
        for slug, subject, about, messages in talks:
            if slug not in self.partners or slug not in self.login_users:
                continue
            partner_user, fit_user = self.login_users[slug], self.account_manager_of[slug]
            first, last = messages[0][1], messages[-1][1]
            starter = partner_user if messages[0][0] == "partner" else fit_user
            thread = self.upsert(
                Thread,
                {"partner": self.partners[slug], "subject": subject},
                {"created_by": starter, "created_at": first, "last_message_at": last, **about},
            )
            for side, when, internal, body in messages:
                author = partner_user if side == "partner" else fit_user
                self.upsert(
                    Message,
                    {"thread": thread, "created_at": when},
                    {"author": author, "body": body, "internal": internal},
                )
            # Both sides have read everything, except Voka the answer about its KPI report: one unread message.
            partner_read = messages[-2][1] if about.get("report") else last
            self.upsert(ThreadRead, {"user": partner_user, "thread": thread}, {"last_read_at": partner_read})
            self.upsert(ThreadRead, {"user": fit_user, "thread": thread}, {"last_read_at": last})

    # Users.

    def _set_demo_password(self, user) -> None:
        # Hashing is deliberately slow (PBKDF2): hash "demo" once per run, not once per log-in.
        if self._password_hash is None:
            self._password_hash = make_password(DEMO_PASSWORD)
        user.password = self._password_hash

    def group(self, role: Role) -> Group:
        if role not in self._groups:
            if not Group.objects.filter(name=role.value).exists():
                # The groups come from a migration; a flushed database (or a deleted group) gets them again.
                apply_role_permissions(django_apps)
            self._groups[role] = Group.objects.get(name=role.value)
        return self._groups[role]

    def user(self, person, *, email: str, role: Role | None, is_staff: bool = False, is_superuser: bool = False):
        user = self.upsert(
            User,
            {"username": person.username},
            {
                "first_name": person.first_name,
                "last_name": person.last_name,
                "email": email,
                "is_staff": is_staff,
                "is_superuser": is_superuser,
                "is_active": True,
            },
            m2m={"groups": [self.group(role)] if role else []},
            on_create=self._set_demo_password,
        )
        self.users[person.username] = user
        return user

    def login(self, username: str, role: str) -> None:
        self.summary.logins.append(DemoLogin(username, role))

    # The steps, in the order of their dependencies.

    def reference_data(self) -> None:
        for order, (code, name) in enumerate(data.VERSNELLINGEN, start=1):
            self.versnellingen[code] = self.upsert(Versnelling, {"code": code}, {"name": name, "order": order})
        self.brexit = self.upsert(Theme, {"name": data.BREXIT}, {"description": data.BREXIT_DESCRIPTION})
        for order, kpi in enumerate(data.KPIS, start=1):
            self.kpis[kpi.code] = self.upsert(
                KPI,
                {"code": kpi.code},
                {
                    "name": kpi.name,
                    "name_en": kpi.name_en,
                    "description": kpi.description,
                    "unit": kpi.unit,
                    "direction": Direction.HIGHER,
                    "is_volume": kpi.is_volume,
                    "order": order,
                    "is_active": True,
                },
            )
        for office in data.FOREIGN_OFFICES.values():
            self.offices[office.city] = self.upsert(ForeignOffice, {"country": office.country, "city": office.city})
            first_name, last_name = office.representative.split(" ", 1)
            self.representatives[office.city] = self.upsert(
                ForeignRepresentative,
                {"office": self.offices[office.city], "email": demo_email(first_name, last_name, "fitagency")},
                {"first_name": first_name, "last_name": last_name, "language": "nl", "is_active": True},
            )

    def fit_people(self) -> None:
        fit = "fit"
        admin = data.ADMIN
        email = demo_email(admin.first_name, admin.last_name, fit)
        self.user(admin, email=email, role=None, is_staff=True, is_superuser=True)
        self.login(admin.username, "superuser")
        self.manager = self.user(
            data.MANAGER,
            email=demo_email(data.MANAGER.first_name, data.MANAGER.last_name, fit),
            role=Role.MANAGER,
            is_staff=True,
        )
        self.login(data.MANAGER.username, "manager (dashboards, signs off evaluations)")
        self.staff = self.user(
            data.STAFF,
            email=demo_email(data.STAFF.first_name, data.STAFF.last_name, fit),
            role=Role.FIT_STAFF,
            is_staff=True,
        )
        self.login(data.STAFF.username, "FIT staff (runs the partnerships in the admin)")
        for fact in data.ACCOUNT_MANAGERS:
            user = self.user(
                fact, email=demo_email(fact.first_name, fact.last_name, fit), role=Role.ACCOUNT_MANAGER, is_staff=True
            )
            self.account_managers[fact.username] = self.upsert(
                AccountManager, {"user": user}, {"time_share": fact.time_share, "phone": "", "is_active": True}
            )
            for slug in fact.partners:
                self.account_manager_of[slug] = user
            if fact.username == "accountmanager":
                names = {partner.slug: partner.name for partner in data.STRUCTURAL_PARTNERS}
                self.login(fact.username, f"account manager of {' and '.join(names[s] for s in fact.partners)}")

    def partner_organisations(self) -> None:
        for fact in data.ALL_PARTNERS:
            partner = self.upsert(
                Partner,
                {"slug": fact.slug},
                {
                    "name": fact.name,
                    "kind": fact.kind,
                    "is_structural": fact.structural,
                    "associated_since": data.ASSOCIATED_SINCE if fact.associated else None,
                    "enterprise_number": enterprise_number(fact.slug),
                    "street": "",
                    "postal_code": fact.postal_code,
                    "city": fact.city,
                    "country": "BE",
                    "website": fact.website,
                    "description": fact.description,
                    "show_in_attendee_lists": fact.slug not in data.NOT_IN_ATTENDEE_LISTS,
                    "is_active": True,
                    "bilaterals_per_year": (
                        data.BILATERALS_PER_YEAR_EXCEPTIONS.get(fact.slug, data.BILATERALS_PER_YEAR)
                        if fact.structural
                        else 0
                    ),
                },
                m2m={
                    "versnellingen": [self.versnellingen[code] for code in fact.versnellingen],
                    "themes": [self.brexit] if fact.brexit else [],
                },
            )
            self.partners[fact.slug] = partner
            for position, person in enumerate(fact.contacts):
                email = demo_email(person.first_name, person.last_name, fact.slug)
                user = None
                if position == 0:  # the reporting contact logs in for the partner
                    username = f"partner-{fact.slug}"
                    login = data.PersonFact(username, person.first_name, person.last_name)
                    user = self.user(login, email=email, role=Role.PARTNER_USER)
                    self.login_users[fact.slug] = user
                    self.login(username, f"partner user of {fact.name} ({person.first_name} {person.last_name})")
                contact = self.upsert(
                    Contact,
                    {"partner": partner, "email": email},
                    {
                        "first_name": person.first_name,
                        "last_name": person.last_name,
                        "role": person.role,
                        "phone": "",
                        "language": person.language,
                        "is_reporting_contact": position == 0,
                        "is_active": True,
                        "user": user,
                        **self.listing(fact.slug, position),
                    },
                )
                if position == 0:
                    self.reporting_contacts[fact.slug] = contact

    @staticmethod
    def listing(slug: str, position: int) -> dict:
        """Whether a contact chose to be listed in the partner network, and since when."""
        listed = position in data.LISTED_CONTACTS.get(slug, ())
        since = data.LISTED_SINCE.replace(tzinfo=BRUSSELS) if listed else None
        return {"listed_in_directory": listed, "listed_since": since}

    def partner_network(self) -> None:
        """The profiles' countries and markets, and the profiles the partners read in 2019-2021 (issue 15)."""
        for slug, markets in data.PARTNER_MARKETS.items():
            for name in markets:
                self.upsert(PartnerMarket, {"partner": self.partners[slug], "name": name})
        for viewer, viewed, day in data.PROFILE_VIEWS:
            self.upsert(ProfileView, {"viewer": self.partners[viewer], "viewed": self.partners[viewed], "day": day})

    def assignments(self) -> None:
        for fact in data.ACCOUNT_MANAGERS:
            for slug in fact.partners:
                self.upsert(
                    AccountManagerAssignment,
                    {"partner": self.partners[slug], "start_date": data.SIGNED_ON},
                    {"account_manager": self.account_managers[fact.username], "end_date": None},
                )

    @staticmethod
    def fit_part(fact: data.PartnerFact, year: int) -> Decimal:
        """FIT's part of the budget of `year` of a partner's agreement: what FIT commits that year."""
        return to_cents(fact.commitment_2019 * data.COMMITMENT_SCALE.get(year, Decimal(1)))

    def agreements_and_budget(self) -> None:
        for fact in data.STRUCTURAL_PARTNERS:
            agreement = self.upsert(
                Agreement,
                {"reference": f"SO-2017-{fact.slug.upper()}"},
                {
                    "partner": self.partners[fact.slug],
                    "title": "Structurele samenwerkingsovereenkomst 2017-2021",
                    "start_date": data.AGREEMENT_START,
                    "end_date": data.AGREEMENT_END,
                    "signed_on": data.SIGNED_ON,
                    "partner_share": HUNDRED - data.FIT_SHARE,
                    "fit_share": data.FIT_SHARE,
                    "notes": "Ondertekend op 3 oktober 2017 in het kader van 'Vlaanderen versnelt!'.",
                },
            )
            self.agreements[fact.slug] = agreement
            for year in agreement.years:
                total = to_cents(self.fit_part(fact, year) * HUNDRED / data.FIT_SHARE)
                self.upsert(AgreementYear, {"agreement": agreement, "year": year}, {"amount": total})

        budget_years = {}
        for year, (commitment, payment) in data.BUDGET_YEARS.items():
            budget_years[year] = self.upsert(
                BudgetYear,
                {"year": year},
                {
                    "budget_article": data.BUDGET_ARTICLE,
                    "commitment_authorisation": commitment,
                    "payment_authorisation": payment,
                    "notes": "",
                },
            )
        for year, budget_year in budget_years.items():
            for fact in data.STRUCTURAL_PARTNERS:
                code = f"{year}-{fact.slug.upper()}"
                line = self.upsert(
                    BudgetLine,
                    {"budget_year": budget_year, "reference": f"VAK-{code}"},
                    {
                        "partner": self.partners[fact.slug],
                        "agreement": self.agreements[fact.slug],
                        "description": f"Cofinanciering structureel partnerschap {year} (aandeel FIT)",
                        "amount": self.fit_part(fact, year),
                    },
                )
                advance = percentage_of(line.amount, data.ADVANCE_PERCENTAGE)
                # Agreements were signed in October 2017: the first advance followed in November.
                advance_on = datetime.date(2017, 11, 15) if year == 2017 else datetime.date(year, 4, 15)
                self.upsert(
                    Payment,
                    {"line": line, "reference": f"BET-{code}-VOORSCHOT"},
                    {"date": advance_on, "amount": advance},
                )
                if year + 1 in budget_years:
                    self.upsert(
                        Payment,
                        {"line": line, "reference": f"BET-{code}-SALDO"},
                        {"date": datetime.date(year + 1, 5, 15), "amount": line.amount - advance},
                    )

    @staticmethod
    def target_value(kpi: data.KPIFact, size: Decimal, year: int) -> Decimal:
        if not kpi.is_volume:
            return Decimal(data.SATISFACTION_TARGET[year])
        value = (kpi.base_target * size * data.TARGET_GROWTH[year]).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return max(value, Decimal(1))

    @staticmethod
    def actual_value(kpi: data.KPIFact, target: Decimal, partner_index: int, kpi_index: int, year: int) -> Decimal:
        factors = data.ACHIEVEMENT_FACTORS
        factor = factors[(partner_index * 5 + kpi_index * 3 + (year - 2017) * 7) % len(factors)]
        if not kpi.is_volume:
            return min((target * factor).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), HUNDRED)
        return (target * factor).quantize(Decimal(1), rounding=ROUND_HALF_UP)

    def kpi_cycle(self) -> None:
        """Targets 2017-2020 for every agreement; reports and results 2017-2019 with their workflow."""
        deadline_month, deadline_day = settings.PORTAL["KPI_REPORT_DEADLINE"]
        for index, fact in enumerate(data.STRUCTURAL_PARTNERS):
            agreement = self.agreements[fact.slug]
            size = fact.commitment_2019 / Decimal(50000)
            targets = {}
            for year in data.TARGET_YEARS:
                for kpi in data.KPIS:
                    targets[year, kpi.code] = self.upsert(
                        KPITarget,
                        {"agreement": agreement, "kpi": self.kpis[kpi.code], "year": year},
                        {"target_value": self.target_value(kpi, size, year), "note": ""},
                    )
            partner_user = self.login_users[fact.slug]
            account_manager = self.account_manager_of[fact.slug]
            for year in data.REPORT_YEARS:
                status = ReportStatus.VALIDATED
                if year == 2019:
                    status = data.REPORT_STATUS_2019.get(fact.slug, ReportStatus.VALIDATED)
                submitted_at = local(datetime.date(year + 1, 3, 4 + index), datetime.time(10))
                decided_at = local(datetime.date(year + 1, 4, 2 + index), datetime.time(15))
                report = self.upsert(
                    KPIReport,
                    {"agreement": agreement, "year": year},
                    {
                        "status": status,
                        "deadline": datetime.date(year + 1, deadline_month, deadline_day),
                        "submitted_at": None if status == ReportStatus.DRAFT else submitted_at,
                        "submitted_by": None if status == ReportStatus.DRAFT else partner_user,
                        "validated_at": decided_at if status == ReportStatus.VALIDATED else None,
                        "validated_by": account_manager if status == ReportStatus.VALIDATED else None,
                        "review_comment": data.RETURN_COMMENT if status == ReportStatus.RETURNED else "",
                    },
                )
                achievements = {}
                for kpi_index, kpi in enumerate(data.KPIS):
                    target = targets[year, kpi.code]
                    actual = self.actual_value(kpi, target.target_value, index, kpi_index, year)
                    if status == ReportStatus.DRAFT and kpi_index >= 4:
                        actual = None  # a draft: the partner has not filled in everything yet
                    missed = actual is not None and actual < target.target_value
                    self.upsert(
                        KPIResult,
                        {"target": target},
                        {
                            "report": report,
                            "actual_value": actual,
                            "comment": "Doelstelling niet gehaald; toegelicht aan de accountmanager." if missed else "",
                        },
                    )
                    achievements[kpi.code] = achievement_percentage(target.target_value, actual, Direction.HIGHER)
                if year == 2018:
                    self.achievements_2018[fact.slug] = achievements
                self.report_transitions(report, status, partner_user, account_manager, submitted_at, decided_at)

    def report_transitions(self, report, status, partner_user, account_manager, submitted_at, decided_at) -> None:
        if status == ReportStatus.DRAFT:
            return
        steps = [(ReportStatus.DRAFT, ReportStatus.SUBMITTED, partner_user, submitted_at, "")]
        if status == ReportStatus.VALIDATED:
            steps.append((ReportStatus.SUBMITTED, ReportStatus.VALIDATED, account_manager, decided_at, ""))
        elif status == ReportStatus.RETURNED:
            returned_at = submitted_at + datetime.timedelta(days=10)
            steps.append(
                (ReportStatus.SUBMITTED, ReportStatus.RETURNED, account_manager, returned_at, data.RETURN_COMMENT)
            )
        for from_status, to_status, by, at, comment in steps:
            self.upsert(
                ReportTransition,
                {"report": report, "from_status": from_status, "to_status": to_status},
                {"by": by, "at": at, "comment": comment},
            )

    def moment(self, lookup: dict, defaults: dict, offices: list[ForeignOffice]) -> ConsultationMoment:
        """A moment that was held: published (the invitations went out) five weeks before it started.

        The invitations are written directly, not through notifications.moment_publish: they belong to
        the past, and the demo sends no mail.
        """
        defaults = {
            "location": data.FIT_ADDRESS,
            "online_url": "",
            "status": ConsultationMoment.Status.HELD,
            "published_at": defaults.get("starts_at", lookup.get("starts_at")) - datetime.timedelta(days=35),
            "partner": None,
            "organiser": self.staff,
            "foreign_representatives": "",
            "minutes_published_at": None,
            **defaults,
        }
        return self.upsert(ConsultationMoment, lookup, defaults, m2m={"foreign_offices": offices})

    def invite(self, moment, slug: str, rsvp: str, attended: bool | None, days_before: int, note: str = "") -> None:
        contact = self.reporting_contacts[slug]
        self.upsert(
            Invitation,
            {"moment": moment, "contact": contact},
            {
                "partner": self.partners[slug],
                "rsvp": rsvp,
                "rsvp_note": note,
                "responded_at": moment.starts_at - datetime.timedelta(days=days_before),
                "attended": attended,
            },
        )

    def invite_representative(self, moment, city: str, rsvp: str, attended: bool | None, days_before: int) -> None:
        representative = self.representatives[city]
        self.upsert(
            Invitation,
            {"moment": moment, "representative": representative},
            {
                "partner": None,
                "contact": None,
                "rsvp": rsvp,
                "rsvp_note": "",
                "responded_at": moment.starts_at - datetime.timedelta(days=days_before) if days_before else None,
                "attended": attended,
            },
        )

    def consultation_moments(self) -> None:
        rsvp = Invitation.Rsvp
        day = data.PARTNER_DAY_2018
        self.partner_day = self.moment(
            {"kind": ConsultationMoment.Kind.PARTNER_DAY, "title": day["title"]},
            {
                "starts_at": local(day["date"], day["start"]),
                "ends_at": local(day["date"], day["end"]),
                "agenda": day["agenda"],
                "minutes": day["minutes"],
                "minutes_published_at": local(datetime.date(2018, 9, 28), datetime.time(10)),
            },
            [],
        )
        for index, fact in enumerate(data.STRUCTURAL_PARTNERS):
            if fact.slug in data.PARTNER_DAY_DECLINED:
                answer = (rsvp.NO, False, "Andere verplichting; graag het verslag.")
            elif fact.slug in data.PARTNER_DAY_MAYBE:
                answer = (rsvp.MAYBE, True, "Afhankelijk van een buitenlandse missie.")
            else:
                answer = (rsvp.YES, fact.slug not in data.PARTNER_DAY_NO_SHOW, "")
            self.invite(self.partner_day, fact.slug, answer[0], answer[1], 10 + index % 5, answer[2])

        # From September 2018 the spearhead clusters and research centres are invited too.
        invited = [fact.slug for fact in data.ALL_PARTNERS]
        for number, fact in enumerate(data.FORMAL_MOMENTS_2019):
            offices = [self.offices[city] for city in fact.offices]
            moment = self.moment(
                {"kind": ConsultationMoment.Kind.FORMAL, "title": fact.title},
                {
                    "starts_at": local(fact.date, fact.start),
                    "ends_at": local(fact.date, fact.end),
                    "agenda": fact.agenda,
                    "minutes": fact.minutes,
                    "minutes_published_at": local(fact.date + datetime.timedelta(days=7), datetime.time(10)),
                },
                offices,
            )
            # The representatives of the foreign offices are invitees like the partners' contacts.
            for city in fact.offices:
                self.invite_representative(moment, city, rsvp.YES, True, 10)
            for index, slug in enumerate(invited):
                if (index + number) % 6 == 5:
                    self.invite(moment, slug, rsvp.NO, False, 5 + index % 7, "Verontschuldigd.")
                else:
                    self.invite(moment, slug, rsvp.YES, True, 5 + index % 7)

        for fact in data.BILATERAL_MOMENTS_2019:
            partner = self.partners[fact.partner]
            # A partner has several bilateral meetings of the same title: the start tells them apart.
            moment = self.moment(
                {
                    "kind": ConsultationMoment.Kind.BILATERAL,
                    "title": f"Bilateraal overleg met {partner.name}",
                    "starts_at": local(fact.date, fact.start),
                },
                {
                    "ends_at": local(fact.date, fact.end),
                    "location": f"{partner.name}, {partner.city}",
                    "agenda": fact.agenda,
                    "minutes": "",
                    "partner": partner,
                    "organiser": self.account_manager_of[fact.partner],
                },
                [],
            )
            self.invite(moment, fact.partner, rsvp.YES, True, 7)

    def moments_to_come(self) -> None:
        """What is still ahead, so that every demo login finds something on its to-do list: next year's
        partner day, published, with every partner invited and no answer yet; and a formal consultation
        that FIT has planned but not yet published.

        Dated from today's year, not from the 2019 facts (an upcoming moment must lie ahead); the dates move
        only once a year, so a second run on the same day changes nothing.
        """
        today = timezone.localdate()
        year = today.year + 1
        partner_day = self.moment(
            {"kind": ConsultationMoment.Kind.PARTNER_DAY, "title": f"Partnerdag {year}"},
            {
                "starts_at": local(datetime.date(year, 9, 18), datetime.time(9, 30)),
                "ends_at": local(datetime.date(year, 9, 18), datetime.time(16)),
                "agenda": "Evaluatie van het partnerschap, verbeterpunten en ideeën voor het volgende actieprogramma.",
                "minutes": "",
                "status": ConsultationMoment.Status.PLANNED,
                "published_at": local(min(datetime.date(today.year, 1, 2), today), datetime.time(10)),
            },
            [],
        )
        for fact in data.ALL_PARTNERS:
            self.upsert(
                Invitation,
                {"moment": partner_day, "contact": self.reporting_contacts[fact.slug]},
                {
                    "partner": self.partners[fact.slug],
                    "rsvp": Invitation.Rsvp.PENDING,
                    "rsvp_note": "",
                    "responded_at": None,
                    "attended": None,
                },
            )
        # A formal consultation FIT has planned but not yet published, with two foreign offices represented:
        # the invitations are written, nobody has been told yet (the staff's to-do list: publish it).
        fact = data.PLANNED_MOMENT
        moment = self.moment(
            {"kind": ConsultationMoment.Kind.FORMAL, "title": f"{fact.title} {year}"},
            {
                "status": ConsultationMoment.Status.PLANNED,
                "published_at": None,
                "starts_at": local(datetime.date(year, 3, 18), fact.start),
                "ends_at": local(datetime.date(year, 3, 18), fact.end),
                "agenda": fact.agenda,
                "minutes": "",
            },
            [self.offices[city] for city in fact.offices],
        )
        for slug in [f.slug for f in data.STRUCTURAL_PARTNERS]:
            contact = self.reporting_contacts[slug]
            self.upsert(
                Invitation,
                {"moment": moment, "contact": contact},
                {
                    "partner": self.partners[slug],
                    "rsvp": Invitation.Rsvp.PENDING,
                    "responded_at": None,
                    "attended": None,
                },
            )
        for city in fact.offices:
            self.invite_representative(moment, city, Invitation.Rsvp.PENDING, None, 0)

    def improvement_point(self, evaluation: Evaluation, fact: data.ImprovementFact) -> None:
        owner = self.users[fact.owner]
        point = self.upsert(
            ImprovementPoint,
            {"evaluation": evaluation, "title": fact.title},
            {
                "partner": self.partners[fact.partner] if fact.partner else None,
                "kpi": self.kpis[fact.kpi] if fact.kpi else None,
                "description": fact.description,
                "owner": owner,
                "due_date": fact.due_date,
                "status": fact.status,
                "status_changed_at": local(fact.status_changed_on, datetime.time(10)),
            },
        )
        # Entered the day of its evaluation, as FIT would have: not the day the demo was loaded
        # (created_at is set on creation, so it is put right afterwards, and left alone on a second run).
        entered = local(point.raised_on, datetime.time(9))
        if point.created_at != entered:
            ImprovementPoint.objects.filter(pk=point.pk).update(created_at=entered)
            point.created_at = entered
        self.upsert(
            ImprovementNote,
            {"point": point, "created_at": local(fact.note_on, datetime.time(11))},
            {"author": owner, "text": fact.note},
        )

    def evaluations(self) -> None:
        shared = Evaluation.Status.SHARED
        programme = self.upsert(
            Evaluation,
            {"agreement": None, "year": 2018},
            {
                "date": data.PARTNER_DAY_2018["date"],
                "moment": self.partner_day,
                "score": data.PROGRAMME_EVALUATION_2018["score"],
                "conclusion": data.PROGRAMME_EVALUATION_2018["conclusion"],
                "status": shared,
                "partner_response": "",
                "created_by": self.manager,
            },
        )
        for fact in data.PROGRAMME_IMPROVEMENTS_2018:
            self.improvement_point(programme, fact)

        # Each agreement's evaluation of 2018 follows from its validated KPI results.
        by_partner = {}
        for index, fact in enumerate(data.STRUCTURAL_PARTNERS):
            achievements = self.achievements_2018[fact.slug]
            missed = [code for code, value in achievements.items() if value < HUNDRED]
            score = 5 if not missed else 4 if len(missed) == 1 else 3
            conclusion = {
                5: "Uitstekend: alle KPI's van 2018 behaald of overtroffen.",
                4: "Goed: op één na alle KPI's van 2018 behaald.",
                3: "Voldoende: meerdere KPI's van 2018 niet behaald; bijsturing afgesproken met de accountmanager.",
            }[score]
            if missed:
                conclusion += f" Niet behaald: {', '.join(missed)}."
            by_partner[fact.slug] = self.upsert(
                Evaluation,
                {"agreement": self.agreements[fact.slug], "year": 2018},
                {
                    "date": datetime.date(2019, 5, 6 + index),
                    "moment": None,
                    "score": score,
                    "conclusion": conclusion,
                    "status": shared,
                    "partner_response": "Akkoord; de aandachtspunten staan in ons jaarplan 2019."
                    if index % 4 == 0
                    else "",
                    "created_by": self.account_manager_of[fact.slug],
                },
            )
        for fact in data.PARTNER_IMPROVEMENTS_2018:
            self.improvement_point(by_partner[fact.partner], fact)

        # The evaluation of 2019 that Voka's account manager is still drafting: not a result yet, so the annual
        # report counts it as "not approved yet" and shows neither its score nor its conclusion.
        draft = data.DRAFT_EVALUATION_2019
        self.upsert(
            Evaluation,
            {"agreement": self.agreements[draft["partner"]], "year": 2019},
            {
                "date": None,
                "moment": None,
                "score": draft["score"],
                "conclusion": draft["conclusion"],
                "status": Evaluation.Status.DRAFT,
                "partner_response": "",
                "created_by": self.account_manager_of[draft["partner"]],
            },
        )

    def action_programme(self) -> None:
        decided = (Action.Status.ACCEPTED, Action.Status.DECLINED, Action.Status.CANCELLED)
        changes = {(c.year, c.partner, c.title): c for c in data.PROGRAMME_CHANGES}
        for fact in [*data.ACTIONS, *data.PUBLISHED_PROGRAMME_ACTIONS]:
            # FIT's own actions are in the programme by definition; partners' proposals are decided on.
            is_decision = fact.partner is not None and fact.status in decided
            self.upsert(
                Action,
                {
                    "year": fact.year,
                    "partner": self.partners[fact.partner] if fact.partner else None,
                    "title": fact.title,
                },
                {
                    "description": "",
                    "type": fact.type,
                    "start_date": fact.start,
                    "end_date": fact.end,
                    "country": fact.country,
                    "versnelling": self.versnellingen[fact.versnelling] if fact.versnelling else None,
                    "status": fact.status,
                    "decision_reason": fact.decision_reason,
                    "decided_by": self.manager if is_decision else None,
                    "decided_at": local(datetime.date(fact.year - 1, 12, 10), datetime.time(14))
                    if is_decision
                    else None,
                    "cancellation_reason": fact.cancellation_reason,
                },
                m2m={"themes": [self.brexit] if fact.brexit else []},
                on_create=functools.partial(
                    _as_first_planned, change=changes.get((fact.year, fact.partner, fact.title))
                ),
            )

    def programme_publications(self) -> None:
        """Issue 15: FIT published the programmes 2019-2021 in January of their year; after that, one action of
        2019 was added, one moved and one cancelled, on the dates of PROGRAMME_CHANGES (the change log reads them
        from the actions' history). Later years are not published."""
        for fact in data.PUBLICATIONS:
            self.upsert(
                ProgrammePublication,
                {"year": fact.year},
                {"published_at": local(fact.on, datetime.time(10)), "published_by": self.staff, "note": fact.note},
            )
        facts = {(f.year, f.partner, f.title): f for f in data.PUBLISHED_PROGRAMME_ACTIONS + data.ACTIONS}
        for change in data.PROGRAMME_CHANGES:
            fact = facts[change.year, change.partner, change.title]
            action = Action.objects.get(
                year=change.year, partner=self.partners[change.partner] if change.partner else None, title=change.title
            )
            at = local(change.on, datetime.time(11))
            if change.kind == "moved" and (action.start_date, action.end_date) != (fact.start, fact.end):
                action.start_date, action.end_date = fact.start, fact.end
            elif change.kind == "cancelled" and action.status != Action.Status.CANCELLED:
                action.status, action.cancellation_reason = Action.Status.CANCELLED, fact.cancellation_reason
                action.cancelled_by, action.cancelled_at = self.staff, at
            else:
                continue
            action._history_date, action._change_reason = at, CHANGE_REASON
            action.full_clean()
            action.save()
            self.summary.updated[Action._meta.label] += 1

    def overlap_rule(self) -> None:
        """Issue 15: the overlap window as FIT set it in the admin (Evaluaties > Overlapregel): 30 days."""
        self.upsert(OverlapRule, {"singleton": True}, {"window_days": 30, "changed_by": self.staff})

    def joint_actions(self) -> None:
        """Issue 15: co-organisers of actions (accepted, declined and still waiting), and the overlaps of actions
        and how each ended. UNIZO's trade mission to the United Kingdom on 10/05/2019 overlapped Voka's: UNIZO
        withdrew its draft and asked to join Voka's, which Voka accepted; one joint action."""
        by_key = {(a.partner_id, a.year, a.title): a for a in Action.objects.filter(year__in=[2019, 2020, 2021])}

        def action(slug, year, title):
            return by_key[(self.partners[slug].pk if slug else None, year, title)]

        def user_of(slug):
            return self.login_users[slug] if slug else self.manager

        at = datetime.time(10)
        rows = {}
        for fact in data.CO_ORGANISERS:
            invited = fact.origin == CoOrganiser.Origin.INVITED
            asker, answerer = (fact.organiser, fact.co_organiser) if invited else (fact.co_organiser, fact.organiser)
            rows[fact] = self.upsert(
                CoOrganiser,
                {
                    "action": action(fact.organiser, fact.year, fact.title),
                    "partner": self.partners[fact.co_organiser] if fact.co_organiser else None,
                },
                {
                    "origin": fact.origin,
                    "status": fact.status,
                    "message": fact.message,
                    "asked_by": user_of(asker),
                    "asked_at": local(fact.asked, at),
                    "answered_by": user_of(answerer) if fact.answered else None,
                    "answered_at": local(fact.answered, at) if fact.answered else None,
                },
            )
        for fact in data.OVERLAPS:
            other = action(fact.other_partner, fact.year, fact.other_title)
            partner = self.partners[fact.partner] if fact.partner else None
            if fact.withdrawn:
                # A draft made by an earlier version of the demo is withdrawn now; its overlap, with the draft's
                # title, is the trace (ActionOverlap.save copies the title of an action that is still there).
                Action.objects.filter(partner=partner, year=fact.year, title=fact.title).delete()
                lookup = {"action": None, "action_title": fact.title, "other": other}
            else:
                lookup = {"action": action(fact.partner, fact.year, fact.title), "other": other}
            resolved = fact.merged_by.answered if fact.merged_by else fact.detected
            self.upsert(
                ActionOverlap,
                lookup,
                {
                    "year": fact.year,
                    "outcome": fact.outcome,
                    "reason": fact.reason,
                    "co_organiser": rows[fact.merged_by] if fact.merged_by else None,
                    "detected_at": local(fact.detected, at),
                    "resolved_by": None if fact.outcome == ActionOverlap.Outcome.OPEN else user_of(fact.partner),
                    "resolved_at": None if fact.outcome == ActionOverlap.Outcome.OPEN else local(resolved, at),
                },
            )

    def erdf_project(self) -> None:
        fact = data.ERDF_PROJECT
        project = self.upsert(
            Project,
            {"name": fact["name"]},
            {
                "code": "",
                "description": fact["description"],
                "total_cost": fact["total_cost"],
                "start_date": fact["start_date"],
                "end_date": fact["end_date"],
                "deliverables": fact["deliverables"],
            },
            m2m={"partners": [self.partners[p.slug] for p in data.STRUCTURAL_PARTNERS]},
        )
        for source, percentage in fact["shares"]:
            self.upsert(FundingShare, {"project": project, "source": source}, {"percentage": percentage})
        self.project = project

    def minutes_and_surveys(self) -> None:
        """Issue 14: FIT asked the partners to approve the minutes of the September 2019 consultation (Voka
        approved, UNIZO has remarks, the others have not answered yet, so their to-do lists show it); a
        closed survey after that consultation with several partners' answers (the 2019 satisfaction beside
        KPI07), and an open one after the June consultation that partner-voka has still to answer.

        What must still be open is dated from today's year (like moments_to_come), so a second run on the
        same day changes nothing."""
        today = timezone.localdate()
        asked = local(min(datetime.date(today.year, 1, 2), today), datetime.time(10))
        until = datetime.date(today.year + 1, 1, 31)
        moments = {m.title: m for m in ConsultationMoment.objects.filter(kind=ConsultationMoment.Kind.FORMAL)}
        moment = moments[data.MINUTES_APPROVAL_MOMENT]
        moment = self.upsert(
            ConsultationMoment,
            {"kind": moment.kind, "title": moment.title},
            {"minutes_approval_due": until, "minutes_approval_asked_at": asked},
        )
        for slug in data.MINUTES_APPROVED:
            self.upsert(
                MinutesApproval,
                {"moment": moment, "partner": self.partners[slug]},
                {
                    "decision": MinutesApproval.Decision.APPROVED,
                    "remarks": "",
                    "by": self.login_users[slug],
                    "at": asked,
                },
            )
        for slug, remarks in data.MINUTES_REMARKS.items():
            self.upsert(
                MinutesApproval,
                {"moment": moment, "partner": self.partners[slug]},
                {
                    "decision": MinutesApproval.Decision.REMARKS,
                    "remarks": remarks,
                    "by": self.login_users[slug],
                    "at": asked,
                },
            )
        for slug, body in data.MINUTES_COMMENTS.items():
            self.upsert(
                MinutesComment,
                {"moment": moment, "partner": self.partners[slug], "body": body},
                {"author": self.login_users[slug], "created_at": asked},
            )
        for fact in data.SURVEYS:
            moment = moments[fact.moment]
            opens, closes = fact.opens_on or asked.date(), fact.closes_on or until
            survey = self.upsert(
                Survey,
                {"moment": moment, "title": fact.title},
                {
                    "opens_on": opens,
                    "closes_on": closes,
                    "status": Survey.Status.CLOSED if closes < today else Survey.Status.SENT,
                    "sent_at": local(opens, datetime.time(9)),
                    "created_by": self.staff,
                },
            )
            texts = [
                ("score", "Hoe tevreden bent u over dit overlegmoment? (1 = helemaal niet, 5 = zeer)"),
                ("open", "Wat was het nuttigst?"),
                ("open", "Wat moeten we anders doen?"),
            ]
            questions = [
                self.upsert(SurveyQuestion, {"survey": survey, "order": order}, {"text": text, "kind": kind})
                for order, (kind, text) in enumerate(texts)
            ]
            for number, (slug, (score, useful, different)) in enumerate(fact.answers.items()):
                response = self.upsert(
                    SurveyResponse,
                    {"survey": survey, "partner": self.partners[slug]},
                    {"user": self.login_users[slug], "submitted_at": local(opens, datetime.time(10 + number % 6))},
                )
                for question, value in zip(questions, (score, useful, different), strict=True):
                    if value in ("", None):
                        continue
                    self.upsert(
                        SurveyAnswer,
                        {"response": response, "question": question},
                        {
                            "score": value if question.kind == "score" else None,
                            "text": "" if question.kind == "score" else value,
                        },
                    )

    def notice_preferences(self) -> None:
        """Voka's partner user reads announcements and minutes in a daily digest at 08:00 ("My notices")."""
        user = self.login_users["voka"]
        for kind in (MessageKind.ANNOUNCEMENT, MessageKind.MINUTES):
            self.upsert(NotificationPreference, {"user": user, "kind": kind}, {"delivery": Delivery.DIGEST})
        self.upsert(DigestSetting, {"user": user}, {"hour": 8})

    def library_and_announcements(self) -> None:
        """The document library (the branding toolkit of the five versnellingen, a partner day's presentation,
        Voka's signed agreement for Voka alone, a partner's own upload, some downloads) and two announcements to
        every partner, one read by Voka's user and one not, so partner-voka finds news on the home.

        The files are tiny but valid (they pass the upload check); the announcements are written as published,
        without e-mails: the demo sends no mail."""
        staff = self.staff
        # The branding toolkit is one of the ERDF project's tools: its downloads say which partner uses it.
        toolkit = self.upsert(
            Folder,
            {"name": "Branding toolkit Vlaanderen Versnelt", "year": None},
            {"topic": "branding", "project": self.project},
        )
        partner_day = self.upsert(Folder, {"name": "Partnerdag", "year": 2018}, {"topic": "partnerdag"})
        templates = self.upsert(Folder, {"name": "Sjablonen", "year": None}, {"topic": "sjablonen"})
        rows = [
            # title, folder, audience, extra, versions (file name, note)
            (
                "Huisstijlgids Vlaanderen Versnelt",
                toolkit,
                Audience.ALL,
                {},
                [("huisstijlgids.pdf", ""), ("huisstijlgids-2019.pdf", "Met de logo's van de vijf versnellingen")],
            ),
            ("Logo's van de vijf versnellingen", toolkit, Audience.ALL, {}, [("logos-versnellingen.png", "")]),
            (
                "Toolkit Food: sjablonen voor de ledencommunicatie",
                toolkit,
                Audience.VERSNELLING,
                {"versnelling": self.versnellingen["food"]},
                [("toolkit-food.pdf", "")],
            ),
            (
                "Presentaties partnerdag 18 september 2018",
                partner_day,
                Audience.GROUPS,
                {"groups": ",structural,"},
                [("partnerdag-2018.pdf", "")],
            ),
            ("Sjabloon KPI-rapportering", templates, Audience.ALL, {}, [("sjabloon-kpi-rapportering.pdf", "")]),
            (
                "Getekende samenwerkingsovereenkomst 2017-2021",
                None,
                Audience.PARTNER,
                {"partner": self.partners["voka"]},
                [("overeenkomst-voka.pdf", "")],
            ),
        ]
        documents = {}
        for title, folder, audience, extra, versions in rows:
            defaults = {
                "folder": folder,
                "audience": audience,
                "from_partner": False,
                "created_by": staff,
                "description": "",
            }
            defaults |= {"groups": "", "versnelling": None, "partner": None, **extra}
            documents[title] = self.upsert(Document, {"title": title}, defaults)
            for number, (name, note) in enumerate(versions, start=1):
                self.document_version(documents[title], number, name, note, staff)
        voka_user = self.login_users["voka"]
        own = self.upsert(
            Document,
            {"title": "Jaarplan internationaal 2019 (Voka)"},
            {
                "folder": None,
                "audience": Audience.PARTNER,
                "partner": self.partners["voka"],
                "from_partner": True,
                "created_by": voka_user,
                "description": "Ons jaarplan, ter voorbereiding van het bilateraal overleg.",
            },
        )
        self.document_version(own, 1, "jaarplan-2019.pdf", "", voka_user)
        downloads = [
            ("Huisstijlgids Vlaanderen Versnelt", "voka", 3),
            ("Huisstijlgids Vlaanderen Versnelt", "agoria", 1),
            ("Logo's van de vijf versnellingen", "voka", 1),
            ("Toolkit Food: sjablonen voor de ledencommunicatie", "fevia", 2),
            ("Getekende samenwerkingsovereenkomst 2017-2021", "voka", 1),
        ]
        for title, slug, times in downloads:
            version = documents[title].versions.order_by("-number").first()
            have = Download.objects.filter(version__document=documents[title], partner=self.partners[slug]).count()
            for _ in range(times - have):
                Download.objects.create(version=version, user=self.login_users[slug], partner=self.partners[slug])
                self.summary.created[Download._meta.label] += 1
                # And in the audit's download log (FIT's "Downloads" page), as the portal records one.
                record_download(
                    None,
                    "document",
                    obj=version,
                    name=version.original_name,
                    partner=self.partners[slug],
                    user=self.login_users[slug],
                )

        # The toolkit came with the ERDF project in 2019 (the annual report 2019 shows its use by the partners):
        # shared in September, downloaded in the autumn, not on the day the demo was loaded.
        shared_on = local(data.TOOLKIT_SHARED_ON, datetime.time(9))
        Document.objects.filter(folder=toolkit).exclude(created_at=shared_on).update(created_at=shared_on)
        DocumentVersion.objects.filter(document__folder=toolkit).exclude(uploaded_at=shared_on).update(
            uploaded_at=shared_on
        )
        downloaded_on = local(data.TOOLKIT_DOWNLOADED_ON, datetime.time(14))
        Download.objects.filter(version__document__folder=toolkit).exclude(at=downloaded_on).update(at=downloaded_on)

        # Published at the start of this month: in the past, and the same on every run of the month.
        today = timezone.localdate()
        published_at = local(today.replace(day=1), datetime.time(0, 0))
        news = [
            (
                "De branding toolkit van Vlaanderen Versnelt staat klaar",
                "Beste partners,\n\nIn de documentenbibliotheek vindt u de huisstijlgids en de logo's van de vijf "
                "versnellingen. Gebruik ze in uw communicatie naar uw leden en laat ons weten wat u nog mist.",
            ),
            (
                f"Partnerdag {today.year + 1}: noteer 18 september",
                "Beste partners,\n\nDe volgende partnerdag vindt plaats op 18 september. De uitnodiging volgt; "
                "uw ideeën voor de agenda zijn welkom bij uw accountmanager.",
            ),
        ]
        announcements = [
            self.upsert(
                Announcement,
                {"title": title},
                {
                    "body": body,
                    "audience": Audience.ALL,
                    "groups": "",
                    "versnelling": None,
                    "partner": None,
                    "published_at": published_at,
                    "published_by": staff,
                    "expires_on": None,
                    "created_by": staff,
                },
            )
            for title, body in news
        ]
        self.upsert(AnnouncementRead, {"announcement": announcements[0], "user": voka_user})
        # A draft for the structural partners, for FIT to publish (its e-mails go out then).
        self.upsert(
            Announcement,
            {"title": "Brexit: webinar voor de structurele partners"},
            {
                "body": "Beste partners,\n\nFIT organiseert een webinar over de gevolgen van de brexit voor uw leden. "
                "Datum en programma volgen.",
                "audience": Audience.GROUPS,
                "groups": ",structural,",
                "versnelling": None,
                "partner": None,
                "published_at": None,
                "published_by": None,
                "expires_on": None,
                "created_by": staff,
            },
        )

    def document_version(self, document, number: int, name: str, note: str, user) -> None:
        content = demo_png(name) if name.endswith(".png") else demo_pdf(f"{document.title} (v{number})")

        def attach(version):
            version.file = ContentFile(content, name=name)

        self.upsert(
            DocumentVersion,
            {"document": document, "number": number},
            {"original_name": name, "size": len(content), "note": note, "uploaded_by": user},
            on_create=attach,
        )

    def totals(self) -> dict[str, str]:
        """What the database holds now, for the summary (all rows, not only the demo's)."""
        partners = Partner.objects.all()
        kinds = Counter(partners.values_list("kind", flat=True))
        reports_2019 = Counter(KPIReport.objects.filter(year=2019).values_list("status", flat=True))
        budget = BudgetYear.objects.with_totals().get(year=2019)
        actions = Action.objects.all()
        parts = self.project.funding_amounts()
        funding = " + ".join(f"{share.source} {format_euro(amount)}" for share, amount in parts)
        return {
            "partners": f"{partners.count()} ({partners.structural().count()} structural, "
            f"{kinds[Partner.Kind.SPEARHEAD_CLUSTER]} spearhead clusters, "
            f"{kinds[Partner.Kind.RESEARCH_CENTRE]} research centres)",
            "contacts": f"{Contact.objects.count()} ({Contact.objects.listed().count()} listed in the partner network)",
            "account managers": f"{AccountManager.objects.count()} "
            f"({AccountManagerAssignment.objects.current().count()} current assignments)",
            "agreements": f"{Agreement.objects.count()} "
            f"({AgreementYear.objects.count()} yearly amounts, {KPITarget.objects.count()} KPI targets)",
            "KPI reports 2019": ", ".join(f"{count} {status}" for status, count in sorted(reports_2019.items())),
            "consultation moments": f"{ConsultationMoment.objects.count()} ({Invitation.objects.count()} invitations)",
            "evaluations": f"{Evaluation.objects.count()} ({ImprovementPoint.objects.count()} improvement points)",
            "actions": f"{actions.in_programme(2019).count()} in the action programme 2019, "
            f"{actions.filter(year=2020, partner__isnull=False).count()} proposals for 2020",
            "published programmes": ", ".join(str(y) for y in sorted(ProgrammePublication.objects.published_years())),
            "budget 2019": f"committed {format_euro(budget.committed)} of "
            f"{format_euro(budget.commitment_authorisation)}, paid {format_euro(budget.paid)} of "
            f"{format_euro(budget.payment_authorisation)}",
            "surveys": f"{Survey.objects.count()} ({SurveyResponse.objects.count()} responses)",
            "ERDF project": f"{self.project.name}: {format_euro(self.project.total_cost)} = {funding}",
            "documents": f"{Document.objects.count()} in {Folder.objects.count()} folders "
            f"({Download.objects.count()} downloads)",
            "announcements": f"{Announcement.objects.published().count()} published "
            f"({AnnouncementRead.objects.count()} read)",
        }
