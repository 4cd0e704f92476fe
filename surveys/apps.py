from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Surveys")

    def ready(self):
        from evaluations.evidence import register_kpi_evidence
        from notifications.models import Kind
        from notifications.services import register_context_loader, register_relevance_check
        from portal.todo import register_todo_provider

        from .figures import SATISFACTION_KPI_CODE, satisfaction_evidence
        from .services import survey_for_message, survey_message_is_due
        from .todo import surveys_todo

        # A survey's message names it by id; it goes out only while the survey is open.
        register_context_loader("survey_id", survey_for_message)
        register_relevance_check([Kind.SURVEY], survey_message_is_due)
        register_todo_provider(surveys_todo)
        # The year's satisfaction beside the satisfaction KPI's reported result on the review page.
        register_kpi_evidence(SATISFACTION_KPI_CODE, satisfaction_evidence)
