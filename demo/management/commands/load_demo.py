from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.load import add_extra_partners, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo data (the partnerships as the parliamentary question of 28 February 2019 describes them) "
        "and the demo log-ins, all with the password 'demo'. Idempotent: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (e.g. on a demo server). Never on production: it creates a superuser.",
        )
        parser.add_argument(
            "--extra-partners",
            type=int,
            default=0,
            metavar="N",
            help="Also add N made-up partners 2017-2021 beside the seed's (demo.world), to see the portal at 10x.",
        )

    def handle(self, *args, force: bool = False, extra_partners: int = 0, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "load_demo creates log-ins with the password 'demo', among them a superuser: it only runs with "
                "DEBUG=1, or with --force on a server that is not production."
            )
        if extra_partners < 0:
            raise CommandError("--extra-partners must be 0 or more.")
        summary = load_demo()
        for line in summary.lines():
            self.stdout.write(line)
        if extra_partners:
            added = add_extra_partners(extra_partners)
            self.stdout.write(f"Extra partners: {added} added ({extra_partners} asked; those there already stay).")
