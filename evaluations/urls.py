from django.urls import path

from .views import actions, improvements, reports, staff

app_name = "evaluations"

urlpatterns = [
    # Partner side
    path("partner/reports/", reports.report_list, name="report_list"),
    path("partner/reports/<int:year>/", reports.report_edit, name="report_edit"),
    path("partner/actions/", actions.action_list, name="action_list"),
    path("partner/actions/new/", actions.action_edit, name="action_create"),
    path("partner/actions/<int:pk>/edit/", actions.action_edit, name="action_edit"),
    path("partner/actions/<int:pk>/submit/", actions.action_submit_view, name="action_submit"),
    path("partner/actions/<int:pk>/delete/", actions.action_delete, name="action_delete"),
    # Both sides (scoped per user)
    path("evidence/<int:pk>/", reports.evidence_download, name="evidence"),
    path("improvements/", improvements.improvement_list, name="improvement_list"),
    path("improvements/<int:pk>/", improvements.improvement_detail, name="improvement_detail"),
    path("programme/", actions.programme, name="programme"),
    path("programme/<int:year>/", actions.programme, name="programme_year"),
    # Staff side
    path("staff/", staff.staff_home, name="staff_home"),
    path("staff/reports/<int:pk>/", reports.report_review, name="report_review"),
    path("staff/proposals/", actions.proposals, name="proposals"),
    path("staff/proposals/<int:pk>/decide/", actions.action_decide_view, name="action_decide"),
]
