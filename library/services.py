"""The library's writes: sharing a document, a partner's own upload, a new version, a counted download."""

from django.db import transaction
from django.db.models import Max

from notifications.models import Kind
from notifications.services import outbox_add
from portal.scoping import user_partner_id

from .audience import Audience
from .models import Document, DocumentVersion, Download, Folder


def _new_version(*, document: Document, file, note: str, user) -> DocumentVersion:
    last = document.versions.aggregate(last=Max("number"))["last"] or 0
    version = DocumentVersion(
        document=document,
        number=last + 1,
        file=file,
        original_name=(getattr(file, "name", "") or "document")[:255],
        size=getattr(file, "size", 0) or 0,
        note=note,
        uploaded_by=user,
    )
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def document_share(
    *,
    user,
    title: str,
    file,
    description: str = "",
    folder: Folder | None = None,
    audience: str = Audience.ALL,
    groups=(),
    versnelling=None,
    partner=None,
    note: str = "",
    notify: bool = False,
) -> Document:
    """FIT shares a document (its first version) with the audience chosen; with `notify`, the audience's contacts
    with a log-in get an e-mail (written into the outbox in this transaction)."""
    document = Document(
        title=title,
        description=description,
        folder=folder,
        audience=audience,
        versnelling=versnelling,
        partner=partner,
        from_partner=False,
        created_by=user,
    )
    document.set_groups(groups)
    document.full_clean()
    document.save()
    _new_version(document=document, file=file, note=note, user=user)
    if notify:
        outbox_add(
            kind=Kind.DOCUMENT_SHARED,
            recipients=document.audience_recipients(),
            subject_key=f"document:{document.pk}",
            context={"document_id": document.pk},
        )
    return document


def document_for_message(document_id) -> dict:
    """What a "document shared" e-mail shows (registered with the outbox in apps.py)."""
    return {"document": Document.objects.select_related("folder").get(pk=document_id)}


@transaction.atomic
def document_upload_by_partner(*, user, title: str, file, description: str = "") -> Document:
    """A partner user shares a document with FIT in the organisation's own space (seen by it and FIT only)."""
    partner_id = user_partner_id(user)
    if partner_id is None:
        raise PermissionError("Only a partner user uploads to a partner's own space.")
    document = Document(
        title=title,
        description=description,
        audience=Audience.PARTNER,
        partner_id=partner_id,
        from_partner=True,
        created_by=user,
    )
    document.full_clean()
    document.save()
    _new_version(document=document, file=file, note="", user=user)
    return document


@transaction.atomic
def document_add_version(*, document: Document, user, file, note: str = "") -> DocumentVersion:
    """A new file for `document`; the earlier versions stay, each downloadable."""
    Document.objects.select_for_update().filter(pk=document.pk).first()  # one number per version, also at once
    return _new_version(document=document, file=file, note=note, user=user)


def version_downloaded(*, version: DocumentVersion, user) -> Download:
    """Count a download: for the user's partner (none for FIT staff)."""
    partner_id = None if user.is_fit_staff else user_partner_id(user)
    return Download.objects.create(version=version, user=user, partner_id=partner_id)
