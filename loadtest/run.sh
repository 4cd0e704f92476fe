#!/usr/bin/env bash
# The load test of issue 7, start to finish: gunicorn (gunicorn.conf.py) with DEBUG off on a fresh
# PostgreSQL database with the demo data, static files collected for whitenoise, and locust headless on
# loopback: 50 users (spawned 10 a second) for 60 s. Prints p50/p95/p99 and requests/s per page, and exits
# non-zero when any request failed. Everything it starts is stopped on exit, however it exits.
#
#   bash loadtest/run.sh
#   LOAD_FLOOR=1 bash loadtest/run.sh    (make load-floor) the floor run: the same server and users, but every
#                                        page is the benchmarks' floor page; the log-ins stay real
#
# Knobs (environment): LOAD_USERS (50), LOAD_SPAWN_RATE (10), LOAD_RUN_TIME (60s), LOAD_PORT (8101),
# LOAD_WAIT_MIN/LOAD_WAIT_MAX (1/3 s of think time between clicks; 0/0 measures the ceiling), LOAD_WARM=0
# (the users meet cold workers), WEB_CONCURRENCY (gunicorn workers), LOAD_PG
# (postgres://postgres@127.0.0.1:5432), LOAD_DB (portal_load: dropped and created again on every run, so
# never name a database you care about), LOAD_KEEP_DB=1 keeps it afterwards, LOAD_REDIS_URL
# (redis://127.0.0.1:6379/15: a Redis database of its own, so no other worker takes its tasks), LOAD_FLOOR=1
# the floor run (gunicorn on loadtest/floor_settings.py: the same settings with the URLconf of
# benchmarks/urls.py, which adds the floor pages). Results: var/loadtest/ (locust CSVs, gunicorn's access
# and error logs, worker log).
set -euo pipefail
cd "$(dirname "$0")/.."

USERS="${LOAD_USERS:-50}"
SPAWN_RATE="${LOAD_SPAWN_RATE:-10}"
RUN_TIME="${LOAD_RUN_TIME:-60s}"
PORT="${LOAD_PORT:-8101}"
PG="${LOAD_PG:-postgres://postgres@127.0.0.1:5432}"
DB="${LOAD_DB:-portal_load}"
OUT=var/loadtest
LOAD_VENV=var/loadtest-venv
BASE="http://127.0.0.1:${PORT}"
export LOAD_FLOOR="${LOAD_FLOOR:-0}"

# The server runs exactly as in production (DEBUG off, manifest static storage, secure settings on);
# locust plays the HTTPS proxy in front of it (see loadtest/locustfile.py), so nothing is relaxed.
export DEBUG=0
SECRET_KEY="$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"
export SECRET_KEY
export ALLOWED_HOSTS=127.0.0.1
export DATABASE_URL="${PG}/${DB}"
export MEDIA_ROOT="${PWD}/${OUT}/media"
export GUNICORN_BIND="127.0.0.1:${PORT}"
export GUNICORN_ACCESS_LOG="${OUT}/access.log"
export LOAD_WAIT_MIN="${LOAD_WAIT_MIN:-1}" LOAD_WAIT_MAX="${LOAD_WAIT_MAX:-3}"
# Opening an editable KPI report plans its deadline notices and, when one is due, asks a worker to sweep
# the outbox: as in production, a Celery worker on Redis takes those tasks (not the shared var/celery queue).
export REDIS_URL="${LOAD_REDIS_URL:-redis://127.0.0.1:6379/15}"

