from django.urls import path

from .views import contacts, directory, home, moments, staff

app_name = "partners"

urlpatterns = [
    path("partner/", home.home, name="home"),
    path("partner/moments/", moments.moment_list, name="moment_list"),
    path("partner/moments/<int:pk>/", moments.moment_detail, name="moment_detail"),
    path("partner/moments/<int:pk>/ics/", moments.moment_download, name="moment_ics"),
    path("partner/moments/<int:pk>/comments/", moments.moment_comment, name="moment_comment"),
    path("partner/moments/<int:pk>/approval/", moments.moment_approval, name="moment_approval"),
    path("partner/calendar/", moments.calendar_settings, name="calendar"),
    path("partner/calendar/renew/", moments.calendar_renew, name="calendar_renew"),
    path("partner/calendar/revoke/", moments.calendar_revoke, name="calendar_revoke"),
    path("calendar/<str:token>.ics", moments.calendar_feed, name="calendar_feed"),
    path("partner/contacts/", contacts.contact_list, name="contact_list"),
    path("partner/contacts/new/", contacts.contact_edit, name="contact_create"),
    path("partner/contacts/<int:pk>/", contacts.contact_edit, name="contact_edit"),
    path("partner/contacts/<int:pk>/toggle/", contacts.contact_toggle, name="contact_toggle"),
    path("partner/contacts/<int:pk>/delete/", contacts.contact_remove, name="contact_delete"),
    path("partner/contacts/<int:pk>/listing/", directory.contact_listing, name="contact_listing"),
    # The partner network: every partner reads the others' profiles and keeps its own up to date.
    path("partner/network/", directory.directory, name="directory"),
    path("partner/network/<slug:slug>/", directory.profile, name="profile"),
    path("partner/network/<slug:slug>/edit/", directory.profile_edit, name="profile_edit"),
    # Staff side: planning and following up consultation moments
    path("staff/moments/", staff.moment_list, name="staff_moment_list"),
    path("staff/moments/new/", staff.moment_edit, name="staff_moment_create"),
    path("staff/moments/<int:pk>/", staff.moment_detail, name="staff_moment_detail"),
    path("staff/moments/<int:pk>/edit/", staff.moment_edit, name="staff_moment_edit"),
    path("staff/moments/<int:pk>/publish/", staff.moment_publish_view, name="staff_moment_publish"),
    path("staff/moments/<int:pk>/cancel/", staff.moment_cancel_view, name="staff_moment_cancel"),
    path("staff/moments/<int:pk>/withdraw/", staff.invitation_withdraw_view, name="staff_invitation_withdraw"),
    path("staff/moments/<int:pk>/attendance/", staff.moment_attendance_view, name="staff_moment_attendance"),
    path("staff/moments/<int:pk>/minutes/", staff.moment_minutes_view, name="staff_moment_minutes"),
    path("staff/partners/<int:pk>/rhythm/", staff.partner_rhythm, name="staff_partner_rhythm"),
    path("staff/moments/<int:pk>/approval/", staff.moment_ask_approval_view, name="staff_moment_ask_approval"),
    path("staff/calendar/", staff.calendar_settings, name="staff_calendar"),
    path("staff/calendar/renew/", staff.calendar_renew, name="staff_calendar_renew"),
    path("staff/calendar/revoke/", staff.calendar_revoke, name="staff_calendar_revoke"),
]
