"""Back-up and restore (issue 7): the round trip brings back every row and every uploaded file, or fails loudly.

The restore runs as `manage.py restore` in a separate process with its own DATABASE_URL and MEDIA_ROOT, as an
operator runs it, into a scratch database made for the test (PostgreSQL) or a new file (SQLite). The rows
must be committed for pg_dump to see them, hence `transaction=True`. The expected counts are taken here with
plain SQL, not with the code under test.
"""

import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection

from evaluations.tests.factories import KPIResultFactory
from partners.tests.factories import AgreementFactory, MomentFactory

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40  # binary content, every byte value


def _count_every_table(conn, vendor: str) -> dict[str, int]:
    cursor = conn.cursor()
    if vendor == "postgresql":
        cursor.execute(
            "SELECT table_schema || '.' || table_name FROM information_schema.tables "
            "WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')"
        )
    else:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    counts = {}
    for (table,) in cursor.fetchall():
        quoted = ".".join(f'"{part}"' for part in table.split("."))
        cursor.execute(f"SELECT count(*) FROM {quoted}")  # noqa: S608
        counts[table] = cursor.fetchone()[0]
    return counts


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


class Scratch:
    """An empty database for a restore, and how to reach it from a subprocess (URL) and from here (connect)."""

    def __init__(self, url: str, connect):
        self.url, self.connect = url, connect


@pytest.fixture
def scratch(tmp_path):
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        yield Scratch(f"sqlite:///{path}", lambda: sqlite3.connect(path))
        return
    name = f"portal_restore_{uuid.uuid4().hex[:12]}"
    params = connection.get_connection_params()
    admin = connection.Database.connect(**{**params, "dbname": "postgres"})
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    s = connection.settings_dict
    auth = quote(s["USER"]) + (f":{quote(s['PASSWORD'])}" if s["PASSWORD"] else "")
    url = f"postgres://{auth}@{s['HOST']}:{s['PORT'] or 5432}/{name}"
    try:
        yield Scratch(url, lambda: connection.Database.connect(**{**params, "dbname": name}))
    finally:
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def portal_data():
    """Rows in many tables (with their history) and uploaded files: evidence of a KPI result, an agreement."""
    result = KPIResultFactory(comment="Zie bijlage")
    result.evidence.save("bewijs.pdf", ContentFile(PDF), save=False)
    result.evidence_name = "bewijs.pdf"
    result.save()
    other = KPIResultFactory(target__agreement=result.target.agreement, report=result.report)
    other.evidence.save("grafiek.png", ContentFile(PNG), save=True)
    agreement = AgreementFactory()
    agreement.document.save("overeenkomst.pdf", ContentFile(PDF + b"% signed\n"), save=True)
    MomentFactory()
    return result


def _restore(archive: Path, scratch: Scratch, media_root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": scratch.url, "MEDIA_ROOT": str(media_root)}
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(archive)],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_restored_backup_has_every_row_and_every_uploaded_file(portal_data, scratch, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=archive, stdout=io.StringIO())
    source_counts = _count_every_table(connection, connection.vendor)
    source_files = _files(Path(django_settings.MEDIA_ROOT))

    result = _restore(archive, scratch, tmp_path / "restored-media")

    assert result.returncode == 0, result.stderr
    assert "Restored and verified" in result.stdout
    restored = scratch.connect()
    try:
        assert _count_every_table(restored, connection.vendor) == source_counts
    finally:
        restored.close()
    assert _files(tmp_path / "restored-media") == source_files
    # Not a vacuous comparison: the data and the three uploads made it.
    table = "public.evaluations_kpiresult" if connection.vendor == "postgresql" else "evaluations_kpiresult"
    assert source_counts[table] == 2
    assert len(source_files) == 3
    assert source_files[portal_data.evidence.name] == PDF


def test_the_archive_is_readable_by_its_owner_only(portal_data, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=archive, stdout=io.StringIO())

    assert archive.stat().st_mode & 0o777 == 0o600


def test_restore_refuses_a_database_that_is_not_empty(portal_data, scratch, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=archive, stdout=io.StringIO())
    existing = scratch.connect()
    existing.cursor().execute("CREATE TABLE leftover (id integer)")
    existing.commit()
    existing.close()

    result = _restore(archive, scratch, tmp_path / "restored-media")

    assert result.returncode != 0
    assert "is not empty: it has 1 table(s), e.g. " in result.stderr
    assert not (tmp_path / "restored-media").exists()


def _rewrite(archive: Path, change) -> None:
    """Rewrite the archive with `change(name, data) -> data` applied to each member."""
    with tarfile.open(archive, "r:gz") as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar.getmembers()]
    with tarfile.open(archive, "w:gz") as tar:
        for member, data in members:
            data = change(member.name, data)
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))


def test_restore_refuses_an_archive_whose_file_was_changed_before_writing_anything(portal_data, scratch, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=archive, stdout=io.StringIO())
    evidence = f"media/{portal_data.evidence.name}"
    _rewrite(archive, lambda name, data: data.replace(b"Catalog", b"Katalog") if name == evidence else data)

    result = _restore(archive, scratch, tmp_path / "restored-media")

    assert result.returncode != 0
    assert f"checksum differs: {evidence}" in result.stderr
    assert not (tmp_path / "restored-media").exists()
    restored = scratch.connect()
    try:
        assert _count_every_table(restored, connection.vendor) == {}
    finally:
        restored.close()


def test_restore_fails_loudly_when_the_rows_differ_from_the_manifest(portal_data, scratch, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=archive, stdout=io.StringIO())
    table = "public.evaluations_kpiresult" if connection.vendor == "postgresql" else "evaluations_kpiresult"

    def one_more_row(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["tables"][table] += 1
        return json.dumps(manifest).encode()

    _rewrite(archive, one_more_row)

    result = _restore(archive, scratch, tmp_path / "restored-media")

    assert result.returncode != 0
    assert "does NOT match the back-up" in result.stderr
    assert f"rows of {table}: 2 restored, 3 in the back-up" in result.stderr
