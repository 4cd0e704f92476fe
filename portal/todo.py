"""Each home's to-do list: what the user has to do now, filled in by the domain apps.

The list belongs to no single app: a partner's KPI report is the evaluations' business, an invitation to
answer the partners', a failed message the outbox's. Each app registers its providers from its
AppConfig.ready() (like partners/home.py's sections), so the homes render one list without knowing the apps.

A provider is a function of the request that returns TodoItems for request.user, scoped by its own
querysets (visible_to, looked_after_by), and makes a constant number of queries whatever the number of
partners or rows: the home page must stay fast with every partner on it.

Registered providers, by app (a slot waits for each item that another change brings):
- notifications: failed messages (FIT staff).
- partners: invitations to answer (partner); moments to publish and minutes to publish (FIT staff);
  the bilateral meetings coming due by the agreed rhythm (account manager).
- evaluations: the KPI reports, a returned report, improvement points waiting for a progress note
  (partner); reports to validate, proposals to decide, evaluations to prepare (account manager);
  evaluations to sign off, escalations (manager); overdue improvement points (FIT staff).
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

# Lower comes first. Named so that a new provider slots in without renumbering the others.
PRIORITY_RETURNED = 10  # someone sent work back: first
PRIORITY_DEADLINE = 20  # a report or a validation with a deadline
PRIORITY_DECISION = 30  # a proposal, an evaluation, an escalation waiting for a decision
PRIORITY_REPLY = 40  # an invitation to answer
PRIORITY_BILATERAL = 50  # the next bilateral meeting due by the agreed rhythm
PRIORITY_FOLLOW_UP = 60  # improvement points, minutes, publications
PRIORITY_OPERATIONS = 70  # the outbox and other housekeeping


@dataclass(frozen=True)
class TodoItem:
    """One line of a to-do list: what to do, how many, by when, and the page where it is done."""

    title: str
    url: str
    count: int = 1
    due: datetime.date | None = None
    overdue: bool = False
    priority: int = PRIORITY_FOLLOW_UP
    detail: str = ""  # a second line, e.g. "one 9 days late"

    @property
    def sort_key(self) -> tuple:
        return (not self.overdue, self.priority, self.due or datetime.date.max, self.title)


TodoProvider = Callable[[object], Iterable[TodoItem]]

_providers: list[TodoProvider] = []


def register_todo_provider(provider: TodoProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def todo_items(request) -> list[TodoItem]:
    """Every registered provider's items for request.user: overdue first, then by priority and due date."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    items = [item for provider in _providers for item in provider(request)]
    return sorted(items, key=lambda item: item.sort_key)
