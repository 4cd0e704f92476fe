"""Partners, their people, FIT's account managers, agreements and consultation moments."""

import datetime
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.fields import PhoneNumberField
from portal.holidays import holiday_name
from portal.money import HUNDRED, percentage_of
from portal.uploads import RandomUploadTo, validate_document
from portal.validators import normalize_enterprise_number, validate_enterprise_number

from .choices import (
    DECISION_TONES,
    MOMENT_TONES,
    RSVP_TONES,
    Language,
    MinutesDecision,
    MomentKind,
    MomentStatus,
    PartnerKind,
    Rsvp,
)
from .querysets import (
    AccountManagerQuerySet,
    AgreementQuerySet,
    ConsultationMomentQuerySet,
    ContactQuerySet,
    ForeignRepresentativeQuerySet,
    InvitationQuerySet,
    MinutesApprovalQuerySet,
    MinutesCommentQuerySet,
    PartnerMarketQuerySet,
    PartnerQuerySet,
    ProfileViewQuerySet,
    bilateral_interval,
)


def _new_feed_token() -> str:
    return secrets.token_urlsafe(32)


PERCENT_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]
# Co-financing is split equally between the partner and FIT unless someone decides otherwise, with a reason.
EQUAL_SHARE = Decimal("50")


class Versnelling(models.Model):
    """One of the five acceleration sectors of "Vlaanderen versnelt!"."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("versnelling")
        verbose_name_plural = _("versnellingen")

    def __str__(self) -> str:
        return self.name


class Theme(models.Model):
    """A theme that runs through partnerships and actions, such as Brexit."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name


