"""What evaluations shows on the pages of the partners app (registered with portal/panels.py in apps.py)."""

from django.template.loader import render_to_string

from .models import Action

ACTIONS_SHOWN = 20


def partner_actions_panel(request, partner) -> str:
    """On a partner's profile in the partner network, which every partner reads: its actions in the action
    programme, the latest year first. Only accepted actions, as the published programme shows them; a draft,
    a proposal or a declined action stays between the partner and FIT."""
    actions = list(
        Action.objects.accepted()
        .filter(partner=partner)
        .select_related("versnelling")
        .order_by("-year", "start_date", "title")[:ACTIONS_SHOWN]
    )
    return render_to_string(
        "evaluations/includes/partner_actions.html", {"actions": actions, "partner": partner}, request=request
    )
