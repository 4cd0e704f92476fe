"""When the dashboards' data changed: a version kept by the database itself, for caching rendered dashboards.

Every table the dashboards read (the partners, evaluations and budgets apps, and the users' names and
addresses) has a trigger that records each write in the same transaction as the write. Triggers see every
write: model saves, queryset update() and delete(), bulk_create(), admin imports, raw SQL. A dashboard
rendered from the data as of version V is valid exactly as long as the version is still V:
dashboards/caching.py puts the version in its cache keys and never has to be told that something changed.

- PostgreSQL: a statement-level trigger inserts a row into `dashboards_datachange`; writers never wait for
  each other on it (no shared row to lock). The version a transaction sees is the number of change rows it
  can see (those of committed transactions and its own; compacted rows are counted in
  `dashboards_dataversion.version`) with the highest id among them. What a transaction can see of other
  transactions only grows, so two moments with the same count and highest id see the same changes. A
  transaction that has written itself also sees its own uncommitted changes, which nobody else will ever
  see in that combination: its own transaction id goes into the version too.
- SQLite (the embedded default of `make run`): a row-level trigger sets `dashboards_dataversion.version` to
  a random number (SQLite has no sequences; 63 random bits do not come back after a rollback). SQLite lets
  one transaction write at a time anyway, so the single row costs no concurrency.

The triggers are (re)installed after every `migrate` (post_migrate, see apps.py), so that a new model of a
watched app is covered without a migration of its own, and a trigger whose definition changed is replaced
(its name carries a digest of the definition). Every migrate and every restore starts a new epoch.
`migrate dashboards zero` removes them again (migration 0001).
"""

import hashlib

from django.apps import apps
from django.db import connections

WATCHED_APPS = ("partners", "evaluations", "budgets")
# Of the users, only what the dashboards show (account managers' names and addresses); a log-in
# (last_login) or a new password is no change.
USER_COLUMNS = ("username", "first_name", "last_name", "email", "is_active")
TABLE = "dashboards_dataversion"
CHANGES = "dashboards_datachange"
# The trigger function's name, and the start of every trigger's name.
NAME = "dashboards_data_changed"
# SQLite has no sequences: a random 63-bit number, which a rolled-back transaction will not hand out again.
SQLITE_NEXT = "abs(random())"


def watched_tables() -> list[tuple[str, tuple[str, ...]]]:
    """(table, columns) of every table whose writes change the data version; no columns means any column."""
    tables = []
    for label in WATCHED_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            meta = model._meta
            if meta.proxy or not meta.managed or model.__name__.startswith("Historical"):
                continue  # the history tables are written together with the tables they follow
            tables.append((meta.db_table, ()))
    tables.append((apps.get_model("accounts", "User")._meta.db_table, USER_COLUMNS))
    return tables


def _trigger_name(vendor: str, columns: tuple[str, ...], event: str = "") -> str:
    """The trigger's name, with a digest of its definition: a changed definition gets a new trigger."""
    definition = "|".join([vendor, NAME, SQLITE_NEXT, event, *columns])
    digest = hashlib.sha256(definition.encode()).hexdigest()[:8]
    return f"{NAME}_{event + '_' if event else ''}{digest}"


def install_triggers(using: str = "default") -> None:
    """After migrate: the version row, the trigger on every watched table that lacks its current one (an
    outdated one is replaced), the change log compacted, and a new epoch."""
    from .models import DataVersion, new_epoch

    connection = connections[using]
    existing = set(connection.introspection.table_names())
    if TABLE not in existing:
        return  # dashboards not migrated (yet, or any more)
    DataVersion.objects.using(using).update_or_create(pk=1, defaults={"epoch": new_epoch()})
    installed = _triggers(connection)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            body = f"INSERT INTO {CHANGES} DEFAULT VALUES; RETURN NULL;"
            cursor.execute(
                f"CREATE OR REPLACE FUNCTION {NAME}() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN {body} END$$"
            )
        for table, columns in watched_tables():
            wanted = _wanted_triggers(connection, table, columns)
            if table not in existing or installed.get(table) == set(wanted):
                continue
            for old in installed.get(table, ()):
                _drop_trigger(cursor, connection, table, old)
            for name, events in wanted.items():
                _create_trigger(cursor, connection, table, name, events)
    compact(using)


def new_epoch_after_restore(using: str = "default") -> None:
    """A restored database starts a new epoch: its versions must not match pages cached before the restore."""
    from .models import DataVersion, new_epoch

    if TABLE in connections[using].introspection.table_names():  # a back-up from before the dashboards has none
        DataVersion.objects.using(using).filter(pk=1).update(epoch=new_epoch())


