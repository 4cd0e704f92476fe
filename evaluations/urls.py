from django.urls import path

import portal.converters  # noqa: F401  (registers <year:...>)

from .views import actions, cycle, improvements, public, reports, staff, staff_programme

app_name = "evaluations"

urlpatterns = [
    # Partner side
    path("partner/reports/", reports.report_list, name="report_list"),
    path("partner/reports/<year:year>/", reports.report_edit, name="report_edit"),
    path("partner/actions/", actions.action_list, name="action_list"),
    path("partner/actions/new/", actions.action_edit, name="action_create"),
    path("partner/actions/<int:pk>/edit/", actions.action_edit, name="action_edit"),
    path("partner/actions/<int:pk>/submit/", actions.action_submit_view, name="action_submit"),
    path("partner/actions/<int:pk>/delete/", actions.action_delete, name="action_delete"),
    path("partner/evaluations/", cycle.partner_evaluation_list, name="partner_evaluation_list"),
    path("partner/evaluations/<int:pk>/", cycle.partner_evaluation, name="partner_evaluation"),
    # Both sides (scoped per user)
    path("evidence/<int:pk>/", reports.evidence_download, name="evidence"),
    path("improvements/", improvements.improvement_list, name="improvement_list"),
    path("improvements/<int:pk>/", improvements.improvement_detail, name="improvement_detail"),
    path("programme/", actions.programme, name="programme"),
    path("programme/<year:year>/", actions.programme, name="programme_year"),
    # The published action programme: public, no log-in (issue 15)
    path("programma/", public.programme_index, name="public_programme_index"),
    path("programma/<year:year>/", public.programme, name="public_programme"),
    path("programma/<year:year>/afdrukken/", public.programme_print, name="public_programme_print"),
    path("programma/<year:year>/actieprogramma.pdf", public.programme_pdf, name="public_programme_pdf"),
    path("programma/<year:year>/actieprogramma.csv", public.programme_csv_view, name="public_programme_csv"),
    path("programma/<year:year>/actieprogramma.xlsx", public.programme_xlsx_view, name="public_programme_xlsx"),
    path("programma/<year:year>/actieprogramma.ics", public.programme_ics_view, name="public_programme_ics"),
    # Staff side
    path("staff/programme/", staff_programme.publication_list, name="staff_programme"),
    path("staff/programme/<year:year>/", staff_programme.publication_detail, name="staff_programme_year"),
    path("staff/programme/<year:year>/publish/", staff_programme.publish, name="staff_programme_publish"),
    path("staff/programme/<year:year>/unpublish/", staff_programme.unpublish, name="staff_programme_unpublish"),
    path("staff/actions/<int:pk>/cancel/", staff_programme.action_cancel_view, name="action_cancel"),
    path("staff/", staff.staff_home, name="staff_home"),
    path("staff/reports/", staff.report_list, name="staff_report_list"),
    path("staff/reports/<int:pk>/", reports.report_review, name="report_review"),
    path("staff/proposals/", actions.proposals, name="proposals"),
    path("staff/proposals/<int:pk>/decide/", actions.action_decide_view, name="action_decide"),
    path("staff/prepare/<year:year>/", cycle.prepare_overview, name="prepare_overview"),
    path("staff/prepare/<year:year>/<int:pk>/", cycle.prepare_agreement, name="prepare_agreement"),
    path("staff/agreements/<int:pk>/renew/", cycle.agreement_renew_view, name="agreement_renew"),
    path("staff/evaluations/", cycle.evaluation_list, name="evaluation_list"),
    path("staff/evaluations/start/", cycle.evaluation_start_view, name="evaluation_start"),
    path("staff/evaluations/<int:pk>/", cycle.evaluation_edit, name="evaluation_edit"),
    path("staff/evaluations/<int:pk>/step/", cycle.evaluation_step, name="evaluation_step"),
    path("staff/follow-up/", cycle.follow_up, name="follow_up"),
    path("staff/targets/<int:pk>/change/", cycle.target_change_view, name="target_change"),
]
