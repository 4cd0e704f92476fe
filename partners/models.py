"""Partners, their people, FIT's account managers, agreements and consultation moments."""

import datetime
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.holidays import holiday_name
from portal.money import HUNDRED, percentage_of
from portal.uploads import RandomUploadTo, validate_document
from portal.validators import normalize_enterprise_number, validate_enterprise_number

from .querysets import (
    AccountManagerQuerySet,
    AgreementQuerySet,
    ConsultationMomentQuerySet,
    ContactQuerySet,
    InvitationQuerySet,
    PartnerQuerySet,
)


def _new_feed_token() -> str:
    return secrets.token_urlsafe(32)


PERCENT_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class Language(models.TextChoices):
    NL = "nl", _("Nederlands")
    EN = "en", _("Engels")


class Versnelling(models.Model):
    """One of the five acceleration sectors of "Vlaanderen versnelt!"."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("versnelling")
        verbose_name_plural = _("versnellingen")

    def __str__(self) -> str:
        return self.name


class Theme(models.Model):
    """A theme that runs through partnerships and actions, such as Brexit."""

    name = models.CharField(_("naam"), max_length=100, unique=True)
    description = models.TextField(_("omschrijving"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")

    def __str__(self) -> str:
        return self.name


class Partner(models.Model):
    """An organisation FIT works with: a structural partner (17 in 2017-2021) or an associated one."""

    class Kind(models.TextChoices):
        EMPLOYERS = "employers", _("werkgeversorganisatie")
        CHAMBER = "chamber", _("kamer van koophandel")
        FEDERATION = "federation", _("sectorfederatie")
        CLUSTER = "cluster", _("cluster")
        SPEARHEAD_CLUSTER = "spearhead", _("speerpuntcluster")
        RESEARCH_CENTRE = "research", _("strategisch onderzoekscentrum")
        OTHER = "other", _("andere")

    name = models.CharField(_("naam"), max_length=200, unique=True)
    slug = models.SlugField(_("korte naam"), max_length=60, unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    is_structural = models.BooleanField(
        _("structurele partner"),
        default=False,
        help_text=_("Heeft een structurele samenwerkingsovereenkomst met FIT."),
    )
    associated_since = models.DateField(
        _("nauwer betrokken sinds"),
        null=True,
        blank=True,
        help_text=_("Voor speerpuntclusters en onderzoekscentra: sinds wanneer ze betrokken zijn."),
    )
    enterprise_number = models.CharField(
        _("ondernemingsnummer"),
        max_length=12,
        blank=True,
        validators=[validate_enterprise_number],
        help_text=_("KBO-nummer in de vorm 0123.456.789."),
    )
    street = models.CharField(_("straat en nummer"), max_length=200, blank=True)
    postal_code = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("gemeente"), max_length=100, blank=True)
    country = models.CharField(_("land"), max_length=2, default="BE", help_text=_("ISO-landcode, bv. BE."))
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("omschrijving"), blank=True)
    versnellingen = models.ManyToManyField(
        Versnelling, verbose_name=_("versnellingen"), blank=True, related_name="partners"
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("thema's"), blank=True, related_name="partners")
    is_active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[versnellingen, themes])
    objects = PartnerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise_number"],
                condition=~Q(enterprise_number=""),
                name="partner_enterprise_number_unique",
                violation_error_message=_("Er bestaat al een partner met dit ondernemingsnummer."),
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

    def current_assignment(self):
        """The open assignment to an account manager, or None (uses a prefetch when there is one)."""
        assignments = getattr(self, "current_assignments", None)
        if assignments is None:
            assignments = list(self.assignments.current().select_related("account_manager__user"))
        return assignments[0] if assignments else None

    @property
    def current_account_manager(self):
        assignment = self.current_assignment()
        return assignment.account_manager if assignment else None


class Contact(models.Model):
    """A person at a partner organisation; with a log-in, they use the partner portal."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("partner"))
    first_name = models.CharField(_("voornaam"), max_length=100)
    last_name = models.CharField(_("familienaam"), max_length=100)
    role = models.CharField(_("functie"), max_length=150, blank=True)
    email = models.EmailField(_("e-mailadres"))
    phone = models.CharField(_("telefoon"), max_length=40, blank=True)
    language = models.CharField(_("voorkeurtaal"), max_length=2, choices=Language.choices, default=Language.NL)
    is_reporting_contact = models.BooleanField(
        _("rapporteert KPI's"), default=False, help_text=_("Krijgt de herinneringen voor de KPI-rapportering.")
    )
    is_active = models.BooleanField(_("actief"), default=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contact",
        verbose_name=_("login"),
        help_text=_("De gebruiker waarmee dit contact inlogt op het partnerportaal."),
    )

    history = HistoricalRecords()
    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["partner__name", "last_name", "first_name"]
        verbose_name = _("contactpersoon")
        verbose_name_plural = _("contactpersonen")
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "email"],
                name="contact_email_unique_per_partner",
                violation_error_message=_("Deze partner heeft al een contactpersoon met dit e-mailadres."),
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
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="account_manager", verbose_name=_("gebruiker")
    )
    time_share = models.DecimalField(
        _("aandeel werktijd (%)"),
        max_digits=5,
        decimal_places=2,
        validators=PERCENT_VALIDATORS,
        help_text=_("Deel van de werktijd besteed aan de structurele partners."),
    )
    phone = models.CharField(_("telefoon"), max_length=40, blank=True)
    is_active = models.BooleanField(_("actief"), default=True)

    history = HistoricalRecords()
    objects = AccountManagerQuerySet.as_manager()

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        verbose_name = _("accountmanager")
        verbose_name_plural = _("accountmanagers")
        constraints = [
            models.CheckConstraint(
                condition=Q(time_share__gte=0) & Q(time_share__lte=100),
                name="account_manager_time_share_0_100",
                violation_error_message=_("Het aandeel werktijd ligt tussen 0 en 100 %."),
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
        AccountManager, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("accountmanager")
    )
    start_date = models.DateField(_("vanaf"))
    end_date = models.DateField(_("tot en met"), null=True, blank=True)

    history = HistoricalRecords()
    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["partner__name", "-start_date"]
        verbose_name = _("toewijzing accountmanager")
        verbose_name_plural = _("toewijzingen accountmanager")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="assignment_end_after_start",
                violation_error_message=_("De einddatum ligt niet voor de begindatum."),
            ),
            models.UniqueConstraint(
                fields=["partner"],
                condition=Q(end_date__isnull=True),
                name="assignment_one_open_per_partner",
                violation_error_message=_("Deze partner heeft al een lopende toewijzing; sluit die eerst af."),
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
                    "Deze periode overlapt met een andere toewijzing van dezelfde partner: "
                    "een partner heeft één accountmanager tegelijk."
                )
            )


