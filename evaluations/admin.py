from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from partners.admin import AgreementAdmin
from portal.admin_tools import (
    EMPTY,
    LargeTableAdminMixin,
    ReadOnlyAdminMixin,
    RelatedChoicesMixin,
    YesNoFilter,
    number,
    percent,
)
from portal.forms import AMOUNT_FORMFIELDS
from portal.importexport import ImportExportPermissionsMixin

from .models import (
    KPI,
    Action,
    ActionOverlap,
    CoOrganiser,
    Evaluation,
    EvaluationScore,
    EvaluationTransition,
    ImprovementNote,
    ImprovementPoint,
    KPIReport,
    KPIResult,
    KPITarget,
    OverlapRule,
    ProgrammePublication,
    Rating,
    ReportStatus,
    ReportTransition,
)
from .resources import KPIResultResource, KPITargetResource

# Admins whose rows' labels need related rows outside the changelist too (autocomplete, change pages)
# select `list_select_related` in get_queryset: the changelist ignores list_select_related once the
# queryset has a select_related of its own.

OPEN_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)
LOCKED_TARGET_MESSAGE = _(
    "This target is locked: its year has started. A manager can change it in the portal, giving a reason."
)


@admin.register(KPI)
class KPIAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "unit", "direction", "is_volume", "order", "is_active")
    list_filter = ("is_active", "direction", "is_volume")
    search_fields = ("code", "name", "name_en")


class KPITargetForm(forms.ModelForm):
    """A target's value is fixed once its year has started (see KPITarget.is_locked)."""

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.instance.is_locked() and self.changed_data:
            raise forms.ValidationError(LOCKED_TARGET_MESSAGE)
        return cleaned


class KPITargetInline(admin.TabularInline):
    """The targets of an agreement, on the agreement's page (partners.admin)."""

    formfield_overrides = AMOUNT_FORMFIELDS
    model = KPITarget
    form = KPITargetForm
    fields = ("kpi", "year", "target_value", "status", "note")
    readonly_fields = ("status",)
    autocomplete_fields = ("kpi",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agreement__partner", "kpi")


# The targets on the agreement's page. The agreement admin is the partners' (a lower layer), so this app
# adds its inline there rather than the partners importing it.
AgreementAdmin.inlines = (*AgreementAdmin.inlines, KPITargetInline)


class TargetYearFilter(admin.SimpleListFilter):
    """The years of the targets, newest first, found on the year index (KPITargetQuerySet.years) rather than
    by Django's DISTINCT over every target (200.000 at 1.000 partners)."""

    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        return [(str(year), str(year)) for year in KPITarget.objects.years()]

    def queryset(self, request, queryset):
        return queryset.filter(year=self.value()) if self.value() else queryset


@admin.register(KPITarget)
class KPITargetAdmin(
    LargeTableAdminMixin,
    ImportExportPermissionsMixin,
    RelatedChoicesMixin,
    ImportExportModelAdmin,
    SimpleHistoryAdmin,
):
    formfield_overrides = AMOUNT_FORMFIELDS
    resource_classes = [KPITargetResource]
    form = KPITargetForm
    list_display = ("partner", "agreement_reference", "kpi", "year", "target", "status", "note")
    list_filter = (TargetYearFilter, "status", "kpi", "agreement__partner__is_structural")
    # The newest year first, by agreement and KPI: the index kpi_target_year_agreement_kpi (the model's own
    # ordering sorts every target by its partner's name).
    ordering = ("-year", "agreement_id", "kpi_id")
    # Drafts are confirmed, together with the year's budget lines, by evaluations.services.year_confirm.
    readonly_fields = ("status", "confirmed_at", "confirmed_by")
    search_fields = ("agreement__reference", "agreement__partner__name", "kpi__code", "kpi__name")
    autocomplete_fields = ("agreement", "kpi")
    choice_select_related = {"agreement": ("partner",)}
    list_select_related = ("agreement__partner", "kpi")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.list_select_related)

    @admin.display(description=_("partner"), ordering="agreement__partner__name")
    def partner(self, obj):
        return obj.agreement.partner

    @admin.display(description=_("agreement"), ordering="agreement__reference")
    def agreement_reference(self, obj):
        return obj.agreement.reference

    @admin.display(description=_("target"), ordering="target_value")
    def target(self, obj):
        return number(obj.target_value)


