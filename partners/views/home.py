"""The partner's home: agreement, reporting status, upcoming moments, open improvement points, account manager."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from evaluations.models import ImprovementPoint, KPIReport, KPITarget
from portal.decorators import partner_required

from ..models import Agreement, ConsultationMoment, Invitation, Partner


@partner_required
def home(request):
    user = request.user
    partner = get_object_or_404(Partner.objects.visible_to(user).with_current_account_manager(), pk=request.partner_id)
    today = timezone.localdate()
    agreement = (
        Agreement.objects.visible_to(user).filter(end_date__gte=today).order_by("start_date").first()
        or Agreement.objects.visible_to(user).order_by("-end_date").first()
    )
    years = sorted(
        set(KPITarget.objects.visible_to(user).confirmed().filter(year__lte=today.year).values_list("year", flat=True)),
        reverse=True,
    )[:2]
    reports = {r.year: r for r in KPIReport.objects.visible_to(user).filter(year__in=years)}
    report_rows = [{"year": y, "report": reports.get(y)} for y in years]
    own_invitations = Prefetch(
        "invitations",
        queryset=Invitation.objects.filter(partner_id=partner.pk).select_related("contact"),
        to_attr="own_invitations",
    )
    upcoming = ConsultationMoment.objects.visible_to(user).upcoming().prefetch_related(own_invitations)[:5]
    points = ImprovementPoint.objects.visible_to(user).open().select_related("owner").order_by("due_date")[:10]
    return render(
        request,
        "partners/home.html",
        {
            "partner": partner,
            "agreement": agreement,
            "year_amounts": agreement.year_amounts.order_by("year") if agreement else [],
            "report_rows": report_rows,
            "upcoming": upcoming,
            "points": points,
            "account_manager": partner.current_account_manager,
        },
    )
