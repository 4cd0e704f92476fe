"""Back-up and restore of the whole portal: every row of the database and every uploaded file, in one archive.

An archive is a tar.gz with
- `database.pgdump` (PostgreSQL: `pg_dump --format=custom`) or `database.sqlite3` (SQLite: a page-for-page
  copy through SQLite's online backup API),
- `media/...`: every file below MEDIA_ROOT,
- `manifest.json`, written last: the row count of every table and the SHA-256 and size of every file,
  counted from the same database snapshot as the dump.

Restoring goes into an EMPTY database and an empty media folder, and checks everything against the
manifest twice: the archive before anything is written, the restored database and files afterwards. Any
difference stops the restore with an error that names it. Used by the `backup` and `restore` commands.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.db import connections

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
DUMP_NAMES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """Anything that makes a back-up or a restore unsafe: the commands turn it into a CommandError."""


@dataclass
class Manifest:
    """What an archive holds, to check a restore against."""

    engine: str
    database_file: str
    database_sha256: str
    tables: dict[str, int]
    media: dict[str, dict[str, Any]]  # relative path -> {"sha256": ..., "size": ...}
    created_at: str = field(default_factory=lambda: datetime.datetime.now(datetime.UTC).isoformat())
    server_version: str = ""
    dump_tool: str = ""
    format: int = FORMAT

    def to_json(self) -> bytes:
        return json.dumps(self.__dict__, indent=2, sort_keys=True).encode()

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        values = json.loads(data)
        if values.get("format") != FORMAT:
            raise BackupError(f"Unknown archive format {values.get('format')!r} (this portal reads format {FORMAT}).")
        return cls(**values)


# -- the database -----------------------------------------------------------------------------------


def engine_of(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in DUMP_NAMES:
        raise BackupError(f"Back-up supports PostgreSQL and SQLite, not {vendor}.")
    return vendor


@contextmanager
def raw_connection(alias: str) -> Iterator[Any]:
    """A DB-API connection of its own to the database of `alias`, outside Django's transaction handling."""
    wrapper = connections[alias]
    try:
        conn = wrapper.get_new_connection(wrapper.get_connection_params())
    except Exception as error:
        raise BackupError(f"Cannot connect to the database {wrapper.settings_dict['NAME']!r}: {error}") from error
    try:
        yield conn
    finally:
        conn.close()


def table_names(cursor, engine: str) -> list[str]:
    """Every table of the database: Django's, the history tables, Celery beat's, anything else in it."""
    if engine == "postgresql":
        cursor.execute(
            "SELECT schemaname || '.' || tablename FROM pg_tables "
            "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"
        )
    else:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1")
    return [row[0] for row in cursor.fetchall()]


def _quote(name: str) -> str:
    return ".".join('"' + part.replace('"', '""') + '"' for part in name.split("."))


def count_rows(cursor, engine: str) -> dict[str, int]:
    counts = {}
    for table in table_names(cursor, engine):
        cursor.execute(f"SELECT count(*) FROM {_quote(table)}")  # noqa: S608 - names come from the catalogue
        counts[table] = cursor.fetchone()[0]
    return counts


def _libpq_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    """Connection settings for pg_dump/pg_restore as libpq environment variables: never the password in argv."""
    env = {**os.environ}
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings_dict.get(key):
            env[var] = str(settings_dict[key])
    for option in ("sslmode", "sslrootcert", "sslcert", "sslkey"):
        if settings_dict.get("OPTIONS", {}).get(option):
            env[f"PG{option.upper()}"] = str(settings_dict["OPTIONS"][option])
    return env


def _major(version_text: str) -> int:
    match = re.search(r"(\d+)(?:\.\d+)?", version_text)
    if not match:
        raise BackupError(f"Cannot read a PostgreSQL version from {version_text!r}.")
    return int(match.group(1))


def _version_of(binary: str) -> str:
    return subprocess.run([binary, "--version"], capture_output=True, text=True, check=True).stdout.strip()  # noqa: S603


def pg_binary(name: str, at_least: int, bindir: str | None = None) -> str:
    """pg_dump or pg_restore of the server's major version or newer.

    pg_dump refuses to dump a server newer than itself, and pg_restore to read an archive of a newer
    pg_dump. Debian installs each version in /usr/lib/postgresql/<major>/bin, and `pg_dump` on PATH is a
    wrapper that may pick another one, so that folder is tried before PATH.
    """
    candidates = [Path(bindir) / name] if bindir else []
    candidates.append(Path(f"/usr/lib/postgresql/{at_least}/bin/{name}"))
    if found := shutil.which(name):
        candidates.append(Path(found))
    seen = []
    for candidate in candidates:
        if not candidate.is_file() or not os.access(candidate, os.X_OK):
            continue
        version = _version_of(str(candidate))
        seen.append(f"{candidate} ({version})")
        # "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)": the major version follows the first ")".
        if _major(version.partition(")")[2]) >= at_least:
            return str(candidate)
    raise BackupError(
        f"No {name} of PostgreSQL {at_least} or newer (tried: {', '.join(seen) or 'none found'}). "
        f"Install postgresql-client-{at_least}, or give its folder with --pg-bindir."
    )


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed ({result.returncode}):\n{result.stderr.strip()}")


