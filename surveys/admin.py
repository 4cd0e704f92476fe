from django.contrib import admin

from .models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse


class QuestionInline(admin.TabularInline):
    model = SurveyQuestion
    extra = 0


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    """Read the surveys here; they are created, sent and closed on the staff pages (surveys.services)."""

    list_display = ["title", "moment", "opens_on", "closes_on", "status"]
    list_filter = ["status"]
    readonly_fields = ["status", "sent_at"]
    inlines = [QuestionInline]


class AnswerInline(admin.TabularInline):
    model = SurveyAnswer
    extra = 0


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):
    list_display = ["survey", "partner", "user", "submitted_at"]
    list_filter = ["survey"]
    inlines = [AnswerInline]
