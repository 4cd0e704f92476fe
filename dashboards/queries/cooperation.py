"""Cooperation among the partners in figures, per year (issue 15): the second improvement point of the partner
day, "de samenwerking tussen de partners onderling mag worden geïntensifieerd".

Per year: the joint actions of the action programme (an action with at least one accepted co-organiser,
ActionQuerySet.joint), the partners in at least one of them, the pairs of partners that worked together,
the overlaps detected and how they ended (ActionOverlap.objects.outcomes_in), and the use of the partner
directory (ProfileView.objects.use_in). The network picture draws the partners as nodes and the joint actions
as links between their organisers; its figures are in the tables beside it. A constant number of queries.
"""

import math
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations

from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from evaluations.models import Action, ActionOverlap, CoOrganiser
from partners.models import Partner, ProfileView

from ..charts import Chart, Shape
from ..tables import INT, TEXT, Column, Table
from .common import partner_url, partners_in_year

FIT = None  # the organiser key of FIT (an action or co-organiser without a partner)


def directory_use(year: int) -> dict:
    """The partner directory's use in `year`: views, viewers (partners) and profiles viewed."""
    return ProfileView.objects.use_in(year)


@dataclass
class CooperationFigures:
    year: int
    joint_actions: int
    partners_in_joint: int
    pairs: int
    overlaps: dict  # detected, open, kept, merged, withdrawn
    directory: dict  # views, viewers, profiles_viewed
    without_joint: list  # the structural partners with an agreement in the year that are in no joint action
    summary: Table
    partners: Table
    links: Table
    without: Table
    chart: Chart | None = None
    names: dict = field(default_factory=dict)

    @property
    def any(self) -> bool:
        return bool(self.joint_actions or self.overlaps.get("detected"))


def _joint_organisers(year: int) -> dict[int, set]:
    """Per joint action of `year`'s programme: its organisers (partner ids, FIT as None). One query."""
    rows = (
        CoOrganiser.objects.accepted()
        .filter(action__in=Action.objects.in_programme(year).joint())
        .values_list("action_id", "action__partner_id", "partner_id")
        .order_by()
    )
    organisers: dict[int, set] = {}
    for action_id, organiser_id, co_organiser_id in rows:
        organisers.setdefault(action_id, {organiser_id}).add(co_organiser_id)
    return organisers


def cooperation_figures(year: int) -> CooperationFigures:
    organisers = _joint_organisers(year)
    pair_actions: dict[tuple, int] = {}
    actions_of: dict = {}
    for members in organisers.values():
        for member in members:
            actions_of[member] = actions_of.get(member, 0) + 1
        for a, b in combinations(sorted(members, key=lambda m: -1 if m is None else m), 2):
            pair_actions[(a, b)] = pair_actions.get((a, b), 0) + 1
    running = list(partners_in_year(year).filter(is_structural=True).order_by(Lower("name")).values_list("pk", "name"))
    involved_ids = {member for member in actions_of if member is not FIT}
    names = dict(Partner.objects.filter(pk__in=involved_ids).values_list("pk", "name")) | dict(running)
    names[FIT] = "FIT"
    without = [{"pk": pk, "name": name} for pk, name in running if pk not in actions_of]
    partner_pairs = {pair: n for pair, n in pair_actions.items() if FIT not in pair}
    overlaps = ActionOverlap.objects.outcomes_in(year)
    directory = directory_use(year)

    worked_with: dict = {}
    for a, b in pair_actions:
        worked_with.setdefault(a, set()).add(b)
        worked_with.setdefault(b, set()).add(a)
    url_of = partner_url()
    partner_rows = sorted(
        (
            {
                "partner": names.get(member, "?"),
                "url": url_of(member) if member is not FIT else "",
                "actions": count,
                "with": len(worked_with.get(member, ())),
            }
            for member, count in actions_of.items()
        ),
        key=lambda row: row["partner"].casefold(),
    )
    link_rows = sorted(
        (
            {"first": first, "second": second, "actions": count}
            for (first, second), count in (
                (sorted((names.get(a, "?"), names.get(b, "?")), key=str.casefold), count)
                for (a, b), count in pair_actions.items()
            )
        ),
        key=lambda row: (row["first"].casefold(), row["second"].casefold()),
    )
    summary_rows = [
        {"figure": _("Joint actions in the action programme"), "value": len(organisers)},
        {"figure": _("Partners in at least one joint action"), "value": len(involved_ids)},
        {"figure": _("Pairs of partners that worked together"), "value": len(partner_pairs)},
        {"figure": _("Structural partners without any joint action"), "value": len(without)},
        {"figure": _("Overlaps detected"), "value": overlaps["detected"]},
        {"figure": _("Overlaps merged into a joint action"), "value": overlaps["merged"]},
        {"figure": _("Overlaps kept, with a reason"), "value": overlaps["kept"]},
        {"figure": _("Overlaps withdrawn"), "value": overlaps["withdrawn"]},
        {"figure": _("Overlaps still open"), "value": overlaps["open"]},
    ]
    summary_rows += [
        {
            "figure": _("Profiles read in the partner network (once per partner, profile and day)"),
            "value": directory["views"],
        },
        {"figure": _("Partners that read another partner's profile"), "value": directory["viewers"]},
        {"figure": _("Partners whose profile was read"), "value": directory["profiles_viewed"]},
    ]
    figures = CooperationFigures(
        year=year,
        joint_actions=len(organisers),
        partners_in_joint=len(involved_ids),
        pairs=len(partner_pairs),
        overlaps=overlaps,
        directory=directory,
        without_joint=without,
        summary=Table(
            "cooperation",
            _("Cooperation among the partners in %(year)s") % {"year": year},
            [Column("figure", _("Figure"), TEXT, sortable=False), Column("value", _("Number"), INT, sortable=False)],
            summary_rows,
            paginate=False,
        ),
        partners=Table(
            "joint-partners",
            _("Joint actions per organiser in %(year)s") % {"year": year},
            [
                Column("partner", _("Organiser"), TEXT, url_key="url"),
                Column("actions", _("Joint actions"), INT),
                Column("with", _("Organisers worked with"), INT),
            ],
            partner_rows,
            default_sort="partner",
            empty_text=_("No joint actions in this year."),
        ),
        links=Table(
            "joint-links",
            _("Who organised joint actions together in %(year)s") % {"year": year},
            [
                Column("first", _("Organiser")),
                Column("second", _("With")),
                Column("actions", _("Joint actions"), INT),
            ],
            link_rows,
            default_sort="first",
            empty_text=_("No joint actions in this year."),
        ),
        without=Table(
            "without-joint",
            _("Structural partners without any joint action in %(year)s") % {"year": year},
            [Column("partner", _("Partner"), TEXT, url_key="url")],
            [{"partner": row["name"], "url": url_of(row["pk"])} for row in without],
            default_sort="partner",
            empty_text=_("Every structural partner took part in a joint action."),
        ),
        names=names,
    )
    figures.chart = network_chart(year, actions_of, pair_actions, names)
    return figures


