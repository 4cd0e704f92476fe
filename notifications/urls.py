from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("my-notices/", views.preferences, name="preferences"),
]
