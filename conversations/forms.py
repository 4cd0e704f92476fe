from django import forms
from django.core import signing
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from partners.models import Partner
from portal.uploads import RandomUploadTo, validate_document

from .held import HELD_FOLDER, HELD_MAX_AGE

# A kept file's name on disk, as every upload's: a random one (the author's name for it is in the token).
HELD_NAME = RandomUploadTo(HELD_FOLDER)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several documents at once, each checked like every upload of the portal (portal.uploads)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "form-control"}))
        kwargs.setdefault("validators", [validate_document])
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"), max_length=20000, widget=forms.Textarea(attrs={"rows": 5, "class": "form-control"})
    )
    files = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("PDF, XLSX, DOCX, PNG or JPG, at most 10 MB each."),
    )

    # The files chosen with an earlier try that did not post: a signed list, so nobody names another's file.
    kept_files = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, staff: bool = False, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.kept: list[dict] = []  # what the page lists as kept: {"path", "name", "size"}
        if staff:
            self.fields["internal"] = forms.BooleanField(
                label=_("Internal note – not visible to the partner"),
                required=False,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )

    # -- files kept across a try that did not post ----------------------------------------------------

    def _signer(self) -> signing.TimestampSigner:
        return signing.TimestampSigner(salt=f"conversations.kept-files:{getattr(self.user, 'pk', '')}")

    @property
    def kept_token(self) -> str:
        return self._signer().sign_object(self.kept) if self.kept else ""

    def clean_kept_files(self) -> list[dict]:
        value = self.cleaned_data.get("kept_files") or ""
        if not value:
            return []
        try:
            kept = self._signer().unsign_object(value, max_age=HELD_MAX_AGE)
        except signing.BadSignature as error:  # expired, or not the author's own
            raise forms.ValidationError(
                _("The files chosen earlier are no longer kept: choose them again."), code="kept_expired"
            ) from error
        kept = [f for f in kept if f["path"].startswith(HELD_FOLDER + "/") and default_storage.exists(f["path"])]
        self.kept = kept
        return kept

    def clean(self):
        cleaned = super().clean()
        # The kept files go with the message as if chosen again (first, as they were chosen first); opened only
        # when it will post, else hold_files() lists them again as they are.
        if not self.errors:
            kept = [File(default_storage.open(f["path"]), name=f["name"]) for f in cleaned.get("kept_files") or []]
            cleaned["files"] = [*kept, *(cleaned.get("files") or [])]
        return cleaned

    def hold_files(self) -> None:
        """After a try that did not post: keep the valid files chosen this time with those kept before, so the
        author does not choose them again (the page lists them). A refused file is not kept: its error says why."""
        if self.has_error("files") or self.has_error("kept_files"):
            return
        for upload in self.cleaned_data.get("files") or []:
            if not isinstance(upload, UploadedFile):
                continue  # kept already
            path = default_storage.save(HELD_NAME(None, upload.name), upload)
            self.kept.append({"path": path, "name": upload.name[:200], "size": upload.size})

    def release_kept(self) -> None:
        """After the message posted: its attachments are copies, so the kept files go."""
        for upload in self.cleaned_data.get("files") or []:
            if not isinstance(upload, UploadedFile):
                upload.close()
        for kept in self.kept:
            default_storage.delete(kept["path"])


class ThreadForm(MessageForm):
    subject = forms.CharField(
        label=_("Subject"), max_length=200, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    field_order = ["partner", "subject", "body", "files"]

    def __init__(self, *args, staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)  # a new thread starts with a message to the partner, never a note
        if staff:
            self.fields["partner"] = forms.ModelChoiceField(
                label=_("Partner"),
                queryset=Partner.objects.active().order_by("name"),
                widget=forms.Select(attrs={"class": "form-select"}),
            )
            self.order_fields(self.field_order)


class StaffThreadFilter(forms.Form):
    """The staff list's filters: by default an account manager sees the partners they look after."""

    MINE, ALL = "mine", "all"
    show = forms.ChoiceField(
        label=_("Partners"),
        choices=[(MINE, _("the partners I look after")), (ALL, _("all partners"))],
        required=False,
    )
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=Partner.objects.none(), required=False)
    about = forms.ChoiceField(label=_("About"), required=False)
    unread = forms.BooleanField(label=_("Unread only"), required=False)
    q = forms.CharField(label=_("Search"), max_length=100, required=False, widget=forms.TextInput({"type": "search"}))

    def __init__(self, data, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.account_manager = getattr(user, "account_manager", None)
        if self.account_manager is None:
            del self.fields["show"]
        self.fields["partner"].queryset = Partner.objects.order_by("name")
        self.fields["partner"].empty_label = _("all partners")
        self.fields["about"].choices = [("", _("anything")), ("none", _("nothing in particular"))] + [
            (field, label) for field, label in about_labels().items()
        ]
        for name, field in self.fields.items():
            if name == "unread":
                field.widget.attrs["class"] = "form-check-input"
            else:
                field.widget.attrs["class"] = "form-control" if name == "q" else "form-select"

    def showing_all(self) -> bool:
        if self.account_manager is None:
            return True
        data = self.cleaned_data if self.is_valid() else {}
        return data.get("show") == self.ALL or bool(data.get("partner"))


def about_labels() -> dict:
    return {
        "report": _("a KPI report"),
        "evaluation": _("an evaluation"),
        "improvement_point": _("an improvement point"),
        "action": _("an action"),
        "moment": _("a consultation moment"),
    }
