from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    # Partner side
    path("surveys/", views.survey_list, name="survey_list"),
    path("surveys/<int:pk>/", views.survey_answer_view, name="survey_answer"),
    # Staff side
    path("staff/surveys/", views.staff_survey_list, name="staff_survey_list"),
    path("staff/surveys/new/", views.staff_survey_edit, name="staff_survey_create"),
    path("staff/surveys/<int:pk>/", views.staff_survey_results, name="staff_survey_results"),
    path("staff/surveys/<int:pk>/edit/", views.staff_survey_edit, name="staff_survey_edit"),
    path("staff/surveys/<int:pk>/send/", views.staff_survey_send, name="staff_survey_send"),
    path("staff/surveys/<int:pk>/close/", views.staff_survey_close, name="staff_survey_close"),
    path("staff/surveys/<int:pk>/export/", views.staff_survey_export, name="staff_survey_export"),
]