class Agreement(models.Model):
    """A cooperation agreement (samenwerkingsovereenkomst) of a partner with FIT, co-financed."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("partner"))
    reference = models.CharField(_("referentie"), max_length=40, unique=True)
    title = models.CharField(_("titel"), max_length=200, blank=True)
    start_date = models.DateField(_("begindatum"))
    end_date = models.DateField(_("einddatum"))
    signed_on = models.DateField(_("ondertekend op"), null=True, blank=True)
    partner_share = models.DecimalField(
        _("aandeel partner (%)"), max_digits=5, decimal_places=2, default=Decimal("50"), validators=PERCENT_VALIDATORS
    )
    fit_share = models.DecimalField(
        _("aandeel FIT (%)"), max_digits=5, decimal_places=2, default=Decimal("50"), validators=PERCENT_VALIDATORS
    )
    document = models.FileField(
        _("document"),
        upload_to=RandomUploadTo("agreements"),
        blank=True,
        validators=[validate_document],
        help_text=_("De ondertekende overeenkomst (PDF, DOCX; max. 10 MB)."),
    )
    document_name = models.CharField(_("oorspronkelijke bestandsnaam"), max_length=255, blank=True, editable=False)
    notes = models.TextField(_("opmerkingen"), blank=True)

    history = HistoricalRecords()
    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["partner__name", "-start_date"]
        verbose_name = _("samenwerkingsovereenkomst")
        verbose_name_plural = _("samenwerkingsovereenkomsten")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")),
                name="agreement_end_after_start",
                violation_error_message=_("De einddatum moet na de begindatum liggen."),
            ),
            models.CheckConstraint(
                condition=Q(partner_share__gte=0)
                & Q(fit_share__gte=0)
                & Q(partner_share__lte=100)
                & Q(fit_share__lte=100),
                name="agreement_shares_0_100",
                violation_error_message=_("Een aandeel ligt tussen 0 en 100 %."),
            ),
            models.CheckConstraint(
                condition=Q(partner_share=HUNDRED - F("fit_share")),
                name="agreement_shares_sum_100",
                violation_error_message=_("Het aandeel van de partner en dat van FIT moeten samen 100 % zijn."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} {self.start_date.year}-{self.end_date.year}"

    def clean(self) -> None:
        shares = (self.partner_share, self.fit_share)
        if None not in shares and sum(shares) != HUNDRED:
            raise ValidationError(
                {"fit_share": _("Het aandeel van de partner en dat van FIT moeten samen 100 % zijn.")}
            )

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
        Agreement, on_delete=models.CASCADE, related_name="year_amounts", verbose_name=_("overeenkomst")
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    amount = models.DecimalField(
        _("totaal jaarbudget (€)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Totale kost van het jaarprogramma; FIT en de partner dragen elk hun aandeel."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "year"]
        verbose_name = _("jaarbedrag")
        verbose_name_plural = _("jaarbedragen")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "year"],
                name="agreement_year_unique",
                violation_error_message=_("Voor dit jaar bestaat al een bedrag in deze overeenkomst."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="agreement_year_amount_not_negative",
                violation_error_message=_("Een bedrag kan niet negatief zijn."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} – {self.year}"

    def clean(self) -> None:
        if self.agreement_id and self.year and not self.agreement.covers_year(self.year):
            raise ValidationError({"year": _("Dit jaar valt buiten de looptijd van de overeenkomst.")})

    @property
    def fit_amount(self) -> Decimal:
        return percentage_of(self.amount, self.agreement.fit_share)

    @property
    def partner_amount(self) -> Decimal:
        return self.amount - self.fit_amount


class ForeignOffice(models.Model):
    """An office of FIT's foreign network (buitenlands netwerk)."""

    city = models.CharField(_("stad"), max_length=100)
    country = models.CharField(_("land"), max_length=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["country", "city"]
        verbose_name = _("kantoor buitenlands netwerk")
        verbose_name_plural = _("kantoren buitenlands netwerk")
        constraints = [models.UniqueConstraint(fields=["country", "city"], name="foreign_office_unique")]

    def __str__(self) -> str:
        return f"{self.city} ({self.country})"


class ConsultationMoment(models.Model):
    """A partner day, formal consultation (overleg), bilateral meeting or other moment with partners."""

    class Kind(models.TextChoices):
        PARTNER_DAY = "partner_day", _("partnerdag")
        FORMAL = "formal", _("formeel overlegmoment")
        BILATERAL = "bilateral", _("bilateraal overleg")
        OTHER = "other", _("ander")

    class Status(models.TextChoices):
        PLANNED = "planned", _("gepland")
        HELD = "held", _("gehouden")
        CANCELLED = "cancelled", _("geannuleerd")

    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("titel"), max_length=200)
    starts_at = models.DateTimeField(_("begin"))
    ends_at = models.DateTimeField(_("einde"))
    location = models.CharField(_("locatie"), max_length=255, blank=True)
    online_url = models.URLField(_("onlinelink"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("verslag"), blank=True)
    minutes_published_at = models.DateTimeField(_("verslag gepubliceerd op"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    published_at = models.DateTimeField(
        _("gepubliceerd op"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Bij publicatie krijgen de genodigden hun uitnodiging; daarna volgen de herinneringen."),
    )
    sequence = models.PositiveIntegerField(
        _("versie (iCalendar)"),
        default=0,
        editable=False,
        help_text=_("Verhoogt bij elke wijziging van tijd of plaats, zodat agenda's de uitnodiging bijwerken."),
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bilateral_moments",
        verbose_name=_("partner (bilateraal)"),
        help_text=_("Enkel voor een bilateraal overleg: de partner waarmee overlegd wordt."),
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organised_moments",
        verbose_name=_("organisator"),
    )
    foreign_offices = models.ManyToManyField(
        ForeignOffice,
        blank=True,
        related_name="moments",
        verbose_name=_("buitenlands netwerk"),
        help_text=_("De kantoren van het buitenlands netwerk die vertegenwoordigd zijn."),
    )
    foreign_representatives = models.TextField(
        _("vertegenwoordigers buitenlands netwerk"),
        blank=True,
        help_text=_("Namen van de vertegenwoordigers die aansluiten, één per lijn."),
    )

    history = HistoricalRecords(m2m_fields=[foreign_offices])
    objects = ConsultationMomentQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("overlegmoment")
        verbose_name_plural = _("overlegmomenten")
        indexes = [models.Index(fields=["status", "starts_at"], name="moment_status_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="moment_end_after_start",
                violation_error_message=_("Het einde moet na het begin liggen."),
            ),
            models.CheckConstraint(
                condition=Q(kind="bilateral", partner__isnull=False) | ~Q(kind="bilateral"),
                name="moment_bilateral_has_partner",
                violation_error_message=_("Een bilateraal overleg heeft een partner."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.starts_at):%d/%m/%Y})"

    def clean(self) -> None:
        if self.kind == self.Kind.BILATERAL and not self.partner_id:
            raise ValidationError({"partner": _("Een bilateraal overleg heeft een partner.")})
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("Het einde moet na het begin liggen.")})

    @property
    def local_start(self) -> datetime.datetime:
        return timezone.localtime(self.starts_at)

    @property
    def holiday_warning(self) -> str | None:
        """A warning when the moment falls on a Belgian public holiday or 11 July (Flemish holiday)."""
        if not self.starts_at:
            return None
        day = timezone.localtime(self.starts_at).date()
        name = holiday_name(day)
        if name is None:
            return None
        return _("Let op: %(date)s is een feestdag (%(name)s); Vlaamse overheidsdiensten zijn dan gesloten.") % {
            "date": day.strftime("%d/%m/%Y"),
            "name": name,
        }

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_upcoming(self) -> bool:
        return self.status == self.Status.PLANNED and self.ends_at >= timezone.now()


class Invitation(models.Model):
    """A contact of a partner invited to a consultation moment, with their answer and attendance."""

    class Rsvp(models.TextChoices):
        PENDING = "pending", _("nog niet geantwoord")
        YES = "yes", _("ja")
        NO = "no", _("nee")
        MAYBE = "maybe", _("misschien")

    moment = models.ForeignKey(
        ConsultationMoment, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("overlegmoment")
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("partner"), editable=False
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("contactpersoon")
    )
    rsvp = models.CharField(_("antwoord"), max_length=10, choices=Rsvp.choices, default=Rsvp.PENDING)
    rsvp_note = models.CharField(_("opmerking bij antwoord"), max_length=500, blank=True)
    responded_at = models.DateTimeField(_("geantwoord op"), null=True, blank=True)
    attended = models.BooleanField(_("aanwezig"), null=True, blank=True)

    history = HistoricalRecords()
    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["moment", "partner__name", "contact__last_name"]
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        constraints = [
            models.UniqueConstraint(
                fields=["moment", "contact"],
                name="invitation_unique_contact",
                violation_error_message=_("Deze contactpersoon is al uitgenodigd voor dit overlegmoment."),
            ),
        ]
        indexes = [models.Index(fields=["partner", "moment"], name="invitation_partner_moment")]

    def __str__(self) -> str:
        return f"{self.contact} – {self.moment}"

    def save(self, *args, **kwargs):
        # The partner always follows the contact; keeping it on the row makes scoping queries cheap.
        if self.contact_id:
            self.partner_id = Contact.objects.values_list("partner_id", flat=True).get(pk=self.contact_id)
        super().save(*args, **kwargs)


class CalendarFeed(models.Model):
    """A personal, secret calendar feed URL of a partner user's moments; revocable."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds", verbose_name=_("gebruiker")
    )
    token = models.CharField(_("sleutel"), max_length=64, unique=True, default=_new_feed_token, editable=False)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("agenda-abonnement")
        verbose_name_plural = _("agenda-abonnementen")
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
