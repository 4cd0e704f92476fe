"""The document library: FIT shares files with every partner, a group, a versnelling or one partner (the
branding toolkit of the five versnellingen, templates, a partner day's presentations, a signed agreement);
partners share documents with FIT in their own space. Each document keeps every version it had, and each
download by a partner user is counted, so FIT sees which partner uses which tool."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from budgets.models import Project
from partners.models import Partner
from portal.uploads import RandomUploadTo, validate_document

from .audience import Audience, AudienceFields
from .querysets import DocumentQuerySet, DocumentVersionQuerySet, DownloadQuerySet, FolderQuerySet


class Folder(models.Model):
    """A topic, optionally of one year: "Branding toolkit Vlaanderen Versnelt", "Partnerdag 2018"."""

    name = models.CharField(_("name"), max_length=150)
    topic = models.CharField(_("topic"), max_length=100, blank=True, help_text=_("E.g. branding, templates."))
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # The co-financed project whose tools the folder holds (the branding toolkit of "Vlaanderen Versnelt"):
    # its documents' downloads say which partner uses which of the project's tools (the annual report, 1a).
    project = models.ForeignKey(
        Project,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tool_folders",
        verbose_name=_("tools of project"),
        help_text=_("The co-financed project whose tools this folder holds, e.g. the ERDF project's toolkit."),
    )

    objects = FolderQuerySet.as_manager()

    class Meta:
        ordering = ["order", "-year", "name"]
        verbose_name = _("folder")
        verbose_name_plural = _("folders")
        constraints = [
            models.UniqueConstraint(
                fields=["name", "year"],
                condition=Q(year__isnull=False),
                name="library_folder_name_year_unique",
                violation_error_message=_("A folder with this name and year exists already."),
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(year__isnull=True),
                name="library_folder_name_unique_without_year",
                violation_error_message=_("A folder with this name and year exists already."),
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1900, year__lte=2099),
                name="library_folder_year_range",
                violation_error_message=_("The year must lie between 1900 and 2099."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})" if self.year else self.name


class Document(AudienceFields):
    """A document and who it is for. A partner's own upload is for that partner (and FIT) only."""

    folder = models.ForeignKey(
        Folder, on_delete=models.PROTECT, null=True, blank=True, related_name="documents", verbose_name=_("folder")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    from_partner = models.BooleanField(
        _("shared by the partner"), default=False, help_text=_("Uploaded by the partner in its own space.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("shared by")
    )
    created_at = models.DateTimeField(_("shared on"), auto_now_add=True)

    objects = DocumentQuerySet.as_manager()

    class Meta(AudienceFields.Meta):
        ordering = ["title", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            *AudienceFields.Meta.constraints,
            models.CheckConstraint(
                condition=Q(from_partner=False) | Q(audience=Audience.PARTNER, folder__isnull=True),
                name="library_document_partner_upload_own_space",
                violation_error_message=_("A partner's own document is for that partner only, outside FIT's folders."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:document_detail", args=[self.pk])

    @property
    def current_version(self):
        """The latest version (uses a prefetch of `versions` when there is one)."""
        versions = list(self.versions.all())
        return max(versions, key=lambda v: v.number) if versions else None


class DocumentVersion(models.Model):
    """One file of a document; a new version keeps the old ones."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="versions", verbose_name=_("document")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=RandomUploadTo("library"), validators=[validate_document])
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    note = models.CharField(_("note"), max_length=300, blank=True, help_text=_("What changed in this version."))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded on"), auto_now_add=True)

    objects = DocumentVersionQuerySet.as_manager()

    class Meta:
        ordering = ["document", "-number"]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"],
                name="library_version_number_unique",
                violation_error_message=_("This document already has a version with this number."),
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="library_version_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.document} – v{self.number}"

    def get_download_url(self) -> str:
        return reverse("library:download", args=[self.pk])


class Download(models.Model):
    """One download of a version: by whom, for which partner (empty for FIT staff), when."""

    version = models.ForeignKey(
        DocumentVersion, on_delete=models.CASCADE, related_name="downloads", verbose_name=_("version")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("user")
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="document_downloads",
        verbose_name=_("partner"),
    )
    at = models.DateTimeField(_("downloaded on"), auto_now_add=True)

    objects = DownloadQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        verbose_name = _("download")
        verbose_name_plural = _("downloads")
        indexes = [models.Index(fields=["partner", "at"], name="library_download_partner_at")]

    def __str__(self) -> str:
        return f"{self.version} ↓ {self.partner or self.user}"
