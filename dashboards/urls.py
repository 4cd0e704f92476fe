from django.urls import path

import portal.converters  # noqa: F401  (registers <year:...>)

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.index, name="index"),
    path("evaluations/", views.overview, name="overview"),
    path("partners/<int:pk>/", views.partner, name="partner"),
    path("budget/", views.budget, name="budget"),
    path("consultation/", views.consultation, name="consultation"),
    path("communication/", views.communication, name="communication"),
    path("cooperation/", views.cooperation, name="cooperation"),
    path("value-for-money/", views.value, name="value"),
    path("account-managers/", views.account_managers, name="account_managers"),
    path("annual-report/", views.annual_report_index, name="annual_report_index"),
    path("annual-report/<year:year>/", views.annual_report, name="annual_report"),
    path("annual-report/<year:year>/pdf/", views.annual_report_pdf, name="annual_report_pdf"),
    path("annual-report/<year:year>/docx/", views.annual_report_word, name="annual_report_docx"),
]
