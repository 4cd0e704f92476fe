from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"

router = SimpleRouter()
router.register("partners", views.PartnerViewSet, basename="partner")
router.register("agreements", views.AgreementViewSet, basename="agreement")
router.register("kpi-targets", views.KPITargetViewSet, basename="kpi-target")
router.register("budget-lines", views.BudgetLineViewSet, basename="budget-line")
router.register("payments", views.PaymentViewSet, basename="payment")
router.register("moments", views.MomentViewSet, basename="moment")
router.register("programme", views.ProgrammeViewSet, basename="programme")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
