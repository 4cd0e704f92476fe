from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("KPIs and evaluation")

    def ready(self):
        from notifications.services import register_context_loader, register_daily_planner, register_relevance_check
        from partners.calendar import register_feed_source
        from partners.home import register_home_section
        from portal.panels import register_object_panel
        from portal.todo import register_todo_provider
        from portal.working_year import register_year_source

        from .calendar import kpi_deadlines_for
        from .home import partner_home_section
        from .panels import partner_actions_panel
        from .services.notices import (
            DEADLINE_CHAIN,
            VALIDATION_CHAIN,
            evaluation_for_message,
            report_for_message,
            report_message_is_due,
        )
        from .services.overlaps import action_for_message, other_action_for_message
        from .services.reports import kpi_reports_plan_deadlines
        from .todo import account_manager_todo, manager_todo, partner_todo, staff_todo
        from .years import years_with_targets

        register_home_section(partner_home_section)
        register_feed_source(kpi_deadlines_for)
        register_daily_planner(kpi_reports_plan_deadlines)
        register_context_loader("report_id", report_for_message)
        register_context_loader("evaluation_id", evaluation_for_message)
        register_context_loader("action_id", action_for_message)
        register_context_loader("other_action_id", other_action_for_message)
        register_relevance_check(DEADLINE_CHAIN + VALIDATION_CHAIN, report_message_is_due)
        # The portal's working year: the open cycle is the latest year with targets (evaluations' rule).
        register_year_source(years_with_targets)
        register_todo_provider(partner_todo)
        register_todo_provider(account_manager_todo)
        register_todo_provider(manager_todo)
        register_todo_provider(staff_todo)
        # A partner's profile in the partner network shows its accepted actions (issue 15).
        register_object_panel(["partners.Partner"], partner_actions_panel)
