from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

admin.site.site_header = _("FIT partnerportaal – beheer")
admin.site.site_title = _("FIT partnerportaal")
admin.site.index_title = _("Beheer van de partnerwerking")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", RedirectView.as_view(pattern_name="admin:index"), name="home"),
]
