import uuid

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from partners.models import AccountManager, Partner
from portal.forms import LocalizedDecimalField
from portal.uploads import validate_document

from .choices import ReportStatus
from .models import SCORE_SCALE, Action, ImprovementNote, ImprovementPoint, KPIReport, KPIResult, KPITarget


class KPIResultForm(forms.ModelForm):
    """One row of the KPI report: the actual, a comment and an evidence file for one target."""

    evidence = forms.FileField(
        label=_("Evidence"),
        required=False,
        validators=[validate_document],
        help_text=_("PDF, XLSX, DOCX, PNG or JPG; max. 10 MB."),
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
        self.fields["actual_value"].label = _("Result (%(unit)s)") % {"unit": kpi.unit}
        self.fields["comment"].label = _("Explanation")
        if self.instance.evidence:
            self.fields["clear_evidence"] = forms.BooleanField(
                label=_("Remove current evidence (%(name)s)") % {"name": self.instance.evidence_name},
                required=False,
            )


class ReportVersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the partner"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you return the report."),
    )


class ImprovementNoteForm(forms.ModelForm):
    class Meta:
        model = ImprovementNote
        fields = ["text"]
        labels = {"text": _("New follow-up note")}
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

    # A new action's form carries a one-time token, so sending it twice makes one action (see Action.form_token).
    token = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, min_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.min_year = min_year
        self.fields["year"].help_text = _("Actions are proposed for next year's programme or later.")
        if self.instance.pk is None:
            self.fields["token"].initial = uuid.uuid4()
        else:
            del self.fields["token"]

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year < self.min_year:
            raise forms.ValidationError(_("You can make proposals for %(year)s or later.") % {"year": self.min_year})
        return year

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return cleaned


class OverlapKeepForm(forms.Form):
    """Keep an action although it overlaps others (issue 15): the proposer says why."""

    overlap_reason = forms.CharField(
        label=_("Why do you keep this action anyway?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why you keep this action despite the overlap.")},
    )


class ActionDecisionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class YearConfirmForm(forms.Form):
    """The editable side of the comparison: one field per draft target and per draft budget line."""

    def __init__(self, *args, target_rows, line_rows, **kwargs):
        super().__init__(*args, **kwargs)
        for row in target_rows:
            if row.current is not None and row.current.is_draft:
                self.fields[f"t{row.current.pk}"] = LocalizedDecimalField(
                    label=_("%(code)s %(name)s, target (%(unit)s)")
                    % {"code": row.kpi.code, "name": row.kpi.name, "unit": row.kpi.unit},
                    min_value=0,
                    max_digits=12,
                    decimal_places=2,
                    initial=row.current.target_value,
                )
        for row in line_rows:
            if row.current is not None and row.current.is_draft:
                self.fields[f"l{row.current.pk}"] = LocalizedDecimalField(
                    label=_("%(description)s, amount (€)") % {"description": row.description},
                    min_value=0,
                    max_digits=14,
                    decimal_places=2,
                    initial=row.current.amount,
                )

    def values(self, prefix: str) -> dict:
        return {int(name[1:]): value for name, value in self.cleaned_data.items() if name.startswith(prefix)}


