"""The surveys in the admin: FIT staff read every survey and answer there and may correct a draft's wording.

A survey is made and sent on the portal's pages (staff/surveys/), which write the partners' notices, so the
admin adds none; what partners answered is their own word and is read-only here.
"""

from django.contrib import admin

from .models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse


class SurveyQuestionInline(admin.TabularInline):
    model = SurveyQuestion
    extra = 0
    fields = ["order", "text", "kind"]

    def _is_draft(self, obj) -> bool:
        return obj is None or obj.status == Survey.Status.DRAFT

    # Once sent, the partners answer these very questions: their wording no longer changes.
    def has_add_permission(self, request, obj=None):
        return self._is_draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._is_draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._is_draft(obj) and super().has_delete_permission(request, obj)


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "moment", "status", "opens_on", "closes_on", "sent_at"]
    list_filter = ["status", "moment__kind"]
    list_select_related = ["moment"]
    search_fields = ["title", "moment__title"]
    date_hierarchy = "opens_on"
    readonly_fields = ["moment", "status", "sent_at", "created_by", "created_at"]
    inlines = [SurveyQuestionInline]

    def has_add_permission(self, request):
        return False  # made and sent on staff/surveys/, which tells the invited partners


class SurveyAnswerInline(admin.TabularInline):
    model = SurveyAnswer
    extra = 0
    fields = ["question", "score", "text"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("question")


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):
    list_display = ["survey", "partner", "user", "submitted_at"]
    list_filter = ["survey"]
    list_select_related = ["survey", "partner", "user"]
    search_fields = ["partner__name", "survey__title"]
    readonly_fields = ["survey", "partner", "user", "submitted_at"]
    inlines = [SurveyAnswerInline]

    def has_add_permission(self, request):
        return False  # a partner's own answers, given on the portal

    def has_change_permission(self, request, obj=None):
        return False