class LateFilter(YesNoFilter):
    title = _("late")
    parameter_name = "late"

    def filter_yes(self, queryset):
        return queryset.filter(status__in=OPEN_STATUSES, deadline__lt=timezone.localdate())

    def filter_no(self, queryset):
        return queryset.exclude(status__in=OPEN_STATUSES, deadline__lt=timezone.localdate())


class KPIResultInline(admin.TabularInline):
    formfield_overrides = AMOUNT_FORMFIELDS
    model = KPIResult
    fields = ("target", "actual_value", "comment", "evidence", "achievement", "rating")
    readonly_fields = ("achievement", "rating")
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("report__agreement__partner", "target__kpi")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None and "target" in formset.form.base_fields:
            # Only the targets of this report's agreement and year belong in it.
            targets = KPITarget.objects.filter(agreement_id=obj.agreement_id, year=obj.year)
            formset.form.base_fields["target"].queryset = targets.select_related("agreement__partner", "kpi")
        return formset

    @admin.display(description=_("achievement"))
    def achievement(self, obj):
        return percent(obj.achievement()) if obj.pk else EMPTY

    @admin.display(description=_("rating"))
    def rating(self, obj):
        return Rating(obj.rating()).label if obj.pk else EMPTY


class TransitionInline(ReadOnlyAdminMixin, admin.TabularInline):
    """The recorded steps of a report or an evaluation (evaluations.workflow): read-only, oldest first."""

    fields = ("at", "from_status", "to_status", "by", "comment")
    readonly_fields = fields
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")


class ReportTransitionInline(TransitionInline):
    model = ReportTransition


@admin.register(KPIReport)
class KPIReportAdmin(LargeTableAdminMixin, RelatedChoicesMixin, SimpleHistoryAdmin):
    list_display = (
        "__str__",
        "partner",
        "year",
        "status",
        "deadline",
        "is_late",
        "submitted_at",
        "submitted_by",
        "validated_at",
        "validated_by",
    )
    list_filter = ("status", "year", LateFilter, "agreement__partner__is_structural")
    search_fields = ("agreement__partner__name", "agreement__partner__slug", "agreement__reference")
    autocomplete_fields = ("agreement",)
    choice_select_related = {"agreement": ("partner",)}
    list_select_related = ("agreement__partner", "submitted_by", "validated_by")
    # The newest year first (the index kpi_report_year_agreement), not sorted by the partners' names.
    ordering = ("-year", "agreement_id")
    date_hierarchy = "deadline"
    # The workflow (submit, validate, return) runs through evaluations.services, which records each
    # transition and notifies the other side; the admin shows its state but does not bypass it.
    readonly_fields = (
        "status",
        "submitted_at",
        "submitted_by",
        "validated_at",
        "validated_by",
        "review_comment",
        "version",
        "updated_at",
    )
    fieldsets = (
        (None, {"fields": ("agreement", "year", "status", "deadline")}),
        (_("Workflow"), {"fields": ("submitted_at", "submitted_by", "validated_at", "validated_by", "review_comment")}),
        (_("History"), {"fields": ("version", "updated_at")}),
    )
    inlines = (KPIResultInline, ReportTransitionInline)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.list_select_related)

    def get_inlines(self, request, obj):
        # A new report has no agreement and year yet, so no targets to report on.
        return self.inlines if obj is not None else ()

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        # Its results belong to this agreement and year: a report does not move.
        return (*readonly, "agreement", "year") if obj is not None else readonly

    @admin.display(description=_("partner"), ordering="agreement__partner__name")
    def partner(self, obj):
        return obj.agreement.partner

    @admin.display(description=_("late"), boolean=True)
    def is_late(self, obj):
        return obj.is_late()


