from allauth.account import views as allauth_views
from allauth.socialaccount import views as social_views
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.views.generic import TemplateView

from . import views

# The log-in and log-out of django-allauth, Django's password views, all in the portal's templates
# (templates/registration/, templates/account/). The portal's names as Django's own.
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", allauth_views.logout, name="logout"),
    path("password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password/reset/", views.ThrottledPasswordResetView.as_view(), name="password_reset"),
    path("password/reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("no-role/", login_required(TemplateView.as_view(template_name="registration/no_role.html")), name="no_role"),
    # The audit of downloads: the whole log for FIT, a partner's evidence downloaded by FIT for the partner.
    path("downloads/", views.download_log, name="download_log"),
    path("downloads/evidence/", views.evidence_downloads, name="evidence_downloads"),
    # allauth reverses its own names: the same pages under them, and the few of its pages the portal uses.
    path("login/", views.LoginView.as_view(), name="account_login"),
    path("logout/", allauth_views.logout, name="account_logout"),
    path("password/reset/", views.ThrottledPasswordResetView.as_view(), name="account_reset_password"),
    path("inactive/", allauth_views.account_inactive, name="account_inactive"),
    path("reauthenticate/", allauth_views.reauthenticate, name="account_reauthenticate"),
    # Two-step log-in: the overview "Two-step log-in", authenticator app, recovery codes, passkeys.
    path("2fa/", include("allauth.mfa.urls")),
    # Single sign-on for FIT staff (OpenID Connect): oidc/fit/login/ and its callback.
    path("", include("allauth.socialaccount.providers.openid_connect.urls")),
    path("sso/cancelled/", social_views.login_cancelled, name="socialaccount_login_cancelled"),
    path("sso/error/", social_views.login_error, name="socialaccount_login_error"),
]