class Partner(models.Model):
    """An organisation FIT works with: a structural partner (17 in 2017-2021) or an associated one."""

    Kind = PartnerKind

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    is_structural = models.BooleanField(
        _("structural partner"),
        default=False,
        help_text=_("Has a structural cooperation agreement with FIT."),
    )
    associated_since = models.DateField(
        _("more closely involved since"),
        null=True,
        blank=True,
        help_text=_("For spearhead clusters and research centres: since when they have been involved."),
    )
    enterprise_number = models.CharField(
        _("enterprise number"),
        max_length=12,
        blank=True,
        validators=[validate_enterprise_number],
        help_text=_("CBE (KBO) number in the format 0123.456.789."),
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("municipality"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, default="BE", help_text=_("ISO country code, e.g. BE."))
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("What the organisation is and does: the other partners read it in the partner network."),
    )
    versnellingen = models.ManyToManyField(
        Versnelling, verbose_name=_("versnellingen"), blank=True, related_name="partners"
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="partners")
    bilaterals_per_year = models.PositiveSmallIntegerField(
        _("bilateral meetings per year"),
        default=0,
        validators=[MaxValueValidator(12)],
        help_text=_(
            "The agreed rhythm of bilateral meetings between the account manager and the partner "
            "(e.g. 4 a year); 0 when none was agreed."
        ),
    )
    show_in_attendee_lists = models.BooleanField(
        _("shown in who-comes lists"),
        default=True,
        help_text=_(
            "The other partners invited to a consultation moment see that this organisation is coming, so they "
            "can meet there."
        ),
    )
    profile_updated_at = models.DateTimeField(_("profile updated on"), null=True, blank=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[versnellingen, themes])
    objects = PartnerQuerySet.as_manager()

    class Meta:
        ordering = [Lower("name")]  # "essencia" and "imec" among the others, not after "Voka"
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise_number"],
                condition=~Q(enterprise_number=""),
                name="partner_enterprise_number_unique",
                violation_error_message=_("A partner with this enterprise number already exists."),
            ),
            models.CheckConstraint(
                condition=Q(bilaterals_per_year__lte=12),
                name="partner_bilaterals_per_year_max_12",
                violation_error_message=_("At most 12 bilateral meetings a year (one a month) can be agreed."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("admin:partners_partner_change", args=[self.pk])

    def clean_fields(self, exclude=None) -> None:
        # Accept the usual notations (BE 0417 497 106, 0417497106) and store the dotted form.
        if self.enterprise_number:
            self.enterprise_number = normalize_enterprise_number(self.enterprise_number.strip())
        self.country = (self.country or "").strip().upper()
        super().clean_fields(exclude=exclude)

    @property
    def address(self) -> str:
        return ", ".join(p for p in [self.street, f"{self.postal_code} {self.city}".strip()] if p)

    def _current_assignments(self) -> list:
        """The assignments running today: the prefetch of with_current_account_manager() when there is one."""
        assignments = getattr(self, "current_assignments", None)
        if assignments is None:
            assignments = list(self.assignments.current().select_related("account_manager__user"))
        return assignments

    def current_assignment(self):
        """The open assignment to an account manager, or None (uses a prefetch when there is one)."""
        assignments = self._current_assignments()
        return assignments[0] if assignments else None

    def is_looked_after_by(self, account_manager) -> bool:
        """`account_manager` is a current account manager of this partner (also during a hand-over)."""
        return any(a.account_manager_id == account_manager.pk for a in self._current_assignments())

    @property
    def current_account_manager(self):
        assignment = self.current_assignment()
        return assignment.account_manager if assignment else None

    @property
    def bilateral_interval(self) -> datetime.timedelta | None:
        """The time between two bilateral meetings in the agreed rhythm (four a year: 91 days), or None."""
        return bilateral_interval(self.bilaterals_per_year)

    def next_bilateral_due(self, now: datetime.datetime | None = None) -> datetime.date | None:
        """The date by which the next bilateral meeting is due in the agreed rhythm: one interval after the last
        one that took place (today when none took place yet). None without a rhythm, or while one is planned."""
        if not self.bilaterals_per_year:
            return None
        now = now or timezone.now()
        moments = self.bilateral_moments.filter(kind=MomentKind.BILATERAL).exclude(status=MomentStatus.CANCELLED)
        if moments.filter(status=MomentStatus.PLANNED, ends_at__gte=now).exists():
            return None
        last = moments.filter(starts_at__lt=now).order_by("-starts_at").values_list("starts_at", flat=True).first()
        if last is None:
            return timezone.localdate(now)
        return timezone.localdate(last + self.bilateral_interval)


class Contact(models.Model):
    """A person at a partner organisation; with a log-in, they use the partner portal."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("partner"))
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("surname"), max_length=100)
    role = models.CharField(_("job title"), max_length=150, blank=True)
    email = models.EmailField(_("email address"))
    phone = PhoneNumberField(_("telephone"), blank=True)
    language = models.CharField(_("preferred language"), max_length=2, choices=Language.choices, default=Language.NL)
    is_reporting_contact = models.BooleanField(
        _("reports KPIs"), default=False, help_text=_("Receives the reminders for KPI reporting.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    listed_in_directory = models.BooleanField(
        _("listed in the partner network"),
        default=False,
        help_text=_(
            "The other partners see this contact's name, job title and e-mail address in the partner network. "
            "Only with the contact's consent; it can be withdrawn at any time."
        ),
    )
    listed_since = models.DateTimeField(_("listed since"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contact",
        verbose_name=_("login"),
        help_text=_("The user account this contact uses to log in to the partner portal."),
    )

    history = HistoricalRecords()
    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = [Lower("partner__name"), "last_name", "first_name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "email"],
                name="contact_email_unique_per_partner",
                violation_error_message=_("This partner already has a contact with this email address."),
            ),
            # The consent to be listed carries the moment it was given; withdrawn, it carries none.
            models.CheckConstraint(
                condition=Q(listed_in_directory=True, listed_since__isnull=False)
                | Q(listed_in_directory=False, listed_since__isnull=True),
                name="contact_listed_since_with_consent",
                violation_error_message=_("A contact listed in the partner network has the date of their consent."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return str(self)


class AccountManager(models.Model):
    """An FIT staff member who looks after one or more partners for part of their working time."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="account_manager", verbose_name=_("user")
    )
    time_share = models.DecimalField(
        _("share of working time (%)"),
        max_digits=5,
        decimal_places=2,
        validators=PERCENT_VALIDATORS,
        help_text=_("Share of working time spent on the structural partners."),
    )
    phone = PhoneNumberField(_("telephone"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = AccountManagerQuerySet.as_manager()

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        verbose_name = _("account manager")
        verbose_name_plural = _("account managers")
        constraints = [
            models.CheckConstraint(
                condition=Q(time_share__gte=0) & Q(time_share__lte=100),
                name="account_manager_time_share_0_100",
                violation_error_message=_("The share of working time must be between 0 and 100 %."),
            ),
        ]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.username

    @property
    def email(self) -> str:
        return self.user.email

    def current_partners(self):
        return Partner.objects.filter(assignments__in=self.assignments.current())


class AssignmentQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None):
        """Assignments running on `on` (default: today)."""
        on = on or timezone.localdate()
        return self.filter(start_date__lte=on).filter(Q(end_date__isnull=True) | Q(end_date__gte=on))


class AccountManagerAssignment(models.Model):
    """Who looked after a partner when: the history of a partner's account managers."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("partner")
    )
    account_manager = models.ForeignKey(
        AccountManager, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("account manager")
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until (inclusive)"), null=True, blank=True)

    history = HistoricalRecords()
    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = [Lower("partner__name"), "-start_date"]
        verbose_name = _("account manager assignment")
        verbose_name_plural = _("account manager assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="assignment_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.UniqueConstraint(
                fields=["partner"],
                condition=Q(end_date__isnull=True),
                name="assignment_one_open_per_partner",
                violation_error_message=_("This partner already has a current assignment; end it first."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} → {self.account_manager}"

    def clean(self) -> None:
        if not (self.partner_id and self.start_date):
            return
        if self.end_date and self.end_date < self.start_date:
            return  # the check constraint reports it
        overlapping = AccountManagerAssignment.objects.filter(partner_id=self.partner_id).exclude(pk=self.pk)
        overlapping = overlapping.filter(Q(end_date__isnull=True) | Q(end_date__gte=self.start_date))
        if self.end_date:
            overlapping = overlapping.filter(start_date__lte=self.end_date)
        if overlapping.exists():
            raise ValidationError(
                _(
                    "This period overlaps with another assignment for the same partner: a "
                    "partner has one account manager at a time."
                )
            )


class Agreement(models.Model):
    """A cooperation agreement (samenwerkingsovereenkomst) of a partner with FIT, co-financed."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("partner"))
    reference = models.CharField(_("reference"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    partner_share = models.DecimalField(
        _("partner share (%)"), max_digits=5, decimal_places=2, default=Decimal("50"), validators=PERCENT_VALIDATORS
    )
    fit_share = models.DecimalField(
        _("FIT share (%)"), max_digits=5, decimal_places=2, default=Decimal("50"), validators=PERCENT_VALIDATORS
    )
    split_reason = models.TextField(
        _("reason for a split other than 50/50"),
        blank=True,
        help_text=_("Co-financing is split equally; a different split needs the decision behind it."),
    )
    document = models.FileField(
        _("document"),
        upload_to=RandomUploadTo("agreements"),
        blank=True,
        validators=[validate_document],
        help_text=_("The signed agreement (PDF, DOCX; max. 10 MB)."),
    )
    document_name = models.CharField(_("original file name"), max_length=255, blank=True, editable=False)
    notes = models.TextField(_("remarks"), blank=True)

    history = HistoricalRecords()
    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = [Lower("partner__name"), "-start_date"]
        verbose_name = _("cooperation agreement")
        verbose_name_plural = _("cooperation agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")),
                name="agreement_end_after_start",
                violation_error_message=_("The end date must be after the start date."),
            ),
            models.CheckConstraint(
                condition=Q(partner_share__gte=0)
                & Q(fit_share__gte=0)
                & Q(partner_share__lte=100)
                & Q(fit_share__lte=100),
                name="agreement_shares_0_100",
                violation_error_message=_("A share must be between 0 and 100 %."),
            ),
            models.CheckConstraint(
                condition=Q(partner_share=HUNDRED - F("fit_share")),
                name="agreement_shares_sum_100",
                violation_error_message=_("The partner's share and FIT's share must add up to 100 %."),
            ),
            models.CheckConstraint(
                condition=Q(partner_share=EQUAL_SHARE, fit_share=EQUAL_SHARE) | ~Q(split_reason=""),
                name="agreement_split_has_reason",
                violation_error_message=_("A split other than 50/50 needs a reason."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} {self.start_date.year}-{self.end_date.year}"

    def clean(self) -> None:
        shares = (self.partner_share, self.fit_share)
        if None in shares:
            return
        if sum(shares) != HUNDRED:
            raise ValidationError({"fit_share": _("The partner's share and FIT's share must add up to 100 %.")})
        self.split_reason = self.split_reason.strip()
        if not self.is_equal_split and not self.split_reason:
            raise ValidationError(
                {
                    "split_reason": _(
                        "Co-financing is split 50/50; state the reason for a split of %(partner)s %% (partner) "
                        "and %(fit)s %% (FIT)."
                    )
                    % {"partner": f"{self.partner_share.normalize():f}", "fit": f"{self.fit_share.normalize():f}"}
                }
            )

    @property
    def is_equal_split(self) -> bool:
        return self.partner_share == EQUAL_SHARE and self.fit_share == EQUAL_SHARE

    @property
    def years(self) -> range:
        return range(self.start_date.year, self.end_date.year + 1)

    def is_active_on(self, day: datetime.date) -> bool:
        return self.start_date <= day <= self.end_date

    def covers_year(self, year: int) -> bool:
        return self.start_date.year <= year <= self.end_date.year


class AgreementYear(models.Model):
    """The agreed budget of one year of an agreement, shared between partner and FIT."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="year_amounts", verbose_name=_("agreement")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(
        _("total annual budget (€)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Total cost of the annual programme; FIT and the partner each bear their share."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "year"]
        verbose_name = _("annual amount")
        verbose_name_plural = _("annual amounts")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "year"],
                name="agreement_year_unique",
                violation_error_message=_("An amount for this year already exists in this agreement."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="agreement_year_amount_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} – {self.year}"

    def clean(self) -> None:
        if self.agreement_id and self.year and not self.agreement.covers_year(self.year):
            raise ValidationError({"year": _("This year falls outside the term of the agreement.")})

    @property
    def fit_amount(self) -> Decimal:
        return percentage_of(self.amount, self.agreement.fit_share)

    @property
    def partner_amount(self) -> Decimal:
        return self.amount - self.fit_amount


class ForeignOffice(models.Model):
    """An office of FIT's foreign network (buitenlands netwerk)."""

    city = models.CharField(_("city"), max_length=100)
    country = models.CharField(_("country"), max_length=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["country", "city"]
        verbose_name = _("foreign network office")
        verbose_name_plural = _("foreign network offices")
        constraints = [models.UniqueConstraint(fields=["country", "city"], name="foreign_office_unique")]

    def __str__(self) -> str:
        return f"{self.city} ({self.country})"


class ForeignRepresentative(models.Model):
    """A person of one of FIT's foreign offices who joins consultation moments: invited like a partner contact
    (the invitation and its .ics by e-mail), without a log-in."""

    office = models.ForeignKey(
        ForeignOffice, on_delete=models.CASCADE, related_name="representatives", verbose_name=_("office")
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("surname"), max_length=100)
    email = models.EmailField(_("email address"))
    language = models.CharField(_("preferred language"), max_length=2, choices=Language.choices, default=Language.NL)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = ForeignRepresentativeQuerySet.as_manager()

    class Meta:
        ordering = ["office__country", "office__city", "last_name", "first_name"]
        verbose_name = _("foreign network representative")
        verbose_name_plural = _("foreign network representatives")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "email"],
                name="foreign_representative_email_unique_per_office",
                violation_error_message=_("This office already has a representative with this email address."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} (FIT {self.office.city})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


def holiday_warning(day: datetime.date) -> str | None:
    """A warning when `day` is a Belgian public holiday or 11 July (Flemish holiday)."""
    name = holiday_name(day)
    if name is None:
        return None
    return _("Note: %(date)s is a public holiday (%(name)s); Flemish public services are closed that day.") % {
        "date": day.strftime("%d/%m/%Y"),
        "name": name,
    }


def planning_warning(day: datetime.date) -> str | None:
    """What to warn about when a moment is planned on `day`: a public holiday, or a weekend."""
    warning = holiday_warning(day)
    if warning is None and day.weekday() >= 5:
        warning = _("Note: %(date)s is a %(weekday)s; few partners will be able to attend.") % {
            "date": day.strftime("%d/%m/%Y"),
            "weekday": _("Saturday") if day.weekday() == 5 else _("Sunday"),
        }
    return warning


class ConsultationMoment(models.Model):
    """A partner day, formal consultation (overleg), bilateral meeting or other moment with partners."""

    Kind = MomentKind

    Status = MomentStatus
    status_tones = MOMENT_TONES

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"))
    location = models.CharField(_("location"), max_length=255, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_published_at = models.DateTimeField(_("minutes published on"), null=True, blank=True)
    minutes_approval_due = models.DateField(
        _("minutes to approve by"),
        null=True,
        blank=True,
        help_text=_("FIT asked the invited partners to approve the minutes by this date (inclusive)."),
    )
    minutes_approval_asked_at = models.DateTimeField(_("approval asked on"), null=True, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    published_at = models.DateTimeField(
        _("published on"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("On publication, the invitees receive their invitation; the reminders follow after that."),
    )
    sequence = models.PositiveIntegerField(
        _("version (iCalendar)"),
        default=0,
        editable=False,
        help_text=_("Increases with every change of time or place, so that calendars update the invitation."),
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bilateral_moments",
        verbose_name=_("partner (bilateral)"),
        help_text=_("Only for a bilateral meeting: the partner the meeting is with."),
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organised_moments",
        verbose_name=_("organiser"),
    )
    foreign_offices = models.ManyToManyField(
        ForeignOffice,
        blank=True,
        related_name="moments",
        verbose_name=_("foreign network"),
        help_text=_("The foreign network offices that are represented."),
    )
    # Before the representatives were invitees, their names were typed here; kept as a note for other
    # participants of the foreign network who are not invited by e-mail.
    foreign_representatives = models.TextField(
        _("other foreign network participants"),
        blank=True,
        help_text=_(
            "Only for participants who are not invited by e-mail, one per line; the representatives of the "
            "offices above are invited with their own invitation."
        ),
    )

    history = HistoricalRecords(m2m_fields=[foreign_offices])
    objects = ConsultationMomentQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("consultation moment")
        verbose_name_plural = _("consultation moments")
        indexes = [models.Index(fields=["status", "starts_at"], name="moment_status_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="moment_end_after_start",
                violation_error_message=_("The end must be after the start."),
            ),
            models.CheckConstraint(
                condition=Q(kind="bilateral", partner__isnull=False) | ~Q(kind="bilateral"),
                name="moment_bilateral_has_partner",
                violation_error_message=_("A bilateral meeting must have a partner."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.starts_at):%d/%m/%Y})"

    def clean(self) -> None:
        if self.kind == self.Kind.BILATERAL and not self.partner_id:
            raise ValidationError({"partner": _("A bilateral meeting must have a partner.")})
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The end must be after the start.")})

    @property
    def local_start(self) -> datetime.datetime:
        return timezone.localtime(self.starts_at)

    @property
    def holiday_warning(self) -> str | None:
        """A warning when the moment falls on a Belgian public holiday or 11 July (Flemish holiday)."""
        if not self.starts_at:
            return None
        return holiday_warning(timezone.localtime(self.starts_at).date())

    @property
    def planning_warning(self) -> str | None:
        """The holiday warning, or a warning when the moment falls on a Saturday or Sunday."""
        if not self.starts_at:
            return None
        return planning_warning(timezone.localtime(self.starts_at).date())

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def is_upcoming(self) -> bool:
        return self.status == self.Status.PLANNED and self.ends_at >= timezone.now()

    def invited_partners(self):
        """The partners invited to this moment (through a contact), and the partner of a bilateral meeting."""
        invited = Invitation.objects.filter(moment=self, partner__isnull=False).values("partner_id")
        return Partner.objects.filter(Q(pk__in=invited) | Q(bilateral_moments=self)).distinct()

    def approval_open(self, today: datetime.date | None = None) -> bool:
        """The invited partners may approve the minutes, or change their answer: published minutes, an
        approval asked, until the due date (inclusive, Brussels)."""
        today = today or timezone.localdate()
        return (
            self.minutes_published_at is not None
            and self.minutes_approval_due is not None
            and today <= self.minutes_approval_due
        )


class Invitation(models.Model):
    """An invitee of a consultation moment, with their answer and attendance: a contact of a partner, or a
    representative of one of FIT's foreign offices (exactly one of the two)."""

    Rsvp = Rsvp
    rsvp_tones = RSVP_TONES

    moment = models.ForeignKey(
        ConsultationMoment, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("consultation moment")
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("partner"),
        editable=False,
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="invitations", verbose_name=_("contact")
    )
    representative = models.ForeignKey(
        ForeignRepresentative,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("foreign network representative"),
    )
    rsvp = models.CharField(_("reply"), max_length=10, choices=Rsvp.choices, default=Rsvp.PENDING)
    rsvp_note = models.CharField(_("comment on reply"), max_length=500, blank=True)
    responded_at = models.DateTimeField(_("replied on"), null=True, blank=True)
    attended = models.BooleanField(_("present"), null=True, blank=True)

    history = HistoricalRecords()
    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["moment", Lower("partner__name"), "contact__last_name", "representative__last_name"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["moment", "contact"],
                name="invitation_unique_contact",
                violation_error_message=_("This contact has already been invited to this consultation moment."),
            ),
            models.UniqueConstraint(
                fields=["moment", "representative"],
                name="invitation_unique_representative",
                violation_error_message=_("This representative has already been invited to this consultation moment."),
            ),
            models.CheckConstraint(
                condition=Q(contact__isnull=False, representative__isnull=True)
                | Q(contact__isnull=True, representative__isnull=False),
                name="invitation_one_invitee",
                violation_error_message=_(
                    "An invitation is for either a partner contact or a foreign network representative."
                ),
            ),
        ]
        indexes = [models.Index(fields=["partner", "moment"], name="invitation_partner_moment")]

    def __str__(self) -> str:
        return f"{self.invitee} – {self.moment}"

    def save(self, *args, **kwargs):
        # The partner always follows the contact; keeping it on the row makes scoping queries cheap.
        if self.contact_id:
            self.partner_id = Contact.objects.values_list("partner_id", flat=True).get(pk=self.contact_id)
        else:
            self.partner_id = None
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if bool(self.contact_id) == bool(self.representative_id):
            raise ValidationError(
                _("An invitation is for either a partner contact or a foreign network representative.")
            )

    @property
    def invitee(self):
        """The person invited: the contact or the representative (both have full_name, email and language)."""
        return self.contact if self.contact_id else self.representative


class CalendarFeed(models.Model):
    """A personal, secret calendar feed URL of a partner user's moments; revocable."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds", verbose_name=_("user")
    )
    token = models.CharField(_("key"), max_length=64, unique=True, default=_new_feed_token, editable=False)
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calendar subscription")
        verbose_name_plural = _("calendar subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(revoked_at__isnull=True), name="calendar_feed_one_active_per_user"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%d/%m/%Y})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class MinutesComment(models.Model):
    """A remark of an invited partner on a moment's published minutes.

    Visible to FIT and to the partner who wrote it only, not to the other invited partners: a remark may
    concern the partner's own position or a competitor, and nothing in the partnership says the partners
    read each other's remarks (the minutes themselves are what they share). FIT brings what matters to all
    into the minutes.
    """

    moment = models.ForeignKey(
        ConsultationMoment,
        on_delete=models.CASCADE,
        related_name="minutes_comments",
        verbose_name=_("consultation moment"),
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="minutes_comments", verbose_name=_("partner")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    body = models.TextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField(_("created on"), default=timezone.now)

    objects = MinutesCommentQuerySet.as_manager()

    class Meta:
        ordering = ["moment", "created_at", "pk"]
        verbose_name = _("comment on the minutes")
        verbose_name_plural = _("comments on the minutes")

    def __str__(self) -> str:
        return f"{self.partner} – {self.moment}"


class MinutesApproval(models.Model):
    """An invited partner's answer to FIT's request to approve a moment's minutes: approved, or remarks
    (then with the remarks). One per partner and moment; it can be changed until the due date."""

    Decision = MinutesDecision
    decision_tones = DECISION_TONES

    moment = models.ForeignKey(
        ConsultationMoment,
        on_delete=models.CASCADE,
        related_name="minutes_approvals",
        verbose_name=_("consultation moment"),
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="minutes_approvals", verbose_name=_("partner")
    )
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices)
    remarks = models.TextField(_("remarks"), blank=True, max_length=5000)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    history = HistoricalRecords()
    objects = MinutesApprovalQuerySet.as_manager()

    class Meta:
        ordering = ["moment", "partner__name"]
        verbose_name = _("approval of the minutes")
        verbose_name_plural = _("approvals of the minutes")
        constraints = [
            models.UniqueConstraint(
                fields=["moment", "partner"],
                name="minutes_approval_once_per_partner",
                violation_error_message=_("This partner has already answered for these minutes."),
            ),
            models.CheckConstraint(
                condition=Q(decision="approved") | ~Q(remarks=""),
                name="minutes_approval_remarks_required",
                violation_error_message=_("Write your remarks on the minutes."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} – {self.moment}: {self.get_decision_display()}"

    def clean(self) -> None:
        if self.decision == self.Decision.REMARKS and not self.remarks.strip():
            raise ValidationError({"remarks": _("Write your remarks on the minutes.")})


class PartnerMarket(models.Model):
    """A country or market a partner works on, as its profile in the partner network names it ("Verenigd
    Koninkrijk", "ASEAN"): written like the countries of the action programme's actions, in Dutch."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="markets", verbose_name=_("partner"))
    name = models.CharField(_("country or market"), max_length=100)

    objects = PartnerMarketQuerySet.as_manager()

    class Meta:
        ordering = [Lower("name")]
        verbose_name = _("country or market")
        verbose_name_plural = _("countries and markets")
        constraints = [
            models.UniqueConstraint(
                "partner",
                Lower("name"),
                name="partner_market_unique",
                violation_error_message=_("This country or market is already on the profile."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProfileView(models.Model):
    """A partner read another partner's profile in the partner network: the directory's use, counted once per
    reading partner, profile and day (FIT's own reading and a partner's look at its own profile do not count)."""

    viewer = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="profile_views_made", verbose_name=_("read by")
    )
    viewed = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="profile_views", verbose_name=_("profile of")
    )
    day = models.DateField(_("day"))

    objects = ProfileViewQuerySet.as_manager()

    class Meta:
        ordering = ["-day", "pk"]
        verbose_name = _("profile view")
        verbose_name_plural = _("profile views")
        constraints = [
            models.UniqueConstraint(fields=["viewer", "viewed", "day"], name="profile_view_once_a_day"),
            models.CheckConstraint(
                condition=~Q(viewer=F("viewed")),
                name="profile_view_not_own",
                violation_error_message=_("A partner's look at its own profile is not counted."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.viewer} → {self.viewed} ({self.day:%d/%m/%Y})"
