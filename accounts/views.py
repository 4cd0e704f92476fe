from django.contrib.auth import views as auth_views
from django.shortcuts import redirect

from .forms import LoginForm


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


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