def dump_database(alias: str, target: Path, *, bindir: str | None = None) -> tuple[dict[str, int], str, str]:
    """Write the database to `target`; returns the row count of each table as of the dump, the server's
    version and the dump tool's.

    PostgreSQL: the counts are taken in a REPEATABLE READ transaction whose snapshot pg_dump then uses
    (`--snapshot`), so dump and counts see exactly the same rows even while the portal keeps writing.
    SQLite: the online backup API copies the database as of one moment; the counts come from the copy.
    """
    engine = engine_of(alias)
    if engine == "sqlite":
        with raw_connection(alias) as source, sqlite3.connect(target) as copy:
            source.backup(copy)
            counts = count_rows(copy.cursor(), engine)
        copy.close()
        return counts, sqlite3.sqlite_version, "SQLite online backup API"

    settings_dict = connections[alias].settings_dict
    with raw_connection(alias) as conn:
        conn.autocommit = False
        with conn.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot, server_version = cursor.fetchone()
            counts = count_rows(cursor, engine)
            pg_dump = pg_binary("pg_dump", _major(server_version), bindir)
            tool = _version_of(pg_dump)
            # The exporting transaction stays open until pg_dump is done: the snapshot lives as long as it.
            _run(
                [
                    pg_dump,
                    "--format=custom",
                    "--no-password",
                    f"--snapshot={snapshot}",
                    f"--file={target}",
                    f"--dbname={settings_dict['NAME']}",
                ],
                _libpq_env(settings_dict),
            )
        conn.rollback()
    return counts, server_version, tool


def database_is_empty(alias: str) -> tuple[bool, list[str]]:
    """Whether the database has no table at all, and the tables it has."""
    engine = engine_of(alias)
    name = str(connections[alias].settings_dict["NAME"])
    if engine == "sqlite":
        if name.startswith(("file:", ":memory:")):
            raise BackupError("Restore into a SQLite file, not an in-memory database.")
        if not Path(name).exists():
            return True, []
    with raw_connection(alias) as conn:
        tables = table_names(conn.cursor(), engine)
    return not tables, tables


def load_database(alias: str, dump: Path, manifest: Manifest, *, bindir: str | None = None) -> None:
    """Restore the dump into the (empty) database of `alias`, all or nothing."""
    engine = engine_of(alias)
    if engine != manifest.engine:
        raise BackupError(f"The archive holds a {manifest.engine} database; this portal runs on {engine}.")
    settings_dict = connections[alias].settings_dict
    if engine == "sqlite":
        with sqlite3.connect(dump) as source, sqlite3.connect(settings_dict["NAME"]) as target:
            source.backup(target)
        source.close()
        target.close()
        return
    with raw_connection(alias) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version')")
        server_major = _major(cursor.fetchone()[0])
    # pg_restore reads archives of its own pg_dump version and older ones.
    dumped_by = _major(manifest.dump_tool.partition(")")[2])
    pg_restore = pg_binary("pg_restore", max(server_major, dumped_by), bindir)
    # No owners or grants from the old server: the restored objects belong to the role that restores them,
    # which is the portal's own role on the new server too. One transaction: a failure leaves nothing behind.
    _run(
        [
            pg_restore,
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--no-password",
            f"--dbname={settings_dict['NAME']}",
            str(dump),
        ],
        _libpq_env(settings_dict),
    )
    with raw_connection(alias) as conn:
        conn.autocommit = True
        # pg_restore leaves the planner without statistics until autovacuum comes by.
        conn.cursor().execute("ANALYZE")


def restored_counts(alias: str) -> dict[str, int]:
    engine = engine_of(alias)
    with raw_connection(alias) as conn:
        return count_rows(conn.cursor(), engine)


# -- files ------------------------------------------------------------------------------------------


def sha256_of(stream: IO[bytes]) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


class _HashingReader:
    """Reads a file for tarfile while hashing what it hands over, so the manifest describes the archived bytes."""

    def __init__(self, stream: IO[bytes]):
        self.stream, self.digest = stream, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.digest.update(data)
        return data


def media_files(root: Path) -> list[Path]:
    """Every regular file below `root`, sorted; anything else (a symlink, a socket) is refused."""
    if not root.exists():
        return []
    files = []
    for path in sorted(root.rglob("*")):
        if path.is_symlink() or not (path.is_file() or path.is_dir()):
            raise BackupError(f"{path} is not a regular file: media holds only uploaded files.")
        if path.is_file():
            files.append(path)
    return files


def media_checksums(root: Path) -> dict[str, dict[str, Any]]:
    result = {}
    for path in media_files(root):
        with path.open("rb") as stream:
            sha, size = sha256_of(stream)
        result[path.relative_to(root).as_posix()] = {"sha256": sha, "size": size}
    return result


