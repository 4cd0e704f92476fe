from django import forms
from django.utils.translation import gettext_lazy as _

from partners.models import ConsultationMoment

from .choices import SCORES, QuestionKind
from .models import SURVEYED_KINDS, Survey

DATE_WIDGET = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class SurveyForm(forms.ModelForm):
    """A survey after a partner day or a formal consultation: its dates, the satisfaction question and the
    open questions (one per line)."""

    score_text = forms.CharField(label=_("Satisfaction question (score 1 to 5)"), max_length=300)
    open_questions = forms.CharField(
        label=_("Open questions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One question per line."),
    )

    class Meta:
        model = Survey
        fields = ["moment", "title", "opens_on", "closes_on"]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["moment"].queryset = (
            ConsultationMoment.objects.filter(kind__in=SURVEYED_KINDS)
            .exclude(status=ConsultationMoment.Status.CANCELLED)
            .order_by("-starts_at")
        )

    def clean_open_questions(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["open_questions"].splitlines() if line.strip()]
        for line in lines:
            if len(line) > 300:
                raise forms.ValidationError(_("A question has at most 300 characters."))
        if len(lines) > 10:
            raise forms.ValidationError(_("A short survey has at most 10 open questions."))
        return lines


class AnswerForm(forms.Form):
    """A partner's answers: the score (radio buttons 1 to 5) and a text field per open question."""

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(survey.questions.all())
        for question in self.questions:
            if question.kind == QuestionKind.SCORE:
                self.fields["score"] = forms.TypedChoiceField(
                    label=question.text,
                    choices=[(s, str(s)) for s in SCORES],
                    coerce=int,
                    widget=forms.RadioSelect,
                    error_messages={
                        "required": _("Choose a score from 1 to 5."),
                        "invalid_choice": _("Choose a score from 1 to 5."),
                    },
                )
            else:
                self.fields[f"q{question.pk}"] = forms.CharField(
                    label=question.text, required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
                )

    def texts(self) -> dict[int, str]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}", "") for q in self.questions if q.kind == QuestionKind.OPEN}
