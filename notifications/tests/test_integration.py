"""With a real Celery worker on the real Redis: messages go out exactly once, also after a broker outage."""

import datetime
import time
from contextlib import contextmanager

import pytest
from django.utils import timezone

from notifications.models import Kind, OutboxMessage, Status
from notifications.tasks import sweep_outbox
from partners.services import moment_publish
from partners.tests.factories import InvitationFactory, MomentFactory
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