class ResultYearFilter(TargetYearFilter):
    """The results of a year (their report's year): the years of the reports, one row per agreement and year."""

    parameter_name = "report__year"

    def lookups(self, request, model_admin):
        years = KPIReport.objects.order_by("-year").values_list("year", flat=True).distinct()
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        return queryset.filter(report__year=self.value()) if self.value() else queryset


@admin.register(KPIResult)
class KPIResultAdmin(
    LargeTableAdminMixin,
    ImportExportPermissionsMixin,
    RelatedChoicesMixin,
    ImportExportModelAdmin,
    SimpleHistoryAdmin,
):
    resource_classes = [KPIResultResource]
    formfield_overrides = AMOUNT_FORMFIELDS
    list_display = (
        "partner",
        "year",
        "kpi",
        "target_value",
        "result",
        "achievement",
        "rating",
        "report_status",
    )
    list_filter = ("report__status", ResultYearFilter, "target__kpi")
    search_fields = (
        "report__agreement__partner__name",
        "report__agreement__reference",
        "target__kpi__code",
        "target__kpi__name",
    )
    autocomplete_fields = ("report", "target")
    choice_select_related = {"report": ("agreement__partner",), "target": ("agreement__partner", "kpi")}
    list_select_related = ("report__agreement__partner", "target__kpi", "target__agreement__partner")
    # The newest reports' results first, on the index of the report key: the model's own ordering sorts a
    # six-table join of all 200.000 results (at 1.000 partners) to show a hundred.
    ordering = ("-report_id", "pk")
    readonly_fields = ("achievement", "rating", "updated_at")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.list_select_related)

    def save_model(self, request, obj, form, change):
        if "evidence" in form.changed_data and obj.evidence:
            obj.evidence_name = form.cleaned_data["evidence"].name
        super().save_model(request, obj, form, change)

    @admin.display(description=_("partner"), ordering="report__agreement__partner__name")
    def partner(self, obj):
        return obj.report.agreement.partner

    @admin.display(description=_("year"), ordering="report__year")
    def year(self, obj):
        return obj.report.year

    @admin.display(description=_("KPI"), ordering="target__kpi__code")
    def kpi(self, obj):
        return obj.target.kpi

    @admin.display(description=_("target"), ordering="target__target_value")
    def target_value(self, obj):
        return number(obj.target.target_value)

    @admin.display(description=_("result"), ordering="actual_value")
    def result(self, obj):
        return number(obj.actual_value)

    @admin.display(description=_("achievement"))
    def achievement(self, obj):
        return percent(obj.achievement()) if obj.pk else EMPTY

    @admin.display(description=_("rating"))
    def rating(self, obj):
        return Rating(obj.rating()).label if obj.pk else EMPTY

    @admin.display(description=_("report status"), ordering="report__status")
    def report_status(self, obj):
        return obj.report.get_status_display()


