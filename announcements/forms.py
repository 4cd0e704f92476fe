from django import forms

from library.audience import Audience
from library.forms import AudienceFormMixin

from .models import Announcement


class AnnouncementForm(AudienceFormMixin, forms.ModelForm):
    """A draft announcement: its text, who it is for, and until when the partners' homes show it."""

    class Meta:
        model = Announcement
        fields = ["title", "body", "expires_on"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 8}),
            "expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    field_order = ["title", "body", "audience", "groups", "versnelling", "expires_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # News goes to every partner, groups or a versnelling; a message to one partner is a conversation.
        self.fields["audience"].choices = [c for c in Audience.choices if c[0] != Audience.PARTNER]
        del self.fields["partner"]
        if self.instance.pk:
            self.initial.update(
                audience=self.instance.audience,
                groups=self.instance.group_keys,
                versnelling=self.instance.versnelling_id,
            )

    def _post_clean(self):
        data = self.cleaned_data
        self.instance.audience = data.get("audience") or Audience.ALL
        self.instance.set_groups(data.get("groups") or [])
        self.instance.versnelling = data.get("versnelling")
        self.instance.partner = None
        super()._post_clean()
