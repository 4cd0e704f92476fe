# The two set-up commands: `make run` (demo portal on SQLite) and `make test` (the whole suite).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1:8000
PG_URL := postgres://postgres@127.0.0.1:5432/portal

.PHONY: run test lint format venv deps browser messages worker beat check clean

# The virtualenv with the pinned requirements; rebuilt when a requirements file changes.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	# XStatic-Bootstrap is an sdist whose setup.py needs pkg_resources (setuptools < 81).
	$(PIP) install --quiet "setuptools<81" wheel
	$(PIP) install --quiet --no-build-isolation -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

run: venv
	DEBUG=$${DEBUG:-1} $(PY) manage.py compilemessages --ignore=.venv >/dev/null
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(PY) manage.py load_demo
	@echo "The portal runs at http://$(HOST)/ (demo logins above; stop with Ctrl+C)."
	DEBUG=$${DEBUG:-1} $(PY) manage.py runserver $(HOST)

# Debian's Chromium for the browser tests (Playwright cannot download its own browsers here).
browser:
	@command -v chromium >/dev/null || { echo "Installing Chromium from Debian's packages..."; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null; }

test: venv browser
	@if [ -z "$$DATABASE_URL" ]; then \
	  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then export DATABASE_URL=$(PG_URL); \
	  else echo "NOTICE: no PostgreSQL at 127.0.0.1:5432 and no DATABASE_URL: the tests run on SQLite."; fi; \
	fi; \
	export DEBUG=1; \
	$(PY) manage.py compilemessages --ignore=.venv >/dev/null && \
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: venv
	DEBUG=1 $(PY) manage.py makemessages -l nl -l en --ignore=.venv --no-obsolete
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv

check: venv
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
