from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("KPIs and evaluation")

    def ready(self):
        from notifications.services import register_context_loader, register_daily_planner, register_relevance_check
        from partners.calendar import register_feed_source
        from partners.home import register_home_section

        from .calendar import kpi_deadlines_for
        from .home import partner_home_section
        from .services.notices import (
            DEADLINE_CHAIN,
            VALIDATION_CHAIN,
            evaluation_for_message,
            report_for_message,
            report_message_is_due,
        )
        from .services.reports import kpi_reports_plan_deadlines

        register_home_section(partner_home_section)
        register_feed_source(kpi_deadlines_for)
        register_daily_planner(kpi_reports_plan_deadlines)
        register_context_loader("report_id", report_for_message)
        register_context_loader("evaluation_id", evaluation_for_message)
        register_relevance_check(DEADLINE_CHAIN + VALIDATION_CHAIN, report_message_is_due)
