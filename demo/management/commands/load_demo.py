from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.load import load_demo


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

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "load_demo creates log-ins with the password 'demo', among them a superuser: it only runs with "
                "DEBUG=1, or with --force on a server that is not production."
            )
        summary = load_demo()
        for line in summary.lines():
            self.stdout.write(line)
