"""With a real Celery worker on the real Redis: messages go out exactly once, also after a broker outage, and a
notice held for the daily digest goes out in one digest."""

import datetime
import time
from contextlib import contextmanager

import pytest
from django.utils import timezone

from notifications.models import Delivery, Kind, OutboxMessage, Status
from notifications.tasks import sweep_outbox, write_digests
from notifications.tests.factories import DigestSettingFactory, NotificationPreferenceFactory
from partners.services import moment_publish, moment_publish_minutes
from partners.tests.factories import ContactFactory, InvitationFactory, MomentFactory, PartnerUserFactory
from portal.celery import app

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def wait_until(condition, timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def published_moment(invitees: int = 1):
    start = timezone.now() + datetime.timedelta(days=30)
    moment = MomentFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    for _ in range(invitees):
        InvitationFactory(moment=moment)
    moment_publish(moment=moment)
    return moment


def test_a_reminder_due_now_is_delivered_exactly_once_by_the_worker(celery_worker, mailoutbox):
    moment = published_moment()
    assert wait_until(lambda: OutboxMessage.objects.filter(kind=Kind.INVITATION, status=Status.SENT).count() == 1)
    reminder = OutboxMessage.objects.about(f"moment:{moment.pk}").filter(kind=Kind.REMINDER).first()
    OutboxMessage.objects.filter(pk=reminder.pk).update(due_at=timezone.now())
    for _ in range(3):  # the sweep runs three times: the reminder still goes out once
        sweep_outbox.delay()
    assert wait_until(lambda: OutboxMessage.objects.get(pk=reminder.pk).status == Status.SENT)
    time.sleep(0.5)
    reminders = [m for m in mailoutbox if m.subject.startswith("Herinnering")]
    assert len(reminders) == 1
    assert len(mailoutbox) == 2  # the invitation and the reminder


@contextmanager
def broker_unreachable():
    """Point this process's producers at a port where nothing listens, as when Redis is down."""

    def reconnect(url):
        app.conf.broker_url = url
        app._pool = None  # the connection pool and the producer pool are built again from broker_url
        app.amqp._producer_pool = None

    good_url = app.conf.broker_url
    reconnect("redis://127.0.0.1:1/0")
    try:
        yield
    finally:
        reconnect(good_url)


def test_a_change_made_while_the_broker_is_down_goes_out_when_it_is_back(celery_worker, mailoutbox):
    with broker_unreachable():
        moment = published_moment(invitees=2)  # the change itself succeeds
    invitations = OutboxMessage.objects.about(f"moment:{moment.pk}").filter(kind=Kind.INVITATION)
    assert invitations.count() == 2
    time.sleep(1)
    assert set(invitations.values_list("status", flat=True)) == {Status.PENDING}
    assert not mailoutbox

    sweep_outbox.delay()  # the periodic sweep, with the broker back
    assert wait_until(lambda: set(invitations.values_list("status", flat=True)) == {Status.SENT})
    assert len(mailoutbox) == 2


# The daily digest (issue 14) with the session's worker. (The crash test once made its own Celery client the
# current app, after which this process's `delay()` calls went to a queue no worker reads: test_crash.py now
# makes it with set_as_current=False.)
def test_a_held_notice_is_delivered_in_one_digest_by_the_worker(celery_worker, mailoutbox):
    lies = PartnerUserFactory(username="lies", email="lies@voka.be")
    NotificationPreferenceFactory(user=lies, kind=Kind.MINUTES, delivery=Delivery.DIGEST)
    DigestSettingFactory(user=lies, hour=0)  # its hour has come, whenever the test runs
    start = timezone.now() - datetime.timedelta(days=2)
    moment = MomentFactory(title="Formeel overleg juni", starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    moment.status, moment.minutes = "held", "Besproken: de actieprogramma's."
    moment.save()
    InvitationFactory(moment=moment, contact=lies.contact)
    InvitationFactory(moment=moment, contact=ContactFactory(email="jan@unizo.be"))

    moment_publish_minutes(moment=moment)  # the worker sweeps after the commit
    minutes = OutboxMessage.objects.filter(kind=Kind.MINUTES)
    assert wait_until(lambda: set(minutes.values_list("status", flat=True)) == {Status.SENT, Status.IN_DIGEST})
    assert [m.to for m in mailoutbox] == [["jan@unizo.be"]]

    for _ in range(2):  # the periodic task runs twice: one digest
        write_digests.delay()
    digests = OutboxMessage.objects.filter(kind=Kind.DIGEST)
    assert wait_until(lambda: digests.filter(status=Status.SENT).count() == 1)
    time.sleep(0.5)
    assert digests.count() == 1
    assert minutes.get(recipient_email="lies@voka.be").status == Status.DIGESTED
    [digest_mail] = [m for m in mailoutbox if m.to == ["lies@voka.be"]]
    assert digest_mail.subject == "Uw dagelijks overzicht: 1 bericht"
    assert "Verslag beschikbaar: Formeel overleg juni" in digest_mail.body
    assert len(mailoutbox) == 2


# The health check watches the periodic sweep (issue 17): the minute's sweep, sent the way beat sends it, leaves a
# heartbeat; a sweep asked for after a change does not, so a dead beat cannot hide behind busy web requests.
def sent_as_beat_sends_it():
    """Send the migrated periodic task "every minute: the outbox's sweep" through django-celery-beat's scheduler."""
    from django_celery_beat.models import PeriodicTask
    from django_celery_beat.schedulers import DatabaseScheduler, ModelEntry

    entry = ModelEntry(PeriodicTask.objects.get(task="notifications.sweep_outbox"), app=app)
    DatabaseScheduler(app=app, lazy=True).apply_async(entry, advance=False)


def test_healthz_is_ok_while_beat_sweeps_and_names_the_sweep_when_it_stops(celery_worker, client):
    from django.urls import reverse

    from notifications.models import Heartbeat

    sweep_outbox.delay()  # a kick after a change is no sign of beat
    time.sleep(1)
    assert Heartbeat.objects.last(Heartbeat.PERIODIC_SWEEP) is None
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "ok", "sweep": "not run yet"}

    sent_as_beat_sends_it()
    assert wait_until(lambda: Heartbeat.objects.last(Heartbeat.PERIODIC_SWEEP) is not None)
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok", "sweep": "ok"}

    Heartbeat.objects.update(at=timezone.now() - datetime.timedelta(minutes=3, seconds=5))  # beat stopped
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["sweep"] == "late"