class RenewForm(forms.Form):
    reference = forms.CharField(label=_("Reference of the new agreement"), max_length=40)
    start_date = forms.DateField(label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("End date"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end <= start:
            self.add_error("end_date", _("The end date must be after the start date."))
        return cleaned


SCORE_CHOICES = [("", _("– no score yet –")), *[(str(value), label) for value, label in SCORE_SCALE]]


class EvaluationForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    date = forms.DateField(
        label=_("Date of the evaluation"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    score = forms.TypedChoiceField(
        label=_("Overall score"), choices=SCORE_CHOICES, coerce=int, empty_value=None, required=False
    )
    conclusion = forms.CharField(label=_("Conclusion"), required=False, widget=forms.Textarea(attrs={"rows": 5}))


class ScoreForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Score"), choices=SCORE_CHOICES, coerce=int, empty_value=None, required=False
    )
    comment = forms.CharField(label=_("Explanation"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class NewPointForm(forms.Form):
    create = forms.BooleanField(label=_("Create this improvement point"), required=False)
    title = forms.CharField(label=_("Improvement point"), max_length=255, required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    due_date = forms.DateField(label=_("Target date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("create") and not cleaned.get("title", "").strip():
            self.add_error("title", _("Give the improvement point a title."))
        return cleaned


class ResponseForm(forms.Form):
    text = forms.CharField(label=_("Your response"), widget=forms.Textarea(attrs={"rows": 5}))


class TargetChangeForm(forms.Form):
    value = LocalizedDecimalField(label=_("New target"), min_value=0, max_digits=12, decimal_places=2)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required once the year has started; kept in the target's history."),
    )


class StaffListFilter(forms.Form):
    """The filters of a staff list of partners' rows (KPI reports, proposals): by default an account manager
    sees the partners they look after ("all partners" is one click away); then partner, year, status and a
    search. Bad values are form errors and filter nothing, never a server error."""

    MINE, ALL = "mine", "all"

    show = forms.ChoiceField(
        label=_("Partners"),
        choices=[(MINE, _("the partners I look after")), (ALL, _("all partners"))],
        required=False,
    )
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=Partner.objects.none(), required=False)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=(), required=False, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), choices=(), required=False)
    q = forms.CharField(label=_("Search"), max_length=100, required=False, widget=forms.TextInput({"type": "search"}))

    def __init__(self, data, *, user, years, statuses, **kwargs):
        super().__init__(data, **kwargs)
        self.account_manager = getattr(user, "account_manager", None)
        if self.account_manager is None:
            del self.fields["show"]
        self.fields["partner"].queryset = Partner.objects.filter(
            Q(is_structural=True) | Q(associated_since__isnull=False)
        ).order_by(Lower("name"))
        self.fields["partner"].empty_label = _("all partners")
        self.fields["year"].choices = [("", _("all years")), *[(y, y) for y in years]]
        self.fields["status"].choices = [("", _("all statuses")), *statuses]
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-control" if name == "q" else "form-select"

    def showing_all(self) -> bool:
        if self.account_manager is None:
            return True
        data = self.cleaned_data if self.is_valid() else {}
        return data.get("show") == self.ALL or bool(data.get("partner"))

    def apply(self, qs, *, partner_path: str, search: list[str]):
        """`qs` filtered: `partner_path` reaches the partner, `search` lists the fields the search looks in."""
        if not self.showing_all():
            mine = Partner.objects.looked_after_by(self.account_manager)
            qs = qs.filter(**{f"{partner_path}__in": mine})
        if not self.is_valid():
            return qs
        data = self.cleaned_data
        if data.get("partner"):
            qs = qs.filter(**{partner_path: data["partner"]})
        if data.get("year"):
            qs = qs.filter(year=data["year"])
        if data.get("status"):
            qs = qs.filter(status=data["status"])
        if data.get("q"):
            condition = Q()
            for field in search:
                condition |= Q(**{f"{field}__icontains": data["q"]})
            qs = qs.filter(condition)
        return qs


NOT_STARTED = "not_started"


class StaffHomeFilter(forms.Form):
    """The partners of the staff home's reporting grid (issue 18: with 1.000 partners the grid is paged and
    filtered, never the whole list): by name, by account manager, and by the status of the working year's KPI
    report ("not started": targets but no report yet). An account manager opens on their own partners. Bad
    values are form errors and filter nothing."""

    MINE, ALL = "mine", "all"

    q = forms.CharField(label=_("Partner"), max_length=100, required=False, widget=forms.TextInput({"type": "search"}))
    account_manager = forms.ModelChoiceField(
        label=_("Account manager"), queryset=AccountManager.objects.none(), required=False
    )
    status = forms.ChoiceField(label=_("Report of the working year"), required=False)
    all = forms.BooleanField(label=_("All structural partners"), required=False)

    def __init__(self, data, *, year: int, **kwargs):
        super().__init__(data, **kwargs)
        self.year = year
        self.fields["account_manager"].queryset = (
            AccountManager.objects.filter(is_active=True).select_related("user").order_by(Lower("user__first_name"))
        )
        self.fields["account_manager"].empty_label = _("every account manager")
        self.fields["status"].choices = [("", _("any status")), (NOT_STARTED, _("not started")), *ReportStatus.choices]
        for name, field in self.fields.items():
            if name != "all":
                field.widget.attrs["class"] = "form-control" if name == "q" else "form-select"

    @property
    def data_or_empty(self) -> dict:
        return self.cleaned_data if self.is_valid() else {}

    def apply(self, partners):
        data = self.data_or_empty
        if data.get("q"):
            partners = partners.filter(name__icontains=data["q"])
        if data.get("account_manager"):
            partners = partners.filter(pk__in=Partner.objects.looked_after_by(data["account_manager"]).values("pk"))
        status = data.get("status")
        if status == NOT_STARTED:
            targets = KPITarget.objects.filter(agreement__partner=OuterRef("pk"), year=self.year)
            reports = KPIReport.objects.filter(agreement__partner=OuterRef("pk"), year=self.year)
            partners = partners.filter(Exists(targets)).exclude(Exists(reports))
        elif status:
            reports = KPIReport.objects.filter(agreement__partner=OuterRef("pk"), year=self.year, status=status)
            partners = partners.filter(Exists(reports))
        return partners
