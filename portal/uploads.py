"""Uploaded documents: checked on their content, stored under a random name, never public.

Files are stored below MEDIA_ROOT, which no URL serves; views that check the user's rights stream
them (see e.g. evaluations.views). The original name is kept in the database for the download.
"""

import posixpath
import uuid

import filetype
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024

# extension -> MIME types the content may have (office files are zip containers).
ALLOWED_TYPES = {
    "pdf": {"application/pdf"},
    "xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/zip"},
    "docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/zip"},
    "png": {"image/png"},
    "jpg": {"image/jpeg"},
    "jpeg": {"image/jpeg"},
}


@deconstructible
class RandomUploadTo:
    """`upload_to`: <folder>/<random hex>.<ext>; the name the user gave never reaches the disk."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        ext = posixpath.splitext(filename)[1].lower().lstrip(".")
        ext = ext if ext in ALLOWED_TYPES else "bin"
        return f"{self.folder}/{uuid.uuid4().hex}.{ext}"

    def __eq__(self, other) -> bool:
        return isinstance(other, RandomUploadTo) and other.folder == self.folder


def validate_document(upload) -> None:
    """Refuse what is too large or whose content is not what its name claims (PDF, XLSX, DOCX, PNG, JPG)."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s MB); the maximum is 10 MB."),
            code="too_large",
            params={"size": f"{upload.size / 1024 / 1024:.1f}".replace(".", ",")},
        )
    ext = posixpath.splitext(upload.name or "")[1].lower().lstrip(".")
    if ext not in ALLOWED_TYPES:
        raise ValidationError(
            _("This file type is not allowed. Allowed types are PDF, XLSX, DOCX, PNG and JPG."),
            code="bad_extension",
        )
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    if mime not in ALLOWED_TYPES[ext]:
        raise ValidationError(
            _("The content of the file is not a valid %(ext)s file."),
            code="bad_content",
            params={"ext": ext.upper()},
        )