GUNICORN_PID=""
WORKER_PID=""
LOCUST_PID=""
# SIGTERM: gunicorn's arbiter stops its workers gracefully, Celery finishes the task in hand.
stop() {
  if [ -n "$1" ] && kill -0 "$1" 2>/dev/null; then
    kill -TERM "$1"
    wait "$1" 2>/dev/null || true
  fi
}
# shellcheck disable=SC2317  # called by the trap
cleanup() {
  stop "$LOCUST_PID"
  stop "$WORKER_PID"
  stop "$GUNICORN_PID"
  if [ "${LOAD_KEEP_DB:-0}" != 1 ]; then
    psql -q "${PG}/postgres" -c "DROP DATABASE IF EXISTS \"${DB}\" WITH (FORCE)" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if curl -s -o /dev/null --max-time 2 "${BASE}/"; then
  echo "Something already answers on ${BASE}: stop it or set LOAD_PORT." >&2
  exit 1
fi
pg_isready -q -d "${PG}/postgres" || { echo "PostgreSQL does not answer at ${PG}." >&2; exit 1; }
redis-cli -u "${REDIS_URL}" ping >/dev/null || { echo "Redis does not answer at ${REDIS_URL}." >&2; exit 1; }

echo "== virtualenvs: .venv (the portal) and ${LOAD_VENV} (locust, requirements-load.txt)"
make --no-print-directory venv
if [ ! -f "${LOAD_VENV}/.installed" ] || [ requirements-load.txt -nt "${LOAD_VENV}/.installed" ]; then
  test -x "${LOAD_VENV}/bin/python" || python3.11 -m venv "${LOAD_VENV}" || python3 -m venv "${LOAD_VENV}"
  "${LOAD_VENV}/bin/pip" install --quiet -r requirements-load.txt
  touch "${LOAD_VENV}/.installed"
fi

echo "== database ${DB}: migrate and load the demo data"
rm -rf "${OUT}" && mkdir -p "${OUT}/media"
psql -q "${PG}/postgres" -c "DROP DATABASE IF EXISTS \"${DB}\" WITH (FORCE)" -c "CREATE DATABASE \"${DB}\""
.venv/bin/python manage.py migrate --noinput >"${OUT}/prepare.log"
# load_demo refuses to run with DEBUG off unless told this is not production.
.venv/bin/python manage.py load_demo --force >>"${OUT}/prepare.log"
echo "== collectstatic (hashed, compressed files for whitenoise)"
.venv/bin/python manage.py collectstatic --noinput >>"${OUT}/prepare.log"

# FIT staff log in in two steps: the FIT log-ins of loadtest/locustfile.py get an authenticator app and the
# cookie of a browser they trusted (loadtest/fit_browsers.py), signed with this run's SECRET_KEY.
.venv/bin/python -m loadtest.fit_browsers staff manager accountmanager >"${OUT}/fit-browsers.json"
export LOAD_FIT_BROWSERS="${PWD}/${OUT}/fit-browsers.json"

echo "== one Celery worker, gunicorn on ${BASE}"
.venv/bin/celery -A portal worker --pool=solo --hostname "loadtest@%h" --loglevel=INFO >"${OUT}/worker.log" 2>&1 &
WORKER_PID=$!
# The floor run changes the URLconf of the web server only; production never names loadtest.floor_settings.
if [ "$LOAD_FLOOR" = 1 ]; then SERVER_SETTINGS=loadtest.floor_settings; else SERVER_SETTINGS=portal.settings; fi
DJANGO_SETTINGS_MODULE="$SERVER_SETTINGS" .venv/bin/gunicorn --config gunicorn.conf.py >"${OUT}/gunicorn.log" 2>&1 &
GUNICORN_PID=$!
for _ in $(seq 60); do
  code="$(curl -s -o /dev/null -w '%{http_code}' -H 'X-Forwarded-Proto: https' "${BASE}/accounts/login/" || true)"
  [ "$code" = 200 ] && break
  kill -0 "$GUNICORN_PID" 2>/dev/null || { cat "${OUT}/gunicorn.log" >&2; exit 1; }
  sleep 0.5
done
[ "$code" = 200 ] || { echo "gunicorn did not answer 200 on /accounts/login/ (last: ${code})" >&2; exit 1; }
# A worker's first request costs about a second of CPU (the URLconf with every view, the templates, the
# Dutch catalogue; several seconds when the workers start together on a busy machine). A server that has been
# running paid that long ago: without this, the ramp-up's log-ins queued behind the five cold workers
# (log-in p95 2-4 s). Three rounds of twice as many log-in forms in parallel as there are workers reach each
# worker; LOAD_WARM=0 leaves them cold. Not counted in the CPU below; left out of the server times.
if [ "${LOAD_WARM:-1}" = 1 ]; then
  workers="$(grep -c 'Booting worker' "${OUT}/gunicorn.log")"
  for _ in 1 2 3; do
    seq $(( 2 * workers )) | xargs -P $(( 2 * workers )) -I{} \
      curl -s -o /dev/null -H 'X-Forwarded-Proto: https' "${BASE}/accounts/login/"
  done
fi

# The dashboards app is new: load its pages only when the project routes them.
if grep -q '"dashboards/"' portal/urls.py; then export LOAD_DASHBOARDS=1; else export LOAD_DASHBOARDS=0; fi

# CPU time (user + system, in clock ticks) of a set of processes, from /proc: what the server spent. With
# that of their ended children (fields 16-17): a worker that gunicorn recycled (max_requests) counts in the
# arbiter's. The fields are counted after the command name, which may hold spaces ("(gunicorn: maste)").
cpu_ticks() {
  local total=0 pid
  for pid in "$@"; do
    [ -r "/proc/${pid}/stat" ] || continue
    total=$(( total + $(sed 's/.*) //' "/proc/${pid}/stat" | awk '{print $12 + $13 + $14 + $15}') ))
  done
  echo "$total"
}
server_pids() { echo "$GUNICORN_PID"; pgrep -P "$GUNICORN_PID"; pgrep -u postgres -f "postgres: .* ${DB} "; }

echo "== locust ($( [ "$LOAD_FLOOR" = 1 ] && echo "FLOOR run: every page is ${BASE}/__benchmark__/page/" || echo "page run" )): ${USERS} users, ${SPAWN_RATE}/s, ${RUN_TIME}, think time ${LOAD_WAIT_MIN}-${LOAD_WAIT_MAX} s," \
  "dashboards ${LOAD_DASHBOARDS}; $(nproc) cores, $(date -Iseconds), load average $(cut -d' ' -f1-3 /proc/loadavg)"
mapfile -t PIDS < <(server_pids)
CPU_BEFORE="$(cpu_ticks "${PIDS[@]}")"
read -r _ u0 n0 s0 i0 w0 _ < /proc/stat
# In the background and waited for, so that Ctrl+C or a TERM stops the run at once (bash runs a trap only
# between commands, and `wait` is one it interrupts).
"${LOAD_VENV}/bin/locust" --locustfile loadtest/locustfile.py --host "${BASE}" --headless \
  --users "${USERS}" --spawn-rate "${SPAWN_RATE}" --run-time "${RUN_TIME}" --stop-timeout 10 \
  --csv "${OUT}/locust" --only-summary --loglevel WARNING >"${OUT}/locust.log" 2>&1 &
LOCUST_PID=$!
LOCUST_RC=0
wait "$LOCUST_PID" || LOCUST_RC=$?
LOCUST_PID=""
read -r _ u1 n1 s1 i1 w1 _ < /proc/stat
mapfile -t PIDS < <(server_pids)  # PostgreSQL backends opened during the run count too
CPU_AFTER="$(cpu_ticks "${PIDS[@]}")"
CLK_TCK="$(getconf CLK_TCK)"
export SERVER_CPU_TICKS=$(( CPU_AFTER - CPU_BEFORE )) CLK_TCK
export MACHINE_BUSY_PCT=$(( 100 * ((u1 + n1 + s1) - (u0 + n0 + s0)) / ((u1 + n1 + s1 + i1 + w1) - (u0 + n0 + s0 + i0 + w0)) ))
[ -f "${OUT}/locust_stats.csv" ] || { cat "${OUT}/locust.log" >&2; exit "$(( LOCUST_RC ? LOCUST_RC : 1 ))"; }

stop "$GUNICORN_PID" && GUNICORN_PID=""
stop "$WORKER_PID" && WORKER_PID=""

"${LOAD_VENV}/bin/python" - "${OUT}" <<'PY'
"""The table for docs/benchmarks.md, from locust's CSV; then the failures and what the server logged."""

import collections
import csv
import datetime
import os
import pathlib
import re
import sys

out = pathlib.Path(sys.argv[1])
rows = list(csv.DictReader((out / "locust_stats.csv").open()))
print("\n| page | requests | failures | p50 ms | p95 ms | p99 ms | max ms | req/s |\n|---|--:|--:|--:|--:|--:|--:|--:|")
for row in rows:
    name = "**all**" if row["Name"] == "Aggregated" else f"{row['Type']} {row['Name']}"
    print(
        f"| {name} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} | {row['95%']} | {row['99%']} "
        f"| {float(row['Max Response Time']):.0f} | {float(row['Requests/s']):.1f} |"
    )
failures = list(csv.DictReader((out / "locust_failures.csv").open()))
for row in failures:
    print(f"FAILURE {row['Occurrences']}x {row['Method']} {row['Name']}: {row['Error']}")
statuses = collections.Counter(
    m.group(1) for line in (out / "access.log").open() if (m := re.search(r'" (\d{3}) ', line))
)
print(f"\ngunicorn access log, responses by status: {dict(sorted(statuses.items()))}")
# Server-side time (gunicorn's %(M)s, without the wait for a free worker) in the ramp-up and afterwards.
stamps = []
for line in (out / "access.log").open():
    m = re.search(r"\[(\d+/\w+/\d+:\d+:\d+:\d+) [^]]+\] \"(\S+) (\S+).*?(\d+)ms$", line)
    if m and "curl" not in line:
        when = datetime.datetime.strptime(m.group(1), "%d/%b/%Y:%H:%M:%S")
        stamps.append((when, m.group(2), m.group(3), int(m.group(4))))
start = min(s[0] for s in stamps)


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p / 100))] if values else 0


