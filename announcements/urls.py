from django.urls import path

from . import views

app_name = "announcements"

urlpatterns = [
    # Partner side
    path("announcements/", views.announcement_list, name="announcement_list"),
    path("announcements/<int:pk>/read/", views.announcement_read, name="announcement_read"),
    # Staff side
    path("staff/announcements/", views.staff_announcement_list, name="staff_announcement_list"),
    path("staff/announcements/new/", views.staff_announcement_edit, name="staff_announcement_create"),
    path("staff/announcements/<int:pk>/", views.staff_announcement_detail, name="staff_announcement_detail"),
    path("staff/announcements/<int:pk>/edit/", views.staff_announcement_edit, name="staff_announcement_edit"),
    path("staff/announcements/<int:pk>/publish/", views.staff_announcement_publish, name="staff_announcement_publish"),
]