# -- the archive ------------------------------------------------------------------------------------


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(datetime.datetime.now().timestamp()), 0o600
    tar.addfile(info, fileobj=io.BytesIO(data))


def create_archive(output: Path, *, alias: str, media_root: Path, bindir: str | None = None) -> Manifest:
    """Write the whole archive to `output` (0600, via a temporary name: a half-written archive never looks done).

    The database first, then the files: uploads are written to disk before their row is committed and never
    changed afterwards, so every file a row of the dump points at is already there when the files are read.
    """
    engine = engine_of(alias)
    output.parent.mkdir(parents=True, exist_ok=True)
    media_root = media_root.resolve()
    if output.resolve().is_relative_to(media_root):
        raise BackupError(f"The archive may not be written inside MEDIA_ROOT ({media_root}).")
    with tempfile.TemporaryDirectory(prefix="portal-backup-") as workdir:
        dump = Path(workdir) / DUMP_NAMES[engine]
        tables, server_version, dump_tool = dump_database(alias, dump, bindir=bindir)
        with dump.open("rb") as stream:
            dump_sha, _size = sha256_of(stream)
        fd, partial = tempfile.mkstemp(prefix=f".{output.name}.", dir=output.parent)  # mode 0600
        try:
            media = {}
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                tar.add(dump, arcname=dump.name)
                for path in media_files(media_root):
                    name = path.relative_to(media_root).as_posix()
                    info = tar.gettarinfo(path, arcname=MEDIA_PREFIX + name)
                    with path.open("rb") as stream:
                        reader = _HashingReader(stream)
                        tar.addfile(info, fileobj=reader)
                    media[name] = {"sha256": reader.digest.hexdigest(), "size": info.size}
                manifest = Manifest(
                    engine=engine,
                    database_file=dump.name,
                    database_sha256=dump_sha,
                    tables=tables,
                    media=media,
                    server_version=server_version,
                    dump_tool=dump_tool,
                )
                _add_bytes(tar, MANIFEST, manifest.to_json())
            os.replace(partial, output)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
    return manifest


def verify_archive(archive: Path) -> Manifest:
    """Read the whole archive once and check each member against the manifest, before anything is restored."""
    hashes, manifest = {}, None
    with tarfile.open(archive, mode="r:gz") as tar:
        for member in tar:
            if not member.isfile():
                raise BackupError(f"Unexpected member {member.name!r} in the archive.")
            stream = tar.extractfile(member)
            if member.name == MANIFEST:
                manifest = Manifest.from_json(stream.read())
            else:
                hashes[member.name] = sha256_of(stream)[0]
    if manifest is None:
        raise BackupError(f"{archive} has no {MANIFEST}: it is not a complete back-up of the portal.")
    expected = {manifest.database_file: manifest.database_sha256} | {
        MEDIA_PREFIX + name: entry["sha256"] for name, entry in manifest.media.items()
    }
    problems = [f"missing from the archive: {name}" for name in sorted(expected.keys() - hashes.keys())]
    problems += [f"not in the manifest: {name}" for name in sorted(hashes.keys() - expected.keys())]
    problems += [
        f"checksum differs: {name}"
        for name in sorted(expected.keys() & hashes.keys())
        if hashes[name] != expected[name]
    ]
    if problems:
        raise BackupError("The archive does not match its manifest:\n  " + "\n  ".join(problems))
    return manifest


def extract_archive(archive: Path, manifest: Manifest, *, workdir: Path, media_root: Path) -> Path:
    """Unpack the dump into `workdir` and the files into `media_root`; returns the dump's path.

    tarfile's "data" filter refuses absolute paths, `..`, links and device files, so a crafted archive
    cannot write outside these two folders.
    """
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, mode="r:gz") as tar:
        for member in tar:
            if member.name == manifest.database_file:
                tar.extract(member, path=workdir, filter="data")
            elif member.name.startswith(MEDIA_PREFIX):
                tar.extract(member.replace(name=member.name[len(MEDIA_PREFIX) :]), path=media_root, filter="data")
    return workdir / manifest.database_file


def compare(manifest: Manifest, *, tables: dict[str, int], media: dict[str, dict[str, Any]]) -> list[str]:
    """Every difference between the manifest and what was restored, in words."""
    problems = [f"table missing: {name}" for name in sorted(manifest.tables.keys() - tables.keys())]
    problems += [f"table not in the back-up: {name}" for name in sorted(tables.keys() - manifest.tables.keys())]
    problems += [
        f"rows of {name}: {tables[name]} restored, {count} in the back-up"
        for name, count in sorted(manifest.tables.items())
        if name in tables and tables[name] != count
    ]
    problems += [f"file missing: {name}" for name in sorted(manifest.media.keys() - media.keys())]
    problems += [f"file not in the back-up: {name}" for name in sorted(media.keys() - manifest.media.keys())]
    problems += [
        f"file differs: {name}"
        for name, entry in sorted(manifest.media.items())
        if name in media and media[name] != entry
    ]
    return problems
