"""gunicorn's settings for the portal (read from the project root: `gunicorn --config gunicorn.conf.py`).

Every value can be changed from the environment, so the systemd unit, the Procfile and loadtest/run.sh
start the same server. See docs/deploy.md for the reverse proxy in front of it.
"""

import os


def _cores() -> int:
    # The CPUs this process may run on (a container or `taskset` may allow fewer than the machine has).
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _workers() -> int:
    """WEB_CONCURRENCY, else 2 x cores + 1 (gunicorn's rule of thumb), between 2 and 12.

    The upper bound matters because each worker keeps its own PostgreSQL connection open (CONN_MAX_AGE):
    web workers of every host plus the Celery workers must stay well below PostgreSQL's max_connections
    (100 by default). Two at least, so one slow request never blocks the whole site.
    """
    if os.environ.get("WEB_CONCURRENCY"):
        return int(os.environ["WEB_CONCURRENCY"])
    return max(2, min(2 * _cores() + 1, 12))


wsgi_app = "portal.wsgi:application"
# Loopback by default: the portal is meant to sit behind a reverse proxy on the same host.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
workers = _workers()
# Sync workers: the views are synchronous and the proxy buffers slow clients, so one request per worker
# is the simplest model that keeps a database connection per process.
worker_class = "sync"

# A request that runs longer than this is killed (the worker is restarted). The slowest pages (the annual
# report PDF, an XLSX export, a 10 MB upload from the proxy's buffer) take a few seconds at most.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On SIGTERM/SIGHUP, requests in flight get this long to finish before their worker is stopped.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# Recycle each worker after about a thousand requests, staggered so they never restart all at once:
# a cheap guard against slow memory growth.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = max_requests // 10
# The heartbeat file on tmpfs: a slow or full disk must not make the arbiter think workers hang.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108

# Logs to stdout/stderr: journald (systemd) or the process manager keeps them.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Combined log format plus the client address the proxy saw and the request time in milliseconds (%(M)s).
access_log_format = '%(h)s %({x-forwarded-for}i)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
# Name the processes in `ps` and `top`.
proc_name = "partnerportaal-web"

# gunicorn 25.1+ opens a control socket for `gunicornc` at one path per Unix user ($XDG_RUNTIME_DIR or
# ~/.gunicorn/gunicorn.ctl), so a second server of the same user would take over the first one's. Off unless
# a path of its own is given (the systemd unit gives /run/partnerportaal/gunicorn.ctl).
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True


def post_worker_init(worker):
    """Each new worker readies Django (URLconf, catalogues, the first templates) before its first request:
    portal.warmup. A failure is logged and the worker serves anyway, as it would have without it."""
    try:
        from portal.warmup import warm_up

        warm_up()
    except Exception:  # a warm-up must never keep a worker from serving
        worker.log.exception("The worker's warm-up failed")
