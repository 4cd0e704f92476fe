"""`python manage.py restore ARCHIVE`: a back-up into an empty database and media folder, checked row by row."""

import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from portal.backups import (
    BackupError,
    compare,
    database_is_empty,
    extract_archive,
    load_database,
    media_checksums,
    media_files,
    restored_counts,
    verify_archive,
)


class Command(BaseCommand):
    help = (
        "Restore an archive of `manage.py backup` into the EMPTY database of DATABASE_URL and the empty "
        "MEDIA_ROOT, then check every table's row count and every file's SHA-256 against the archive's "
        "manifest. Refuses a database that has any table, or a media folder that has any file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="The .tar.gz written by `manage.py backup`.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The database alias (default: default).")
        parser.add_argument(
            "--pg-bindir",
            help="The folder of pg_restore, when it is neither in /usr/lib/postgresql/<version>/bin nor on PATH.",
        )

    def handle(self, *args, archive: Path, database: str, pg_bindir: str | None, **options) -> None:
        try:
            self.restore(archive, database=database, media_root=Path(settings.MEDIA_ROOT), bindir=pg_bindir)
        except BackupError as error:
            raise CommandError(str(error)) from error

    def restore(self, archive: Path, *, database: str, media_root: Path, bindir: str | None) -> None:
        """Check the archive, check the targets are empty, restore, then check the result against the manifest."""
        if not archive.is_file():
            raise BackupError(f"No archive at {archive}.")
        # Before anything is written: an archive that does not match its own manifest is not restored at all.
        manifest = verify_archive(archive)
        self.stdout.write(f"Archive checked: {len(manifest.tables)} tables, {len(manifest.media)} files.")

        # Never merge into existing data: the row counts could not prove anything, and ids would collide.
        empty, tables = database_is_empty(database)
        if not empty:
            raise BackupError(
                f"The database {settings.DATABASES[database]['NAME']!r} is not empty: it has {len(tables)} table(s), "
                f"e.g. {tables[0]}. Restore into a new database (createdb), then point DATABASE_URL at it."
            )
        if media_files(media_root):
            raise BackupError(f"MEDIA_ROOT {media_root} already holds files: restore into an empty folder.")

        with tempfile.TemporaryDirectory(prefix="portal-restore-") as workdir:
            dump = extract_archive(archive, manifest, workdir=Path(workdir), media_root=media_root)
            self.stdout.write(f"Files written to {media_root}; restoring the database...")
            load_database(database, dump, manifest, bindir=bindir)

        problems = compare(manifest, tables=restored_counts(database), media=media_checksums(media_root))
        if problems:
            raise BackupError(
                "The restore does NOT match the back-up; do not use this database:\n  " + "\n  ".join(problems)
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored and verified: {len(manifest.tables)} tables with {sum(manifest.tables.values()):,} rows "
                f"and {len(manifest.media)} files, identical to the back-up of {manifest.created_at}."
            )
        )
