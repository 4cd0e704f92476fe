"""What a FIT user's calendar feed shows beyond consultation moments, filled in by the apps above this one.

The feed belongs to the partners app, but some of its entries (the KPI report deadlines of the partners an
account manager looks after) belong to evaluations, which builds on the partners. That app registers a source
here from its AppConfig.ready(), as with the partner home (home.py): a function of the user that returns
FeedEntry items, so the partners never import it.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class FeedEntry:
    """An all-day entry of a feed: a deadline, say. `uid` must stay the same for the same thing."""

    uid: str
    day: datetime.date
    summary: str
    description: str = ""
    url: str = ""


FeedSource = Callable[[object], Iterable[FeedEntry]]

_sources: list[FeedSource] = []


def register_feed_source(source: FeedSource) -> None:
    if source not in _sources:
        _sources.append(source)


def staff_feed_entries(user) -> list[FeedEntry]:
    return [entry for source in _sources for entry in source(user)]
