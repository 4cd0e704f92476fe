"""Cooperation among the partners in figures (issue 15): joint actions, the partners and pairs in them, the overlaps
and how they ended, the directory's use, the network picture with its table, and the signals they raise."""

import datetime
import re

import pytest
from django.urls import reverse

from dashboards.queries.cooperation import cooperation_figures
from dashboards.queries.signals import overlaps_not_resolved, partners_without_joint_action
from evaluations.models import Action, ActionOverlap, CoOrganiser
from evaluations.tests.factories import ActionFactory, CoOrganiserFactory
from partners.models import ProfileView
from partners.tests.factories import AgreementFactory, PartnerFactory

pytestmark = pytest.mark.django_db

ACCEPTED, DECLINED, PENDING = CoOrganiser.Status.ACCEPTED, CoOrganiser.Status.DECLINED, CoOrganiser.Status.PENDING


@pytest.fixture
def partners():
    """Four structural partners with an agreement in 2019."""
    return {
        name: AgreementFactory(partner=PartnerFactory(name=name, slug=name.lower())).partner
        for name in ("Voka", "UNIZO", "VKW Limburg", "Agoria")
    }


def joint(organiser, *co_organisers, year=2019, status=Action.Status.ACCEPTED, answer=ACCEPTED):
    reason = "Past niet in het programma." if status == Action.Status.DECLINED else ""
    action = ActionFactory(year=year, partner=organiser, status=status, decision_reason=reason)
    for partner in co_organisers:
        CoOrganiserFactory(action=action, partner=partner, status=answer)
    return action


def test_the_figures_count_joint_actions_their_partners_and_the_pairs_that_worked_together(partners):
    voka, unizo, vkw, agoria = partners.values()
    joint(voka, unizo, vkw)  # one action, three organisers: three pairs
    joint(unizo, vkw)  # the pair UNIZO–VKW again: still one pair
    joint(None, voka)  # FIT's action with Voka: FIT is no partner, so no pair of partners
    joint(agoria, voka, answer=DECLINED)  # declined: no joint action
    joint(agoria, unizo, answer=PENDING)  # not answered yet: no joint action
    joint(voka, agoria, year=2020)  # another year
    joint(agoria, unizo, status=Action.Status.DECLINED)  # a declined action is not in the programme

    figures = cooperation_figures(2019)
    assert figures.joint_actions == 3
    assert figures.partners_in_joint == 3
    assert figures.pairs == 3
    assert [row["name"] for row in figures.without_joint] == ["Agoria"]
    links = {(row["first"], row["second"]): row["actions"] for row in figures.links.rows}
    assert links == {("FIT", "Voka"): 1, ("UNIZO", "VKW Limburg"): 2, ("UNIZO", "Voka"): 1, ("VKW Limburg", "Voka"): 1}
    actions = {row["partner"]: row["actions"] for row in figures.partners.rows}
    assert actions == {"FIT": 1, "UNIZO": 2, "VKW Limburg": 2, "Voka": 2}


def test_the_figures_say_how_the_overlaps_of_the_year_ended_and_how_the_directory_was_used(partners):
    voka, unizo, vkw, agoria = partners.values()
    for outcome, reason in [("open", ""), ("open", ""), ("kept", "Andere doelgroep"), ("merged", "")]:
        ActionOverlap.objects.create(
            action=ActionFactory(year=2019, partner=unizo),
            other=ActionFactory(year=2019, partner=voka),
            year=2019,
            outcome=outcome,
            reason=reason,
        )
    ProfileView.objects.create(viewer=voka, viewed=unizo, day=datetime.date(2019, 3, 1))
    ProfileView.objects.create(viewer=voka, viewed=unizo, day=datetime.date(2019, 3, 2))
    ProfileView.objects.create(viewer=agoria, viewed=unizo, day=datetime.date(2019, 3, 2))
    ProfileView.objects.create(viewer=agoria, viewed=vkw, day=datetime.date(2020, 1, 2))

    figures = cooperation_figures(2019)
    assert figures.overlaps == {"detected": 4, "open": 2, "kept": 1, "merged": 1, "withdrawn": 0}
    assert figures.directory == {"views": 3, "viewers": 2, "profiles_viewed": 1}
    summary = {str(row["figure"]): row["value"] for row in figures.summary.rows}
    assert summary["Overlappingen gedetecteerd"] == 4 and summary["Overlappingen nog open"] == 2


def test_open_overlaps_raise_a_signal_and_resolved_ones_do_not():
    signal = overlaps_not_resolved(2019, {"detected": 4, "open": 2, "kept": 1, "merged": 1, "withdrawn": 0})
    assert signal.kind == "overlaps_open" and "2 van de 4" in signal.text
    assert signal.url == reverse("evaluations:proposals")
    assert overlaps_not_resolved(2019, {"detected": 3, "open": 0, "kept": 1, "merged": 1, "withdrawn": 1}) is None


def test_partners_without_a_joint_action_raise_a_signal_until_every_partner_has_one(partners):
    voka, unizo, vkw, agoria = partners.values()
    joint(voka, unizo, vkw)
    figures = cooperation_figures(2019)
    signal = partners_without_joint_action(2019, figures.without_joint, 4)
    assert signal.kind == "no_joint_action" and [row["partner"] for row in signal.table.rows] == ["Agoria"]
    assert "1 van de 4 structurele partners" in signal.text
    joint(None, agoria)
    assert partners_without_joint_action(2019, cooperation_figures(2019).without_joint, 4) is None


def test_the_cooperation_page_draws_the_network_as_an_accessible_svg_with_its_figures_in_a_table(
    partners, client, manager
):
    voka, unizo, vkw, _agoria = partners.values()
    joint(voka, unizo, vkw)
    client.force_login(manager)
    response = client.get(reverse("dashboards:cooperation"), {"year": 2019})
    assert response.status_code == 200
    html = response.content.decode()
    svg = re.search(r"<svg [^>]*class=\"chart-svg\"[^>]*>(.*?)</svg>", html, re.S)
    assert 'role="img"' in svg.group(0) and 'aria-labelledby="chart-network-title chart-network-desc"' in svg.group(0)
    assert '<title id="chart-network-title">Het netwerk van gezamenlijke acties in 2019</title>' in svg.group(1)
    assert '<desc id="chart-network-desc">3 organisatoren' in svg.group(1)
    assert svg.group(1).count("<circle") == 3 and svg.group(1).count("<line") == 3
    table = html[html.index('id="table-joint-links"') :]
    table = table[: table.index("</table>")]
    for first, second in [("UNIZO", "VKW Limburg"), ("UNIZO", "Voka"), ("VKW Limburg", "Voka")]:
        assert re.search(rf"<th scope=\"row\">{first}</th><td>{second}</td><td class=\"num\">1</td>", table)
    assert 'href="#table-joint-links"' in html  # the chart points to its figures


def test_a_year_without_joint_actions_says_so_instead_of_an_empty_picture(partners, client, manager):
    client.force_login(manager)
    html = client.get(reverse("dashboards:cooperation"), {"year": 2019}).content.decode()
    assert "chart-network" not in html
    assert "Geen gezamenlijke acties in het actieprogramma 2019" in html


def test_the_dashboards_index_lists_the_cooperation_page(client, manager):
    client.force_login(manager)
    html = client.get(reverse("dashboards:index")).content.decode()
    assert f'<a href="{reverse("dashboards:cooperation")}">Samenwerking</a>' in html


def test_a_partner_user_may_not_see_the_cooperation_figures(client, partner_user):
    client.force_login(partner_user)
    assert client.get(reverse("dashboards:cooperation")).status_code == 403
