from django import forms
from django.utils.translation import gettext_lazy as _

from partners.models import Partner
from portal.uploads import validate_document


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

    def __init__(self, *args, staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if staff:
            self.fields["internal"] = forms.BooleanField(
                label=_("Internal note – not visible to the partner"),
                required=False,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )


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
