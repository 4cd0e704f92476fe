"""The partner's home: agreement, upcoming moments, account manager, and the sections of the apps above
(partners/home.py: reporting status and open improvement points come from evaluations)."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from portal.decorators import partner_required
from portal.todo import todo_items

from ..home import home_sections_context
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
    own_invitations = Prefetch(
        "invitations",
        queryset=Invitation.objects.filter(partner_id=partner.pk).select_related("contact"),
        to_attr="own_invitations",
    )
    upcoming = ConsultationMoment.objects.visible_to(user).upcoming().prefetch_related(own_invitations)[:5]
    return render(
        request,
        "partners/home.html",
        {
            "partner": partner,
            "agreement": agreement,
            "year_amounts": agreement.year_amounts.order_by("year") if agreement else [],
            "upcoming": upcoming,
            "account_manager": partner.current_account_manager,
            "todo_items": todo_items(request),
            **home_sections_context(request),
        },
    )
