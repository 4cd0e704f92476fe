from django.urls import path

from . import views

app_name = "library"

urlpatterns = [
    # Partner side
    path("documents/", views.document_list, name="document_list"),
    path("documents/upload/", views.document_upload, name="document_upload"),
    path("documents/<int:pk>/", views.document_detail, name="document_detail"),
    # Both sides (scoped per user)
    path("documents/versions/<int:pk>/download/", views.download, name="download"),
    # Staff side
    path("staff/documents/", views.staff_document_list, name="staff_document_list"),
    path("staff/documents/new/", views.staff_document_create, name="staff_document_create"),
    path("staff/documents/usage/", views.staff_usage, name="staff_usage"),
    path("staff/documents/<int:pk>/", views.staff_document_detail, name="staff_document_detail"),
    path("staff/documents/<int:pk>/version/", views.staff_document_version, name="staff_document_version"),
]
