from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import LocalizedDecimalField
from portal.uploads import validate_document

from .models import SCORE_SCALE, Action, ImprovementNote, ImprovementPoint, KPIResult


class KPIResultForm(forms.ModelForm):
    """One row of the KPI report: the actual, a comment and an evidence file for one target."""

    evidence = forms.FileField(
        label=_("Bewijsstuk"),
        required=False,
        validators=[validate_document],
        help_text=_("PDF, XLSX, DOCX, PNG of JPG; max. 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.xlsx,.docx,.png,.jpg,.jpeg"}),
    )

    class Meta:
        model = KPIResult
        fields = ["actual_value", "comment"]
        field_classes = {"actual_value": LocalizedDecimalField}
        widgets = {"comment": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kpi = self.instance.target.kpi
        self.fields["actual_value"].label = _("Resultaat (%(unit)s)") % {"unit": kpi.unit}
        self.fields["comment"].label = _("Toelichting")
        if self.instance.evidence:
            self.fields["clear_evidence"] = forms.BooleanField(
                label=_("Huidig bewijsstuk verwijderen (%(name)s)") % {"name": self.instance.evidence_name},
                required=False,
            )


class ReportVersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Opmerking voor de partner"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Verplicht wanneer u het rapport terugstuurt."),
    )


class ImprovementNoteForm(forms.ModelForm):
    class Meta:
        model = ImprovementNote
        fields = ["text"]
        labels = {"text": _("Nieuwe opvolgingsnota")}
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class ImprovementStatusForm(forms.Form):
    # A plain form: a ModelForm would set the status on the instance before the service compares it.
    status = forms.ChoiceField(label=_("Status"), choices=ImprovementPoint.Status.choices)


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = ["year", "title", "type", "description", "start_date", "end_date", "country", "versnelling", "themes"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
            "themes": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, min_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.min_year = min_year
        self.fields["year"].help_text = _("Acties worden voorgesteld voor het programma van volgend jaar of later.")

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year < self.min_year:
            raise forms.ValidationError(
                _("Voorstellen zijn mogelijk voor %(year)s of later.") % {"year": self.min_year}
            )
        return year

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("De einddatum ligt niet voor de begindatum."))
        return cleaned


class ActionDecisionForm(forms.Form):
    reason = forms.CharField(label=_("Motivering"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class YearConfirmForm(forms.Form):
    """The editable side of the comparison: one field per draft target and per draft budget line."""

    def __init__(self, *args, target_rows, line_rows, **kwargs):
        super().__init__(*args, **kwargs)
        for row in target_rows:
            if row.current is not None and row.current.is_draft:
                self.fields[f"t{row.current.pk}"] = LocalizedDecimalField(
                    label=_("%(code)s %(name)s, streefwaarde (%(unit)s)")
                    % {"code": row.kpi.code, "name": row.kpi.name, "unit": row.kpi.unit},
                    min_value=0,
                    max_digits=12,
                    decimal_places=2,
                    initial=row.current.target_value,
                )
        for row in line_rows:
            if row.current is not None and row.current.is_draft:
                self.fields[f"l{row.current.pk}"] = LocalizedDecimalField(
                    label=_("%(description)s, bedrag (€)") % {"description": row.description},
                    min_value=0,
                    max_digits=14,
                    decimal_places=2,
                    initial=row.current.amount,
                )

    def values(self, prefix: str) -> dict:
        return {int(name[1:]): value for name, value in self.cleaned_data.items() if name.startswith(prefix)}


class RenewForm(forms.Form):
    reference = forms.CharField(label=_("Referentie van de nieuwe overeenkomst"), max_length=40)
    start_date = forms.DateField(label=_("Begindatum"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("Einddatum"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end <= start:
            self.add_error("end_date", _("De einddatum moet na de begindatum liggen."))
        return cleaned


SCORE_CHOICES = [("", _("– nog geen score –")), *[(str(value), label) for value, label in SCORE_SCALE]]


class EvaluationForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    date = forms.DateField(
        label=_("Datum van de evaluatie"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    score = forms.TypedChoiceField(
        label=_("Totaalscore"), choices=SCORE_CHOICES, coerce=int, empty_value=None, required=False
    )
    conclusion = forms.CharField(label=_("Conclusie"), required=False, widget=forms.Textarea(attrs={"rows": 5}))


class ScoreForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Score"), choices=SCORE_CHOICES, coerce=int, empty_value=None, required=False
    )
    comment = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class NewPointForm(forms.Form):
    create = forms.BooleanField(label=_("Dit verbeterpunt aanmaken"), required=False)
    title = forms.CharField(label=_("Verbeterpunt"), max_length=255, required=False)
    description = forms.CharField(label=_("Omschrijving"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    due_date = forms.DateField(label=_("Streefdatum"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("create") and not cleaned.get("title", "").strip():
            self.add_error("title", _("Geef het verbeterpunt een titel."))
        return cleaned


class ResponseForm(forms.Form):
    text = forms.CharField(label=_("Uw reactie"), widget=forms.Textarea(attrs={"rows": 5}))