for label, keep in (("first 15 s", lambda t: t < 15), ("after 15 s", lambda t: t >= 15)):
    picked = [s for s in stamps if keep((s[0] - start).total_seconds())]
    pages = [s[3] for s in picked if not s[2].startswith("/static/")]
    logins = [s[3] for s in picked if s[1] == "POST"]
    print(
        f"server time {label}: {len(pages)} dynamic requests p50 {pct(pages, 50)} ms p95 {pct(pages, 95)} ms "
        f"p99 {pct(pages, 99)} ms; log-in POST p50 {pct(logins, 50)} ms ({len(logins)})"
    )
total = sum(int(r["Request Count"]) for r in rows if r["Name"] == "Aggregated")
cpu = int(os.environ["SERVER_CPU_TICKS"]) / int(os.environ["CLK_TCK"])
print(
    f"CPU: gunicorn + its PostgreSQL backends {cpu:.1f} s ({1000 * cpu / max(total, 1):.0f} ms a request); "
    f"the whole machine {os.environ['MACHINE_BUSY_PCT']} % busy (all cores; locust, the worker and anything else running included)"
)
by_name = {row["Name"]: row for row in rows}
login, everything = by_name.get("log-in (POST)", {}), by_name["Aggregated"]
print(
    f"SUMMARY {'floor' if os.environ.get('LOAD_FLOOR') == '1' else 'pages'}: {everything['Request Count']} requests, "
    f"{everything['Failure Count']} failures, log-in POST p50 {login.get('50%')} p95 {login.get('95%')} ms, "
    f"all p50 {everything['50%']} p95 {everything['95%']} ms, {float(everything['Requests/s']):.1f} req/s, "
    f"{1000 * cpu / max(total, 1):.0f} ms CPU a request"
)
log = (out / "gunicorn.log").read_text()
problems = [line for line in log.splitlines() if re.search(r"Traceback|ERROR|CRITICAL|WORKER TIMEOUT", line)]
print(f"gunicorn error log: {len(problems)} error lines" + "".join(f"\n  {line}" for line in problems[:20]))
PY

echo "sweeps the worker ran: $(grep -c 'notifications.sweep_outbox.*succeeded' "${OUT}/worker.log" || true)"
echo "locust exit code: ${LOCUST_RC} (non-zero when a request failed); logs in ${OUT}/"
exit "$LOCUST_RC"
