from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Contact, Invitation


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
