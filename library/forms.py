from django import forms
from django.utils.translation import gettext_lazy as _

from partners.models import Partner, Versnelling
from partners.querysets import partner_groups
from portal.uploads import validate_document

from .audience import Audience
from .models import Folder

FILE_HELP = _("PDF, XLSX, DOCX, PNG or JPG, at most 10 MB.")


class DocumentFileField(forms.FileField):
    default_validators = [validate_document]

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("File"))
        kwargs.setdefault("help_text", FILE_HELP)
        super().__init__(**kwargs)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search by title"), required=False, max_length=100)


class PartnerUploadForm(forms.Form):
    """A partner shares a document with FIT in its own space."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    file = DocumentFileField()


class AudienceFormMixin(forms.Form):
    """Who it is for: all partners, groups of partners, the partners of a versnelling (or one partner)."""

    audience = forms.ChoiceField(
        label=_("Audience"), choices=Audience.choices, widget=forms.RadioSelect, initial=Audience.ALL
    )
    groups = forms.MultipleChoiceField(
        label=_("Groups of partners"),
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_('Only for the audience "groups of partners".'),
    )
    versnelling = forms.ModelChoiceField(
        label=_("Versnelling"),
        queryset=Versnelling.objects.all(),
        required=False,
        help_text=_('Only for the audience "the partners of a versnelling".'),
    )
    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=Partner.objects.none(),
        required=False,
        help_text=_('Only for the audience "one partner".'),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].choices = partner_groups()
        self.fields["partner"].queryset = Partner.objects.active().order_by("name")

    def clean(self):
        data = super().clean()
        audience = data.get("audience")
        if audience == Audience.GROUPS and not data.get("groups"):
            self.add_error("groups", _("Choose at least one group of partners."))
        if audience == Audience.VERSNELLING and not data.get("versnelling"):
            self.add_error("versnelling", _("Choose the versnelling."))
        if audience == Audience.PARTNER and not data.get("partner"):
            self.add_error("partner", _("Choose the partner."))
        return data


class DocumentShareForm(AudienceFormMixin):
    """FIT shares a document: what, where, with whom, and its first file."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    folder = forms.ModelChoiceField(label=_("Folder"), queryset=Folder.objects.all(), required=False)
    file = DocumentFileField()
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    notify = forms.BooleanField(
        label=_("Tell the partners by e-mail"),
        required=False,
        initial=True,
        help_text=_("Their contacts with a log-in receive an e-mail with a link to the document."),
    )

    field_order = [
        "title",
        "description",
        "folder",
        "audience",
        "groups",
        "versnelling",
        "partner",
        "file",
        "note",
        "notify",
    ]


class VersionForm(forms.Form):
    file = DocumentFileField()
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)
