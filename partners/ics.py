"""iCalendar (.ics) for consultation moments: single invitations and the personal calendar feed.

Each moment has a stable UID; SEQUENCE follows the moment's `sequence`, raised whenever its time
or place changes, so calendar apps update the event instead of adding a second one. Times are
written in UTC (unambiguous across daylight-saving changes; apps show them in local time).
"""

import datetime

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from notifications.models import Kind

from .models import ConsultationMoment

PRODID = "-//Flanders Investment & Trade//Partnerportaal//NL"


def moment_uid(moment: ConsultationMoment) -> str:
    return f"moment-{moment.pk}@partners.fitagency.be"


def _event(moment: ConsultationMoment, *, cancelled: bool = False, attendee=None) -> Event:
    event = Event()
    event.add("uid", moment_uid(moment))
    event.add("sequence", moment.sequence)
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", moment.starts_at.astimezone(datetime.UTC))
    event.add("dtend", moment.ends_at.astimezone(datetime.UTC))
    event.add("summary", moment.title)
    location = moment.location or moment.online_url
    if location:
        event.add("location", location)
    description = "\n\n".join(part for part in [moment.agenda, moment.online_url] if part)
    if description:
        event.add("description", description)
    if moment.online_url:
        event.add("url", moment.online_url)
    event.add("status", "CANCELLED" if cancelled or moment.status == moment.Status.CANCELLED else "CONFIRMED")
    organiser = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL.split('<')[-1].rstrip('>')}")
    organiser.params["cn"] = vText("Flanders Investment & Trade")
    event.add("organizer", organiser)
    if attendee is not None:
        address = vCalAddress(f"mailto:{attendee.email}")
        address.params["cn"] = vText(attendee.full_name)
        address.params["role"] = vText("REQ-PARTICIPANT")
        address.params["rsvp"] = vText("TRUE")
        event.add("attendee", address, encode=0)
    return event


def _calendar(method: str | None, name: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def moment_ics(moment: ConsultationMoment, *, method: str = "PUBLISH", attendee=None) -> bytes:
    """One moment as an .ics file: PUBLISH for a download, REQUEST for an invitation, CANCEL to cancel."""
    calendar = _calendar(method)
    calendar.add_component(_event(moment, cancelled=method == "CANCEL", attendee=attendee))
    return calendar.to_ical()


def _entry_event(entry) -> Event:
    """An all-day event of a FeedEntry (calendar.py): DTSTART as a date, DTEND the day after (RFC 5545)."""
    event = Event()
    event.add("uid", entry.uid)
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", entry.day)
    event.add("dtend", entry.day + datetime.timedelta(days=1))
    event.add("summary", entry.summary)
    event.add("transp", "TRANSPARENT")
    if entry.description:
        event.add("description", entry.description)
    if entry.url:
        event.add("url", entry.url)
    return event


def feed_ics(moments, name: str, entries=()) -> bytes:
    """A subscribable calendar of several moments, and for FIT users the entries other apps add (deadlines)."""
    calendar = _calendar(None, name)
    for moment in moments:
        calendar.add_component(_event(moment))
    for entry in entries:
        calendar.add_component(_entry_event(entry))
    return calendar.to_ical()


# The messages of a moment that carry it as a calendar entry, and the iCalendar method of each.
CALENDAR_KINDS = {
    Kind.INVITATION: "REQUEST",
    Kind.CHANGE: "REQUEST",
    Kind.REMINDER: "REQUEST",
    Kind.CANCELLATION: "CANCEL",
}


def outbox_attachment(message, objects: dict) -> tuple[str, bytes, str] | None:
    """The .ics of the moment an outbox message is about (registered with the outbox in apps.py)."""
    method, moment, invitation = CALENDAR_KINDS.get(message.kind), objects.get("moment"), objects.get("invitation")
    if moment is None or method is None:
        return None
    attendee = invitation.invitee if invitation else None
    ics = moment_ics(moment, method=method, attendee=attendee)
    return "overlegmoment.ics", ics, f"text/calendar; method={method}; charset=utf-8"
