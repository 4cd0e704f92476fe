"""What `migrate` leaves in the database (tables and constraints, no hidden machinery), and the connection pool."""

import json
import os
import subprocess
import sys

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's catalogue")
def test_migrate_creates_no_trigger_on_postgresql():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal AND n.nspname = 'public'"
        )
        assert cursor.fetchall() == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="psycopg 3's pool")
def test_the_connection_pool_lends_one_connection_to_request_after_request(settings):
    """DATABASE_POOL_MAX_SIZE switches Django's connection pool on (production's option): ten requests in a
    row borrow and give back the pool's connections instead of connecting ten times. In a process of its own,
    as production starts it, against this test database."""
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    script = (
        "import json\n"
        "from django.db import connection\n"
        "for _ in range(10):\n"
        "    with connection.cursor() as cursor:\n"
        "        cursor.execute('SELECT 1')\n"
        "    connection.close()\n"
        "stats = connection.pool.get_stats()\n"
        "print(json.dumps([stats['pool_max'], stats['requests_num'], stats['connections_num']]))\n"
    )
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": url, "DATABASE_POOL_MAX_SIZE": "2"}
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    pool_max, requests, connections = json.loads(done.stdout.strip().splitlines()[-1])
    assert (pool_max, requests) == (2, 10)
    assert connections <= 2  # opened at most twice (the pool's size), lent ten times
