"""The portal's URLs plus the floors the benchmarks compare every page with (for ROOT_URLCONF)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import include, path


def trivial(request):
    """The framework's floor: the middleware, and a response without template or query."""
    return HttpResponse("ok", content_type="text/plain")


@login_required
def trivial_page(request):
    """The floor of a portal page: the same, plus the session, the user and their roles, and base.html."""
    return render(request, "benchmarks/floor.html")


urlpatterns = [
    path("__benchmark__/trivial/", trivial, name="benchmark_trivial"),
    path("__benchmark__/page/", trivial_page, name="benchmark_page"),
    path("", include("portal.urls")),
]
