import datetime
import re

from django import forms
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import MomentKind, PartnerKind
from .models import (
    ConsultationMoment,
    Contact,
    ForeignOffice,
    Invitation,
    MinutesApproval,
    Partner,
    PartnerMarket,
    Theme,
    Versnelling,
)
from .querysets import partner_groups


class RsvpForm(forms.ModelForm):
    rsvp = forms.ChoiceField(
        label=_("Reply"),
        choices=[(c.value, c.label) for c in (Invitation.Rsvp.YES, Invitation.Rsvp.NO, Invitation.Rsvp.MAYBE)],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Invitation
        fields = ["rsvp", "rsvp_note"]
        labels = {"rsvp_note": _("Comment (optional)")}


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["first_name", "last_name", "role", "email", "phone", "language", "is_reporting_contact"]

    def __init__(self, *args, partner_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partner_id = partner_id

    def _get_validation_exclusions(self):
        # The partner is not on the form but set by the view: still check "one e-mail per partner" here,
        # so a duplicate is a form error instead of a database error.
        exclude = super()._get_validation_exclusions()
        exclude.discard("partner")
        return exclude


class MomentForm(forms.ModelForm):
    """Plan or edit a consultation moment on the staff pages: one day, a start and an end time, and who is
    invited (groups of partners, single partners, and the foreign offices whose representatives join).
    Invitees are only ever added here; an invitation is withdrawn from its row on the moment page."""

    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    start_time = forms.TimeField(label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end_time = forms.TimeField(label=_("End time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    invite_groups = forms.MultipleChoiceField(
        label=_("Invite groups of partners"),
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("All active contacts of every partner in the group are invited."),
    )
    invite_partners = forms.ModelMultipleChoiceField(
        label=_("Invite single partners"),
        queryset=Partner.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("All active contacts of these partners are invited; anyone already invited stays invited."),
    )

    class Meta:
        model = ConsultationMoment
        fields = ["kind", "title", "partner", "location", "online_url", "agenda", "foreign_offices"]
        widgets = {"foreign_offices": forms.CheckboxSelectMultiple, "agenda": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "foreign_offices": _(
                "The offices of FIT's foreign network that take part: their representatives are invited too."
            )
        }

    field_order = ["kind", "title", "partner", "date", "start_time", "end_time", "location", "online_url", "agenda"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invite_groups"].choices = partner_groups()
        self.fields["invite_partners"].queryset = Partner.objects.active().order_by(Lower("name"))
        self.fields["partner"].queryset = Partner.objects.active().order_by(Lower("name"))
        self.fields["foreign_offices"].queryset = ForeignOffice.objects.prefetch_related("representatives").order_by(
            "city"
        )
        self.fields["foreign_offices"].label_from_instance = self._office_label
        if self.instance.pk:
            start, end = timezone.localtime(self.instance.starts_at), timezone.localtime(self.instance.ends_at)
            self.initial.update({"date": start.date(), "start_time": start.time(), "end_time": end.time()})

    @staticmethod
    def _office_label(office) -> str:
        names = ", ".join(r.full_name for r in office.representatives.all() if r.is_active)
        return f"{office} – {names}" if names else f"{office} – {_('no representative yet')}"

    def clean(self):
        cleaned = super().clean()
        day, start, end = cleaned.get("date"), cleaned.get("start_time"), cleaned.get("end_time")
        if day and start and end:
            if end <= start:
                self.add_error("end_time", _("The end must be after the start."))
            else:
                self.instance.starts_at = timezone.make_aware(datetime.datetime.combine(day, start))
                self.instance.ends_at = timezone.make_aware(datetime.datetime.combine(day, end))
        kind, partner = cleaned.get("kind"), cleaned.get("partner")
        if kind == MomentKind.BILATERAL and not partner:
            self.add_error("partner", _("A bilateral meeting must have a partner."))
        elif kind and kind != MomentKind.BILATERAL and partner:
            self.add_error("partner", _("Only a bilateral meeting is with one partner; invite partners below."))
        return cleaned

    def changed_fields(self) -> set[str]:
        """The moment's fields an edit changed (date and times are its start and end)."""
        changed = set(self.changed_data) & set(self._meta.fields)
        if {"date", "start_time"} & set(self.changed_data):
            changed.add("starts_at")
        if {"date", "end_time"} & set(self.changed_data):
            changed.add("ends_at")
        return changed

    def invited_partners(self):
        """The partners whose contacts are to be invited: the groups, the single partners and, for a bilateral
        meeting, its partner."""
        ids = {p.pk for p in self.cleaned_data.get("invite_partners") or []}
        groups = self.cleaned_data.get("invite_groups")
        if groups:
            ids |= set(Partner.objects.active().in_groups(groups).values_list("pk", flat=True))
        if self.cleaned_data.get("kind") == MomentKind.BILATERAL and self.cleaned_data.get("partner"):
            ids.add(self.cleaned_data["partner"].pk)
        return Partner.objects.filter(pk__in=ids)


class AttendanceForm(forms.Form):
    """Who was present, one checkbox per invitation of the moment; sent in one POST."""

    present = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, invitations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(str(i.pk), str(i.invitee)) for i in invitations]


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"), required=False, max_length=50000, widget=forms.Textarea(attrs={"rows": 8})
    )


class CancelMomentForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the invitees)"), max_length=500, required=False, widget=forms.Textarea({"rows": 2})
    )


class RhythmForm(forms.ModelForm):
    """The agreed rhythm of bilateral meetings with one partner (0 to 12 a year)."""

    class Meta:
        model = Partner
        fields = ["bilaterals_per_year"]
        widgets = {"bilaterals_per_year": forms.Select(choices=[(n, n) for n in range(13)])}


class MinutesCommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment on the minutes"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only FIT and your organisation see your comments."),
    )


class MinutesApprovalForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your organisation's answer"), choices=MinutesApproval.Decision.choices, widget=forms.RadioSelect
    )
    remarks = forms.CharField(
        label=_("Remarks"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you have remarks on the minutes."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == MinutesApproval.Decision.REMARKS and not (cleaned.get("remarks") or "").strip():
            self.add_error("remarks", _("Write your remarks on the minutes."))
        return cleaned


class ApprovalRequestForm(forms.Form):
    due = forms.DateField(label=_("Approve by"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def clean_due(self):
        due = self.cleaned_data["due"]
        if due < timezone.localdate():
            raise forms.ValidationError(_("The date by which the minutes are to be approved cannot be in the past."))
        return due


MAX_MARKETS = 30
MARKET_MAX_LENGTH = PartnerMarket._meta.get_field("name").max_length


class ProfileForm(forms.ModelForm):
    """A partner's own profile in the partner network. The countries and markets are typed one per line (or
    separated by commas); each once, whatever its case."""

    description = forms.CharField(
        label=_("About your organisation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What your organisation is and does, for the other partners (at most 2000 characters)."),
    )
    markets = forms.CharField(
        label=_("Countries and markets you work on"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line or separated by commas, in Dutch as in the action programme, e.g. China, ASEAN."),
    )

    class Meta:
        model = Partner
        fields = ["description", "website", "versnellingen", "themes", "show_in_attendee_lists"]
        widgets = {
            "versnellingen": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
        }
        labels = {
            "show_in_attendee_lists": _("Show my organisation in the who-comes lists of consultation moments"),
        }
        help_texts = {"versnellingen": "", "themes": ""}

    field_order = ["description", "website", "versnellingen", "themes", "markets", "show_in_attendee_lists"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["versnellingen"].queryset = Versnelling.objects.order_by("order", "name")
        self.fields["themes"].queryset = Theme.objects.order_by("name")
        if self.instance.pk and "markets" not in self.initial:
            self.initial["markets"] = "\n".join(m.name for m in self.instance.markets.all())

    def clean_markets(self) -> list[str]:
        names: dict[str, str] = {}
        for part in re.split(r"[\n,;]+", self.cleaned_data["markets"]):
            name = " ".join(part.split())
            if not name:
                continue
            if len(name) > MARKET_MAX_LENGTH:
                raise forms.ValidationError(
                    _("“%(name)s…” is too long: at most %(max)s characters per country or market.")
                    % {"name": name[:30], "max": MARKET_MAX_LENGTH}
                )
            names.setdefault(name.casefold(), name)
        if len(names) > MAX_MARKETS:
            raise forms.ValidationError(
                _("At most %(max)s countries and markets; keep the ones you work on most.") % {"max": MAX_MARKETS}
            )
        return list(names.values())


class DirectoryFilter(forms.Form):
    """Search and filters of the partner network (GET). A value that is not one of the choices is a form error
    shown above the list; the other filters still apply, and nothing fails."""

    q = forms.CharField(label=_("Search"), max_length=100, required=False, widget=forms.TextInput({"type": "search"}))
    versnelling = forms.ModelChoiceField(
        label=_("Versnelling"), queryset=Versnelling.objects.none(), to_field_name="code", required=False
    )
    country = forms.ChoiceField(label=_("Country or market"), choices=(), required=False)
    kind = forms.ChoiceField(label=_("Type"), choices=(), required=False)

    def __init__(self, data, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["versnelling"].queryset = Versnelling.objects.order_by("order", "name")
        self.fields["versnelling"].empty_label = _("all versnellingen")
        names = PartnerMarket.objects.filter(partner__in=Partner.objects.in_directory()).names()
        self.fields["country"].choices = [("", _("all countries and markets")), *[(n, n) for n in names]]
        self.fields["kind"].choices = [("", _("all types")), *PartnerKind.choices]
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-control" if name == "q" else "form-select"

    def apply(self, partners):
        """`partners` narrowed by the valid filters: the search looks in the name, the description and the
        countries and markets."""
        if not self.is_bound:
            return partners
        self.is_valid()  # fills cleaned_data with the valid fields, the others become errors
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs.update({"class": f"{attrs['class']} is-invalid", "aria-describedby": f"{name}-error"})
        data = self.cleaned_data
        if data.get("q"):
            q = data["q"]
            in_markets = PartnerMarket.objects.filter(name__icontains=q).values("partner_id")
            partners = partners.filter(
                models.Q(name__icontains=q) | models.Q(description__icontains=q) | models.Q(pk__in=in_markets)
            )
        if data.get("versnelling"):
            partners = partners.filter(versnellingen=data["versnelling"])
        if data.get("country"):
            partners = partners.filter(
                pk__in=PartnerMarket.objects.filter(name__iexact=data["country"]).values("partner_id")
            )
        if data.get("kind"):
            partners = partners.filter(kind=data["kind"])
        return partners