@admin.register(ReportTransition)
class ReportTransitionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The audit trail of the KPI reporting workflow: written by the workflow, never edited by hand."""

    list_display = ("report", "from_status", "to_status", "by", "at", "comment")
    list_filter = ("to_status", "from_status")
    search_fields = ("report__agreement__partner__name", "comment", "by__username", "by__last_name")
    list_select_related = ("report__agreement__partner", "by")
    date_hierarchy = "at"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.list_select_related)


class ImprovementPointInline(admin.TabularInline):
    model = ImprovementPoint
    fields = ("title", "partner", "kpi", "owner", "due_date", "status")
    autocomplete_fields = ("partner", "kpi", "owner")
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("partner", "kpi", "owner", "evaluation__agreement")


class EvaluationScoreInline(admin.TabularInline):
    model = EvaluationScore
    fields = ("kpi", "score", "comment")
    autocomplete_fields = ("kpi",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("evaluation__agreement__partner", "kpi")


class EvaluationTransitionInline(TransitionInline):
    model = EvaluationTransition


@admin.register(Evaluation)
class EvaluationAdmin(RelatedChoicesMixin, SimpleHistoryAdmin):
    list_display = ("__str__", "partner", "year", "date", "score", "status", "moment", "created_by")
    list_filter = ("status", "year", "score", "agreement__partner__is_structural")
    search_fields = ("agreement__partner__name", "agreement__reference", "conclusion")
    autocomplete_fields = ("agreement", "moment", "created_by")
    choice_select_related = {"agreement": ("partner",)}
    list_select_related = ("agreement__partner", "moment", "created_by")
    date_hierarchy = "date"
    # Submitting, signing off, sharing and the partner's response run through evaluations.services,
    # which record each step: the admin shows them but does not bypass them.
    readonly_fields = (
        "status",
        "signed_off_at",
        "signed_off_by",
        "shared_at",
        "partner_response",
        "partner_responded_at",
        "version",
    )
    fieldsets = (
        (None, {"fields": ("agreement", "year", "date", "moment", "created_by")}),
        (_("Assessment"), {"fields": ("score", "conclusion")}),
        (
            _("Workflow"),
            {
                "fields": (
                    "status",
                    "signed_off_at",
                    "signed_off_by",
                    "shared_at",
                    "partner_response",
                    "partner_responded_at",
                    "version",
                )
            },
        ),
    )
    inlines = (EvaluationScoreInline, ImprovementPointInline, EvaluationTransitionInline)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.list_select_related)

    def get_changeform_initial_data(self, request):
        return {"created_by": request.user.pk, **super().get_changeform_initial_data(request)}

    @admin.display(description=_("partner"), ordering="agreement__partner__name")
    def partner(self, obj):
        return obj.partner or _("whole programme")


@admin.register(EvaluationScore)
class EvaluationScoreAdmin(RelatedChoicesMixin, SimpleHistoryAdmin):
    list_display = ("evaluation", "kpi", "score", "comment")
    list_filter = ("score", "kpi", "evaluation__year")
    search_fields = ("evaluation__agreement__partner__name", "kpi__code", "kpi__name", "comment")
    autocomplete_fields = ("evaluation", "kpi")
    choice_select_related = {"evaluation": ("agreement__partner",)}
    list_select_related = ("evaluation__agreement__partner", "kpi")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.list_select_related)


@admin.register(EvaluationTransition)
class EvaluationTransitionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The audit trail of the evaluation workflow: written by the workflow, never edited by hand."""

    list_display = ("evaluation", "from_status", "to_status", "by", "at", "comment")
    list_filter = ("to_status", "from_status")
    search_fields = ("evaluation__agreement__partner__name", "comment", "by__username", "by__last_name")
    list_select_related = ("evaluation__agreement__partner", "by")
    date_hierarchy = "at"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.list_select_related)


class ImprovementNoteInline(admin.TabularInline):
    model = ImprovementNote
    fields = ("text", "author", "created_at")
    readonly_fields = ("author", "created_at")
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("point", "author")


@admin.register(ImprovementPoint)
class ImprovementPointAdmin(RelatedChoicesMixin, SimpleHistoryAdmin):
    list_display = ("title", "partner_or_programme", "evaluation", "kpi", "owner", "due_date", "status")
    list_filter = ("status", "kpi", "partner__is_structural", "partner")
    search_fields = ("title", "description", "partner__name")
    autocomplete_fields = ("evaluation", "partner", "kpi", "owner")
    choice_select_related = {"evaluation": ("agreement__partner",)}
    list_select_related = ("partner", "kpi", "owner", "evaluation__agreement__partner")
    date_hierarchy = "due_date"
    readonly_fields = ("created_at", "status_changed_at")
    inlines = (ImprovementNoteInline,)

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            obj.status_changed_at = timezone.now()
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is ImprovementNote:
            for note_form in formset.forms:
                if note_form.instance.pk is None and note_form.has_changed():
                    note_form.instance.author = request.user
        super().save_formset(request, form, formset, change)

    @admin.display(description=_("partner"), ordering="partner__name")
    def partner_or_programme(self, obj):
        return obj.partner or _("whole programme")


