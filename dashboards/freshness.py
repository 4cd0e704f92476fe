"""When the dashboards' data changed: a version kept by the database itself, for caching rendered dashboards.

Every table the dashboards read (the partners, evaluations and budgets apps, and the names of users) has a
trigger that changes `dashboards_dataversion.version` in the same transaction as the write. Triggers see
every write: model saves, queryset update() and delete(), bulk_create(), admin imports, raw SQL, a
restore. A dashboard rendered from the data as of version V is therefore valid exactly as long as the
version is still V: dashboards/caching.py puts the version in its cache keys and never has to be told
that something changed.

- PostgreSQL: a statement-level trigger sets the version from a sequence (never the same number twice, even
  after a rollback); the row stays locked until the writing transaction ends, so concurrent writers to these
  tables commit one after the other (they are few, and short: a saved report, a validation, an import).
  Where the code locks rows (select_for_update), it does so before its first write in the transaction,
  so writers wait for each other in the same order and do not deadlock.
- SQLite (the embedded default of `make run`): a row-level trigger sets a random number (SQLite has no
  sequences; 63 random bits do not come back); SQLite has one writer at a time anyway.

The triggers are (re)installed after every `migrate` (post_migrate, see apps.py), so that a new model of a
watched app is covered without a migration of its own, and every migrate (a deploy) starts a new version.
"""

from django.apps import apps
from django.db import connections

WATCHED_APPS = ("partners", "evaluations", "budgets")
# Of the users, only what the dashboards show (account managers' names); log-ins (last_login) are no change.
USER_COLUMNS = ("username", "first_name", "last_name", "is_active")
TRIGGER = "dashboards_data_changed"
FUNCTION = "dashboards_data_changed"
SEQUENCE = "dashboards_dataversion_seq"
TABLE = "dashboards_dataversion"
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


def install_triggers(using: str = "default") -> None:
    """Create the version row if it is missing and the trigger on every watched table without one, and start a
    new version. Tables that have the trigger keep it: no schema lock after a flush or an empty migrate."""
    from .models import DataVersion

    connection = connections[using]
    existing = set(connection.introspection.table_names())
    if TABLE not in existing:
        return  # dashboards not migrated (yet, or any more)
    DataVersion.objects.using(using).get_or_create(pk=1)
    covered = tables_with_trigger(using)
    missing = [(t, c) for t, c in watched_tables() if t in existing and t not in covered]
    install = _install_postgresql if connection.vendor == "postgresql" else _install_sqlite
    with connection.cursor() as cursor:
        install(cursor, connection, missing)
    bump(using)


def _install_postgresql(cursor, connection, tables) -> None:
    qn = connection.ops.quote_name
    cursor.execute(f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE}")
    body = f"UPDATE {TABLE} SET version = nextval('{SEQUENCE}') WHERE id = 1; RETURN NULL;"  # noqa: S608
    cursor.execute(f"CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN {body} END$$")
    for table, columns in tables:
        update = f"UPDATE OF {', '.join(qn(c) for c in columns)}" if columns else "UPDATE"
        cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {qn(table)}")
        cursor.execute(
            f"CREATE TRIGGER {TRIGGER} AFTER INSERT OR {update} OR DELETE OR TRUNCATE ON {qn(table)} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
        )


def _install_sqlite(cursor, connection, tables) -> None:
    qn = connection.ops.quote_name
    body = f"UPDATE {TABLE} SET version = {SQLITE_NEXT} WHERE id = 1;"  # noqa: S608
    for table, columns in tables:
        update = f"UPDATE OF {', '.join(qn(c) for c in columns)}" if columns else "UPDATE"
        for event, suffix in (("INSERT", "insert"), (update, "update"), ("DELETE", "delete")):
            name = qn(f"{TRIGGER}_{table}_{suffix}")
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"CREATE TRIGGER {name} AFTER {event} ON {qn(table)} FOR EACH ROW BEGIN {body} END")


def tables_with_trigger(using: str = "default") -> set[str]:
    """The tables that have the trigger (for tests and checks)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = %s",
                [TRIGGER],
            )
        else:
            cursor.execute(
                "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [f"{TRIGGER}_%"]
            )
        return {row[0] for row in cursor.fetchall()}


def bump(using: str = "default") -> None:
    """Start a new version by hand, the way the triggers do (after a deploy, or to time an uncached page)."""
    connection = connections[using]
    value = f"nextval('{SEQUENCE}')" if connection.vendor == "postgresql" else SQLITE_NEXT
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET version = {value} WHERE id = 1")  # noqa: S608 (our own names)


def current_version(using: str = "default") -> str | None:
    """ "<epoch>:<version>" of the data as this transaction sees it, or None without the version row."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT epoch, version FROM {TABLE} WHERE id = 1")  # noqa: S608 (our own names)
        row = cursor.fetchone()
    return f"{row[0]}:{row[1]}" if row else None
