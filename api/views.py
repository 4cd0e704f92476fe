"""The read-only API for FIT's reporting tools (issue 17): what the dashboards show, scoped exactly like the
portal. Every queryset starts from the model's `visible_to(user)` (a partner's token sees only its own
organisation); budgets are FIT's own, as in the portal. Paginated, throttled per user, described by the
OpenAPI schema at /api/schema/."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, DecimalField, Prefetch, Q, Sum
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, permissions, viewsets

from budgets.models import BudgetLine, Payment
from evaluations.models import KPITarget, ProgrammePublication
from evaluations.public_programme import PublicProgramme
from partners.choices import Rsvp
from partners.models import Agreement, AgreementYear, ConsultationMoment, Invitation, Partner

from . import serializers
from .models import ApiToken


class IsFitStaff(permissions.BasePermission):
    message = gettext_lazy("Only FIT staff may read the budgets.")

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.is_fit_staff)


class ListFilter(forms.Form):
    """The query parameters every list takes: bad values are a 400 naming the parameter, never a 500."""

    year = forms.IntegerField(required=False, min_value=1900, max_value=2099)
    partner = forms.IntegerField(required=False, min_value=1)


YEAR = OpenApiParameter("year", OpenApiTypes.INT, description="Only this year (1900-2099).")
PARTNER = OpenApiParameter("partner", OpenApiTypes.INT, description="Only this partner (its id).")


class ReadOnly(viewsets.ReadOnlyModelViewSet):
    """A list and a detail, filtered by `year` and `partner` where the model has them."""

    year_field: str | None = None
    partner_field: str | None = None

    def filters(self) -> dict:
        form = ListFilter(self.request.query_params)
        if not form.is_valid():
            raise exceptions.ValidationError(form.errors)
        return form.cleaned_data

    def filtered(self, queryset):
        if self.action != "list":
            return queryset
        wanted = self.filters()
        if self.year_field and wanted["year"] is not None:
            queryset = queryset.filter(**{self.year_field: wanted["year"]})
        if self.partner_field and wanted["partner"] is not None:
            queryset = queryset.filter(**{self.partner_field: wanted["partner"]})
        return queryset


@extend_schema_view(list=extend_schema(parameters=[]))
class PartnerViewSet(ReadOnly):
    serializer_class = serializers.PartnerSerializer

    def get_queryset(self):
        return Partner.objects.visible_to(self.request.user).prefetch_related("versnellingen").order_by("pk")


@extend_schema_view(list=extend_schema(parameters=[PARTNER]))
class AgreementViewSet(ReadOnly):
    serializer_class = serializers.AgreementSerializer
    partner_field = "partner_id"

    def get_queryset(self):
        years = Prefetch("year_amounts", queryset=AgreementYear.objects.order_by("year"))
        queryset = Agreement.objects.visible_to(self.request.user).prefetch_related(years).order_by("pk")
        return self.filtered(queryset)


@extend_schema_view(list=extend_schema(parameters=[YEAR, PARTNER]))
class KPITargetViewSet(ReadOnly):
    """The confirmed targets, each with its validated result (null until FIT validated the report)."""

    serializer_class = serializers.KPITargetSerializer
    year_field, partner_field = "year", "agreement__partner_id"

    def get_queryset(self):
        queryset = (
            KPITarget.objects.visible_to(self.request.user)
            .confirmed()
            .select_related("kpi", "agreement", "result__report")
            .order_by("pk")
        )
        return self.filtered(queryset)


@extend_schema_view(list=extend_schema(parameters=[YEAR, PARTNER]))
class BudgetLineViewSet(ReadOnly):
    """FIT's commitments (vastleggingen) per budget year, with what was paid on each. FIT only."""

    serializer_class = serializers.BudgetLineSerializer
    permission_classes = [permissions.IsAuthenticated, IsFitStaff]
    year_field, partner_field = "budget_year__year", "partner_id"

    def get_queryset(self):
        money = DecimalField(max_digits=12, decimal_places=2)
        paid = Coalesce(Sum("payments__amount"), 0, output_field=money)
        queryset = BudgetLine.objects.select_related("budget_year").annotate(paid=paid).order_by("pk")
        return self.filtered(queryset)


@extend_schema_view(list=extend_schema(parameters=[YEAR, PARTNER]))
class PaymentViewSet(ReadOnly):
    """Payments, in the year they were made (which counts against that year's payment authorisation). FIT only."""

    serializer_class = serializers.PaymentSerializer
    permission_classes = [permissions.IsAuthenticated, IsFitStaff]
    year_field, partner_field = "date__year", "line__partner_id"

    def get_queryset(self):
        return self.filtered(Payment.objects.select_related("line").order_by("pk"))


@extend_schema_view(list=extend_schema(parameters=[YEAR, PARTNER]))
class MomentViewSet(ReadOnly):
    """Consultation moments with their invitations, answers and attendance (a partner: the moments it is invited
    to, as in the portal)."""

    serializer_class = serializers.MomentSerializer
    year_field = "starts_at__year"

    def get_queryset(self):
        # By id from the scoped queryset (which may be DISTINCT over a join), so that the counts below
        # count each invitation once; the partner filter is a subquery for the same reason.
        visible = ConsultationMoment.objects.visible_to(self.request.user).values("pk")
        queryset = self.filtered(ConsultationMoment.objects.filter(pk__in=visible))
        if self.action == "list" and (partner := self.filters()["partner"]) is not None:
            queryset = queryset.filter(pk__in=Invitation.objects.filter(partner_id=partner).values("moment_id"))
        return queryset.annotate(
            invited=Count("invitations"),
            attending=Count("invitations", filter=Q(invitations__rsvp=Rsvp.YES)),
            attended=Count("invitations", filter=Q(invitations__attended=True)),
        ).order_by("starts_at", "pk")


@extend_schema_view(list=extend_schema(parameters=[YEAR]))
class ProgrammeViewSet(viewsets.GenericViewSet):
    """The published action programmes (FIT's and the partners' accepted actions), exactly as the public page
    shows them: only published years, and only the public fields."""

    serializer_class = serializers.ProgrammeActionSerializer

    def list(self, request):
        wanted = ListFilter(request.query_params)
        if not wanted.is_valid():
            raise exceptions.ValidationError(wanted.errors)
        publications = ProgrammePublication.objects.order_by("year")
        if (year := wanted.cleaned_data["year"]) is not None:
            publications = publications.filter(year=year)
        rows = [action for p in publications for action in PublicProgramme.build(p, QueryDict()).actions]
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


# -- personal tokens (pages of the portal, not the API) ------------------------------------------------------


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("What is it for?"),
        max_length=100,
        help_text=gettext_lazy("E.g. “Power BI report of the KPIs”. You can revoke it at any time."),
    )


@login_required
def tokens(request):
    """A person's API tokens: make one (shown once, on this answer only), see when each was last used, revoke."""
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        _row, new_token = ApiToken.objects.issue(user=request.user, name=form.cleaned_data["name"])
        form = TokenForm()
    context = {
        "form": form,
        "tokens": ApiToken.objects.of(request.user),
        "new_token": new_token,
        "schema_url": reverse("api:schema"),
    }
    response = render(request, "api/tokens.html", context)
    response["Cache-Control"] = "no-store"  # the new token is on this page once; no cache keeps it
    return response


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken.objects.of(request.user), pk=pk)
    token.revoke()
    messages.success(request, _("The token “%(name)s” is revoked: it no longer opens the API.") % {"name": token.name})
    return redirect("api:tokens")
