"""Figures of the conversations for the dashboards: per partner and year, how much FIT and the partner talk
and how fast FIT answers. A message is the partner's when its author is a partner's contact, else FIT's."""

import statistics

from django.db.models import Count, OuterRef, Q, Subquery

from .models import Message, Thread


def conversation_figures(year: int) -> list[dict]:
    """Per partner with threads started in `year` (Brussels time): threads, messages from the partner,
    messages from FIT (internal notes not counted), and the median hours to FIT's first answer."""
    threads = Thread.objects.filter(created_at__year=year)
    from_partner = Q(messages__author__contact__isnull=False)
    from_fit = Q(messages__author__contact__isnull=True, messages__internal=False)
    per_partner = (
        threads.values("partner_id", "partner__name")
        .annotate(
            threads=Count("pk", distinct=True),
            messages_from_partner=Count("messages", filter=from_partner, distinct=True),
            messages_from_fit=Count("messages", filter=from_fit, distinct=True),
        )
        .order_by("partner__name")
    )
    waits: dict[int, list[float]] = {}
    for partner_id, hours in _first_answer_waits(threads):
        waits.setdefault(partner_id, []).append(hours)
    return [
        {
            **row,
            "median_first_answer_hours": round(statistics.median(waits[row["partner_id"]]), 1)
            if row["partner_id"] in waits
            else None,
        }
        for row in per_partner
    ]


def _first_answer_waits(threads) -> list[tuple[int, float]]:
    """(partner id, hours) for each of `threads` in which a partner wrote and FIT answered after it: from the
    partner's first message to FIT's first reply (internal notes are no reply)."""
    first_question = (
        Message.objects.filter(thread=OuterRef("pk"), author__contact__isnull=False)
        .order_by("created_at")
        .values("created_at")[:1]
    )
    asked = threads.annotate(asked_at=Subquery(first_question)).filter(asked_at__isnull=False)
    first_answer = (
        Message.objects.filter(
            thread=OuterRef("pk"), author__contact__isnull=True, internal=False, created_at__gte=OuterRef("asked_at")
        )
        .order_by("created_at")
        .values("created_at")[:1]
    )
    return [
        (partner_id, (answered_at - asked_at).total_seconds() / 3600)
        for partner_id, asked_at, answered_at in asked.annotate(answered_at=Subquery(first_answer)).values_list(
            "partner_id", "asked_at", "answered_at"
        )
        if answered_at is not None
    ]


def first_answer_hours(year: int) -> list[float]:
    """The hours to FIT's first answer in every answered thread started in `year`, all partners together (the
    year's median is taken over these, not over the partners' medians)."""
    return [hours for _partner, hours in _first_answer_waits(Thread.objects.filter(created_at__year=year))]
