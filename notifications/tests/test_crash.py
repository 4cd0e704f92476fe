"""A worker killed (SIGKILL) in the middle of sending, against a real SMTP server: no message is lost, and the
copy sent again after the crash carries the same Message-ID as the first.

The SMTP server (aiosmtpd, in a thread of the test) stores the first message and then holds back its final
"250" until the test has killed the worker: the worker dies with the mail in the server's hands but before it
could mark the row sent, the case that once made a duplicate. The worker is a real `celery worker` process on
the real Redis, working on the test database.
"""

import asyncio
import datetime
import email
import os
import signal
import socket
import subprocess
import sys
import threading
from collections import defaultdict
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from celery import Celery
from django.conf import settings
from django.db import connection
from django.utils import timezone
from kombu import Exchange, Queue

from notifications.models import Kind, OutboxMessage, Status
from notifications.services import Recipient, outbox_add, sweep
from partners.tests.factories import InvitationFactory, MomentFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True), pytest.mark.timeout(180)]

QUEUE = "test-outbox-crash"
ROOT = Path(settings.BASE_DIR)


class HoldingSMTPHandler:
    """Records every message; holds the reply to the first one until `release` is set."""

    def __init__(self):
        self.received: list[tuple[str, tuple[str, ...]]] = []  # (Message-ID, recipients)
        self.first_received = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        mail = email.message_from_bytes(envelope.original_content or envelope.content)
        self.received.append((mail["Message-ID"], tuple(envelope.rcpt_tos)))
        if len(self.received) == 1:
            self.first_received.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


test_database_url.__test__ = False  # a helper, not a test


def redis_answers() -> bool:
    import redis

    try:
        return bool(settings.REDIS_URL) and bool(
            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1).ping()
        )
    except redis.RedisError:
        return False


@pytest.fixture
def smtp_server():
    handler = HoldingSMTPHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield handler, controller.port
    handler.release.set()
    controller.stop()


def start_worker(smtp_port: int, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": test_database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
    }
    command = [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=solo", "-Q", QUEUE]
    command += ["--without-mingle", "--without-gossip", "--without-heartbeat", "--loglevel=INFO"]
    with log.open("wb") as output:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)


def invitations_due_now(count: int) -> list[OutboxMessage]:
    start = timezone.now() + datetime.timedelta(days=30)
    moment = MomentFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=2), published_at=timezone.now())
    invitations = [InvitationFactory(moment=moment) for _ in range(count)]
    # Written for later, then made due: nothing kicks another worker (such as the session's test worker).
    outbox_add(
        kind=Kind.INVITATION,
        recipients=[Recipient.of_contact(i.contact) for i in invitations],
        subject_key=f"moment:{moment.pk}",
        context={"moment_id": moment.pk},
        recipient_context={i.contact.email.lower(): {"invitation_id": i.pk} for i in invitations},
        due_at=timezone.now() + datetime.timedelta(hours=1),
    )
    OutboxMessage.objects.update(due_at=timezone.now())
    return list(OutboxMessage.objects.order_by("due_at", "pk"))


def test_a_worker_killed_mid_send_loses_nothing_and_its_resend_has_the_same_message_id(smtp_server, settings, tmp_path):
    if not redis_answers():
        if os.environ.get("REQUIRE_SERVICES"):
            pytest.fail(f"Redis is required here (REQUIRE_SERVICES) but does not answer at {settings.REDIS_URL!r}")
        pytest.skip("no Redis at REDIS_URL: this test runs a real Celery worker")
    handler, port = smtp_server
    rows = invitations_due_now(3)
    # A client of its own, so the portal's app in this process (and the session's test worker) stay as they are:
    # not made the current app either, or every later `task.delay()` of this process (shared tasks resolve to
    # the current app) would go to this client's default queue, where the session's worker never looks.
    client = Celery(broker=settings.REDIS_URL, set_as_current=False)
    # The queue is declared here, before the worker starts: on Redis a message sent to a queue that nobody has
    # declared yet (an empty broker, the worker still starting) has no binding and is dropped.
    queue = Queue(QUEUE, Exchange(QUEUE, type="direct"), routing_key=QUEUE)
    with client.connection_for_write() as broker:
        declared = queue(broker.default_channel)
        declared.declare()
        declared.purge()  # what an earlier run's killed worker left unacknowledged

    log = tmp_path / "worker.log"
    worker = start_worker(port, log)
    try:
        client.send_task("notifications.sweep_outbox", queue=QUEUE)
        assert handler.first_received.wait(90), log.read_text()
        worker.send_signal(signal.SIGKILL)  # the server has the mail; its "250" has not reached the worker
        worker.wait(10)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(10)
        handler.release.set()

    first = OutboxMessage.objects.get(pk=rows[0].pk)
    assert first.status == Status.SENDING  # claimed, sent, never marked: what the crash leaves behind
    assert [r.status for r in OutboxMessage.objects.exclude(pk=first.pk)] == [Status.PENDING, Status.PENDING]
    assert len(handler.received) == 1

    # The stuck timeout passes; the next sweep (here in the test process, on the same SMTP server) runs.
    OutboxMessage.objects.filter(pk=first.pk).update(
        claimed_at=timezone.now() - datetime.timedelta(seconds=settings.OUTBOX["STUCK_AFTER_SECONDS"] + 1)
    )
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 10
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    assert sweep() == 3

    copies = defaultdict(list)
    for message_id, recipients in handler.received:
        for recipient in recipients:
            copies[recipient].append(message_id)
    rows = {r.recipient_email: r for r in OutboxMessage.objects.all()}
    assert set(copies) == set(rows)  # every message arrived
    for address, message_ids in copies.items():
        assert set(message_ids) == {rows[address].message_id}  # a second copy is the same message
    assert len(copies[first.recipient_email]) == 2
    assert {r.status for r in rows.values()} == {Status.SENT}
    assert [r.pk for r in rows.values() if r.resent_after_interruption] == [first.pk]