@admin.register(ImprovementNote)
class ImprovementNoteAdmin(SimpleHistoryAdmin):
    list_display = ("point", "author", "created_at", "excerpt")
    search_fields = ("text", "point__title", "point__partner__name")
    autocomplete_fields = ("point", "author")
    list_select_related = ("point", "author")
    date_hierarchy = "created_at"

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    @admin.display(description=_("follow-up"))
    def excerpt(self, obj):
        return obj.text if len(obj.text) <= 80 else f"{obj.text[:80]}…"


class ActionOverlapInline(admin.TabularInline):
    """The overlaps detected when the action was saved or proposed, and how each ended (issue 15)."""

    model = ActionOverlap
    fk_name = "action"
    fields = ("other", "outcome", "reason", "co_organiser", "detected_at", "resolved_by", "resolved_at")
    raw_id_fields = ("other", "co_organiser", "resolved_by")
    readonly_fields = ("detected_at",)
    extra = 0


class CoOrganiserInline(admin.TabularInline):
    """The partners (or FIT: no partner) invited to run the action too, or that asked to join it (issue 15)."""

    model = CoOrganiser
    fields = ("partner", "origin", "status", "message", "asked_by", "asked_at", "answered_by", "answered_at")
    autocomplete_fields = ("partner",)
    raw_id_fields = ("asked_by", "answered_by")
    extra = 0


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    inlines = (CoOrganiserInline, ActionOverlapInline)
    list_display = ("title", "year", "owner", "type", "start_date", "country", "versnelling", "status")
    list_filter = ("year", "status", "type", "versnelling", "themes", "partner__is_structural")
    search_fields = ("title", "description", "country", "partner__name")
    autocomplete_fields = ("partner", "versnelling", "decided_by")
    filter_horizontal = ("themes",)
    list_select_related = ("partner", "versnelling")
    date_hierarchy = "start_date"
    readonly_fields = ("decided_at", "cancelled_by", "cancelled_at")
    fieldsets = (
        (None, {"fields": ("year", "partner", "title", "description", "type")}),
        (_("When and where"), {"fields": ("start_date", "end_date", "country")}),
        (_("Classification"), {"fields": ("versnelling", "themes")}),
        (_("Decision"), {"fields": ("status", "decision_reason", "decided_by", "decided_at")}),
        (_("Cancellation"), {"fields": ("cancellation_reason", "cancelled_by", "cancelled_at")}),
    )

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data and obj.status in (Action.Status.ACCEPTED, Action.Status.DECLINED):
            if "decided_by" not in form.changed_data:
                obj.decided_by = request.user
            obj.decided_at = timezone.now()
        super().save_model(request, obj, form, change)

    @admin.display(description=_("of"), ordering="partner__name")
    def owner(self, obj):
        return obj.partner or _("FIT")


@admin.register(ProgrammePublication)
class ProgrammePublicationAdmin(admin.ModelAdmin):
    """The published action programmes (issue 15); FIT publishes a year from its staff page."""

    list_display = ("year", "published_at", "published_by")
    readonly_fields = ("published_at", "published_by")
    fields = ("year", "note", "published_at", "published_by")


@admin.register(OverlapRule)
class OverlapRuleAdmin(admin.ModelAdmin):
    """FIT sets the overlap window here: one rule for the whole programme, never deleted (without it the
    deployment's default of PORTAL["ACTION_OVERLAP_DAYS"] holds)."""

    list_display = ["__str__", "changed_by", "changed_at"]
    readonly_fields = ["changed_by", "changed_at"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not OverlapRule.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.changed_by = request.user
        super().save_model(request, obj, form, change)
