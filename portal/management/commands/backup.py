"""`python manage.py backup`: the database and every uploaded file in one archive, with a manifest."""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from portal.backups import BackupError, create_archive


class Command(BaseCommand):
    help = (
        "Write a back-up archive (tar.gz): a dump of the database (pg_dump --format=custom on PostgreSQL, a "
        "copy of the file on SQLite), every file of MEDIA_ROOT, and a manifest with the row count of every "
        "table and the SHA-256 of every file. Restore it with `manage.py restore`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="Where to write the archive (default: partnerportaal-<UTC time>.tar.gz in the current folder).",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The database alias (default: default).")
        parser.add_argument(
            "--pg-bindir",
            help="The folder of pg_dump, when it is neither in /usr/lib/postgresql/<server version>/bin nor on PATH.",
        )

    def handle(self, *args, output: Path | None, database: str, pg_bindir: str | None, **options) -> None:
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
        output = output or Path(f"partnerportaal-{stamp}.tar.gz")
        try:
            manifest = create_archive(output, alias=database, media_root=Path(settings.MEDIA_ROOT), bindir=pg_bindir)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest.tables.values())
        size = sum(entry["size"] for entry in manifest.media.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Back-up written to {output} ({output.stat().st_size:,} bytes): {manifest.engine} database with "
                f"{len(manifest.tables)} tables and {rows:,} rows, {len(manifest.media)} files ({size:,} bytes)."
            )
        )
        # The archive holds password hashes, sessions and private documents.
        self.stdout.write("Keep it as private as the database: it is readable by its owner only (mode 0600).")
