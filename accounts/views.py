import logging

from allauth.account.views import LoginView as AllauthLoginView
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from portal.decorators import partner_required, staff_required

from .audit import audit, client_ip
from .forms import DownloadFilterForm, LoginForm
from .models import AuditEvent

logger = logging.getLogger(__name__)

# At most this many password-reset mails per address, and requests per client address, per hour.
RESET_LIMIT_PER_EMAIL = 3
RESET_LIMIT_PER_IP = 10
RESET_WINDOW_SECONDS = 3600


class LoginView(AllauthLoginView):
    """allauth's log-in (then its second step, when the user has one) on the portal's page."""

    form_class = LoginForm
    template_name = "registration/login.html"

    def get_context_data(self, **kwargs):
        # The button "With your FIT account" when single sign-on is configured (settings.OIDC_SERVER_URL).
        return {
            **super().get_context_data(**kwargs),
            "sso_name": settings.OIDC_PROVIDER_NAME if settings.OIDC_SERVER_URL else "",
        }


def _over_limit(key: str, limit: int) -> bool:
    """Count one more hit on `key` in the current window; True when it goes over `limit`.

    With the cache (Redis) down the reset still works, unthrottled: better than refusing everyone.
    """
    try:
        cache.add(key, 0, RESET_WINDOW_SECONDS)
        try:
            return cache.incr(key) > limit
        except ValueError:  # the key expired between add and incr
            cache.set(key, 1, RESET_WINDOW_SECONDS)
            return False
    except Exception:
        logger.warning("Password-reset throttle unavailable: the cache does not answer")
        return False


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Django's reset view, throttled per e-mail address and per client, and silent about both.

    Over the limit the user sees the same "check your mailbox" page, so neither the throttle nor
    the existence of an account is revealed; no mail is sent.
    """

    success_url = reverse_lazy("password_reset_done")

    @property
    def extra_email_context(self):
        # The link points where the portal is served (SITE_URL), never at the Host header of the request.
        return {"site_url": settings.SITE_URL}

    def form_valid(self, form):
        email = form.cleaned_data["email"].lower()
        ip = client_ip(self.request) or "unknown"
        throttled = _over_limit(f"pwreset:ip:{ip}", RESET_LIMIT_PER_IP) or _over_limit(
            f"pwreset:email:{email}", RESET_LIMIT_PER_EMAIL
        )
        audit(AuditEvent.Kind.PASSWORD_RESET, request=self.request, username=email, throttled=throttled)
        if throttled:
            return redirect(self.success_url)
        return super().form_valid(form)


def locked_out(request, original_response=None, credentials=None):
    """django-axes calls this after too many failed log-ins: say so, clearly, on the log-in page."""
    from django.conf import settings
    from django.shortcuts import render

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    audit(AuditEvent.Kind.LOCKED_OUT, request=request, username=username)
    messages.error(
        request,
        _(
            "Too many failed login attempts. Your account has been locked on this "
            "device for %(minutes)d minutes. Forgotten your password? Request a new "
            "one."
        )
        % {"minutes": minutes},
    )
    return render(
        request, "registration/login.html", {"form": LoginForm(request=request), "locked_out": True}, status=429
    )


def home(request):
    """Send everyone to their side of the portal: partner users to their organisation, FIT to the staff side."""
    user = request.user
    if not user.is_authenticated:
        return redirect("login")
    if user.is_fit_staff:
        return redirect("evaluations:staff_home")
    if getattr(user, "contact", None) is not None and user.contact.is_active:
        return redirect("partners:home")
    return redirect("no_role")


@staff_required
def download_log(request):
    """Every file that left the portal (evidence, documents, exports, the annual report): who, what, when."""
    events = AuditEvent.objects.downloads()
    partners = sorted(
        {
            (e["detail__partner_id"], e["detail__partner"])
            for e in events.filter(detail__has_key="partner_id").values("detail__partner_id", "detail__partner")
        },
        key=lambda pair: str(pair[1]).lower(),
    )
    filters = DownloadFilterForm(request.GET or None, partners=partners)
    page = Paginator(filters.apply(events).order_by("-at"), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/download_log.html", {"page": page, "filters": filters})


@partner_required
def evidence_downloads(request):
    """Who at FIT downloaded the partner's evidence, and when."""
    events = AuditEvent.objects.downloads().filter(detail__what="evidence").of_partner(request.partner_id).by_fit()
    page = Paginator(events.order_by("-at"), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/evidence_downloads.html", {"page": page})
