"""With a real Celery worker on the real Redis: a notice held for the daily digest goes out in one digest."""

import datetime
import time

import pytest
from django.utils import timezone

from notifications.models import Delivery, Kind, OutboxMessage, Status
from notifications.tasks import write_digests
from notifications.tests.factories import DigestSettingFactory, NotificationPreferenceFactory
from notifications.tests.test_integration import wait_until
from partners.services import moment_publish_minutes
from partners.tests.factories import ContactFactory, InvitationFactory, MomentFactory, PartnerUserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


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
    # Longer than the other waits: when this test follows the broker-outage test on the same process, the
    # session's worker may still be reconnecting to Redis (its back-off), and takes the sweep afterwards.
    assert wait_until(
        lambda: set(minutes.values_list("status", flat=True)) == {Status.SENT, Status.IN_DIGEST}, timeout=90
    )
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
