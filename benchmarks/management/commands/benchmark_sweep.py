"""Benchmark: how fast the sweep finds what is due among 10,000 moments and 100,000 invitees.

    python manage.py benchmark_sweep [--moments 10000] [--per-moment 10] [--due 200] [--runs 50]

Everything is made inside one transaction that is rolled back at the end, so it can run against
any database without leaving rows behind. Figures and how they were obtained: docs/benchmarks.md.
"""

import datetime
import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

from notifications.models import Kind, OutboxMessage, Status
from notifications.services import sweep
from partners.models import ConsultationMoment, Contact, Invitation, Partner


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time the outbox sweep on a large data set (rolled back afterwards)."

    def add_arguments(self, parser):
        parser.add_argument("--moments", type=int, default=10_000)
        parser.add_argument("--per-moment", type=int, default=10, help="invitees per moment")
        parser.add_argument("--due", type=int, default=200, help="messages due now, among all the others")
        parser.add_argument("--runs", type=int, default=50)

    def handle(self, *args, moments, per_moment, due, runs, **options):
        try:
            with transaction.atomic():
                self._run(moments, per_moment, due, runs)
                raise Rollback
        except Rollback:
            self.stdout.write("All benchmark rows were rolled back.")

    def _run(self, n_moments, per_moment, n_due, runs):
        started = time.perf_counter()
        now = timezone.now()
        partners = Partner.objects.bulk_create(
            [Partner(name=f"Bench partner {i}", slug=f"bench-{i}") for i in range(max(n_moments // 10, 1))]
        )
        contacts = Contact.objects.bulk_create(
            [
                Contact(partner=p, first_name="Bench", last_name=str(j), email=f"b{p.pk}-{j}@bench.example")
                for p in partners
                for j in range(per_moment)
            ],
            batch_size=5_000,
        )
        by_partner = {}
        for contact in contacts:
            by_partner.setdefault(contact.partner_id, []).append(contact)
        moments = ConsultationMoment.objects.bulk_create(
            [
                ConsultationMoment(
                    kind="formal",
                    title=f"Bench {i}",
                    starts_at=now + datetime.timedelta(days=1 + i % 700, hours=i % 8),
                    ends_at=now + datetime.timedelta(days=1 + i % 700, hours=2 + i % 8),
                    published_at=now,
                )
                for i in range(n_moments)
            ],
            batch_size=5_000,
        )
        invitations, outbox = [], []
        for i, moment in enumerate(moments):
            for contact in by_partner[partners[i % len(partners)].pk]:
                invitations.append(Invitation(moment=moment, contact=contact, partner_id=contact.partner_id))
        Invitation.objects.bulk_create(invitations, batch_size=10_000)
        for invitation in invitations:
            key = f"moment:{invitation.moment_id}"
            email = invitation.contact.email
            start = invitation.moment.starts_at
            outbox.append(
                OutboxMessage(
                    kind=Kind.INVITATION,
                    recipient_email=email,
                    subject_key=key,
                    due_at=now,
                    status=Status.SENT,
                    sent_at=now,
                    context={"moment_id": invitation.moment_id, "invitation_id": invitation.pk},
                )
            )
            for days in (14, 2):
                outbox.append(
                    OutboxMessage(
                        kind=Kind.REMINDER,
                        recipient_email=email,
                        subject_key=key,
                        offset=f"{days}d@r0",
                        due_at=start - datetime.timedelta(days=days),
                        context={"moment_id": invitation.moment_id, "invitation_id": invitation.pk},
                    )
                )
        OutboxMessage.objects.bulk_create(outbox, batch_size=10_000)
        # A few hundred are due now: what a sweep after an outage would find.
        due_ids = list(
            OutboxMessage.objects.filter(kind=Kind.REMINDER).order_by("due_at").values_list("pk", flat=True)[:n_due]
        )
        OutboxMessage.objects.filter(pk__in=due_ids).update(due_at=now - datetime.timedelta(minutes=5))
        built = time.perf_counter() - started
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE notifications_outboxmessage")

        query = OutboxMessage.objects.due(timezone.now()).order_by("due_at").values_list("pk", flat=True)
        query = query[: settings.OUTBOX["BATCH"]]
        timings = []
        for _ in range(runs):
            t0 = time.perf_counter()
            found = list(query.all())  # a fresh queryset each run: no result cache
            timings.append((time.perf_counter() - t0) * 1000)
        plan = query.explain()

        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            t0 = time.perf_counter()
            sent = sweep()
            sweep_ms = (time.perf_counter() - t0) * 1000

        timings.sort()
        self.stdout.write(f"database: {connection.vendor}")
        self.stdout.write(
            f"data: {len(moments):,} moments, {len(invitations):,} invitees, {len(outbox):,} outbox rows "
            f"({len(found)} due); built in {built:.1f} s"
        )
        self.stdout.write(
            f"finding what is due ({runs} runs): median {statistics.median(timings):.2f} ms, "
            f"p95 {timings[int(len(timings) * 0.95) - 1]:.2f} ms, max {timings[-1]:.2f} ms"
        )
        self.stdout.write(f"one sweep sending {sent} due messages (locmem mail): {sweep_ms:.0f} ms")
        self.stdout.write("query plan:\n" + plan)
        uses_index = "outbox_" in plan and "Seq Scan on notifications_outboxmessage" not in plan
        if connection.vendor == "postgresql":
            self.stdout.write(f"uses an index, no sequential scan: {'yes' if uses_index else 'NO'}")
