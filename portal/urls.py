from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts.views import home
from portal.views import healthz, set_working_year

admin.site.site_header = _("FIT partner portal – administration")
admin.site.site_title = _("FIT partner portal")
admin.site.index_title = _("Partnership administration")

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("working-year/", set_working_year, name="set_working_year"),
    path("", include("partners.urls")),
    path("", include("evaluations.urls")),
    path("", include("conversations.urls")),
    path("", include("surveys.urls")),
    path("", include("library.urls")),
    path("", include("announcements.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("api/", include("api.urls")),
    path("", include("notifications.urls")),
]