WIDTH, HEIGHT = 800, 560
CX, CY, RADIUS = 400.0, 280.0, 200.0
LABEL_CHARS = 28  # a longer name is shortened on the picture (the tables have it in full)


def _d(value: float) -> Decimal:
    return Decimal(str(round(value, 1)))


def network_chart(year: int, actions_of: dict, pair_actions: dict, names: dict) -> Chart | None:
    """The network of `year`: the organisers of joint actions on a circle, a line between two that organised
    together (thicker for more joint actions). Drawn from the figures of the tables beside it."""
    if not actions_of:
        return None
    members = sorted(actions_of, key=lambda m: names.get(m, "").casefold())
    position = {}
    for index, member in enumerate(members):
        angle = 2 * math.pi * index / len(members) - math.pi / 2
        position[member] = (CX + RADIUS * math.cos(angle), CY + RADIUS * math.sin(angle))
    shapes = []
    for (a, b), count in sorted(pair_actions.items(), key=lambda item: str(item[0])):
        (x1, y1), (x2, y2) = position[a], position[b]
        shapes.append(Shape("line", f"network-link weight-{min(count, 4)}", x=_d(x1), y=_d(y1), x2=_d(x2), y2=_d(y2)))
    for member in members:
        x, y = position[member]
        count = actions_of[member]
        tooltip = ngettext("%(name)s: %(count)s joint action", "%(name)s: %(count)s joint actions", count) % {
            "name": names.get(member, "?"),
            "count": count,
        }
        css = "network-node fit" if member is FIT else "network-node"
        shapes.append(Shape("circle", css, x=_d(x), y=_d(y), r=Decimal(6 + min(count, 6) * 2), tooltip=tooltip))
        # The label outside the circle, on the side of its node.
        lx, ly = CX + (x - CX) * 1.14, CY + (y - CY) * 1.14 + 4
        anchor = "middle" if abs(x - CX) < 20 else ("start" if x > CX else "end")
        name = names.get(member, "?")
        label = name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1].rstrip() + "…"
        shapes.append(Shape("text", "network-label", x=_d(lx), y=_d(ly), text=label, anchor=anchor))
    pairs = len(pair_actions)
    return Chart(
        id="chart-network",
        title=_("The network of joint actions in %(year)s") % {"year": year},
        description=ngettext(
            "%(nodes)s organisers of joint actions, as points on a circle; a line joins two that organised a joint "
            "action together (%(pairs)s pair), thicker for more joint actions.",
            "%(nodes)s organisers of joint actions, as points on a circle; a line joins two that organised a joint "
            "action together (%(pairs)s pairs), thicker for more joint actions.",
            pairs,
        )
        % {"nodes": len(members), "pairs": pairs},
        width=WIDTH,
        height=HEIGHT,
        shapes=shapes,
        legend=[("network-node", str(_("organiser (partner)"))), ("network-node fit", "FIT")],
        table_id="table-joint-links",
    )
