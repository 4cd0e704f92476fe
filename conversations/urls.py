from django.urls import path

from . import views

app_name = "conversations"

urlpatterns = [
    path("conversations/", views.thread_list, name="thread_list"),
    path("conversations/new/", views.thread_create, name="thread_create"),
    path("conversations/<int:pk>/", views.thread_detail, name="thread_detail"),
    path("conversations/<int:pk>/mark/", views.thread_mark, name="thread_mark"),
    path("conversations/attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("staff/conversations/", views.staff_thread_list, name="staff_thread_list"),
    path("staff/conversations/new/", views.staff_thread_create, name="staff_thread_create"),
    path("staff/conversations/<int:pk>/", views.staff_thread_detail, name="staff_thread_detail"),
    path("staff/conversations/<int:pk>/close/", views.staff_thread_close, name="staff_thread_close"),
]