def _triggers(connection) -> dict[str, set[str]]:
    """Table → the names of our triggers on it."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname LIKE %s AND NOT t.tgisinternal",
                [f"{NAME}%"],
            )
        else:
            cursor.execute(
                "SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [f"{NAME}%"]
            )
        found: dict[str, set[str]] = {}
        for table, name in cursor.fetchall():
            found.setdefault(table, set()).add(name)
        return found


def _wanted_triggers(connection, table: str, columns: tuple[str, ...]) -> dict[str, str]:
    """Trigger name → the events it fires on, as `table` should have them (one per event on SQLite)."""
    qn = connection.ops.quote_name
    update = f"UPDATE OF {', '.join(qn(c) for c in columns)}" if columns else "UPDATE"
    if connection.vendor == "postgresql":
        return {_trigger_name("postgresql", columns): f"INSERT OR {update} OR DELETE OR TRUNCATE"}
    events = (("INSERT", "insert"), (update, "update"), ("DELETE", "delete"))
    return {f"{_trigger_name('sqlite', columns, suffix)}_{table}": event for event, suffix in events}


def _create_trigger(cursor, connection, table: str, name: str, events: str) -> None:
    qn = connection.ops.quote_name
    if connection.vendor == "postgresql":
        cursor.execute(
            f"CREATE TRIGGER {qn(name)} AFTER {events} ON {qn(table)} FOR EACH STATEMENT EXECUTE FUNCTION {NAME}()"
        )
    else:
        body = f"UPDATE {TABLE} SET version = {SQLITE_NEXT} WHERE id = 1;"  # noqa: S608
        cursor.execute(f"CREATE TRIGGER {qn(name)} AFTER {events} ON {qn(table)} FOR EACH ROW BEGIN {body} END")


def _drop_trigger(cursor, connection, table: str, name: str) -> None:
    qn = connection.ops.quote_name
    on_table = f" ON {qn(table)}" if connection.vendor == "postgresql" else ""  # SQLite's names are global
    cursor.execute(f"DROP TRIGGER IF EXISTS {qn(name)}{on_table}")


def remove_triggers(using: str = "default") -> None:
    """Every trigger and the function: for `migrate dashboards zero`, after which writes must still work."""
    connection = connections[using]
    with connection.cursor() as cursor:
        for table, names in _triggers(connection).items():
            for name in names:
                _drop_trigger(cursor, connection, table, name)
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP FUNCTION IF EXISTS {NAME}()")


def tables_with_trigger(using: str = "default") -> set[str]:
    """The tables that have the current trigger (for tests and checks)."""
    connection = connections[using]
    installed = _triggers(connection)
    return {
        table
        for table, columns in watched_tables()
        if installed.get(table) == set(_wanted_triggers(connection, table, columns))
    }


def bump(using: str = "default") -> None:
    """Make a new version by hand, the way the triggers do (to time a page built from the database)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"INSERT INTO {CHANGES} DEFAULT VALUES")
        else:
            cursor.execute(f"UPDATE {TABLE} SET version = {SQLITE_NEXT} WHERE id = 1")  # noqa: S608


def compact(using: str = "default") -> int:
    """PostgreSQL: fold the change rows this transaction can see, all but the newest, into the count in
    `dashboards_dataversion`; the version stays what it was. Returns how many rows went."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH gone AS (DELETE FROM {CHANGES} WHERE id < (SELECT max(id) FROM {CHANGES}) "  # noqa: S608
            f"AND EXISTS (SELECT 1 FROM {TABLE} WHERE id = 1) RETURNING 1) "
            f"UPDATE {TABLE} SET version = version + (SELECT count(*) FROM gone) WHERE id = 1 "
            "RETURNING (SELECT count(*) FROM gone)"
        )
        row = cursor.fetchone()
    return row[0] if row else 0


def current_version(using: str = "default") -> str | None:
    """The data as this transaction sees it, as a string for cache keys; None without the version row."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT epoch, version + (SELECT count(*) FROM {CHANGES}), (SELECT max(id) FROM {CHANGES}), "  # noqa: S608
                f"txid_current_if_assigned() FROM {TABLE} WHERE id = 1"
            )
        else:
            cursor.execute(f"SELECT epoch, version FROM {TABLE} WHERE id = 1")  # noqa: S608
        row = cursor.fetchone()
    return ":".join("" if part is None else str(part) for part in row) if row else None
