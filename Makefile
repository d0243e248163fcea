# Hooklane: `make run` starts the product, `make test` runs every suite.
# Everything lands in git-ignored folders: .venv/, .run/, frontend/node_modules/, frontend/dist/,
# e2e/node_modules/ (the browser).

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(CURDIR)/$(VENV)/bin/python
VENV_BIN := $(CURDIR)/$(VENV)/bin
STACK := $(PY) backend/scripts/stack.py
DEV_DIR := .run/dev
PYTEST_ARGS ?=
E2E_ARGS ?=
ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help run test test-backend test-frontend test-e2e browser lint check-schema format openapi senders-table manage shell stop clean dev lock bench chaos

help:
	@echo "make run    start PostgreSQL, Redis, web, Celery workers and beat, the built SPA"
	@echo "make test   every test suite against throwaway PostgreSQL and Redis"
	@echo "make dev    Vite dev server with hot reload (run 'make run' in another terminal)"
	@echo "make manage ARGS='...'   a management command on the local stack; make shell"
	@echo "make openapi  regenerate openapi.yaml and the SPA's API types"
	@echo "make senders-table  regenerate the senders table (backend/hooklane/webhooks/schemes/SENDERS.md)"
	@echo "make lint | check-schema | browser | format | bench | chaos | stop | clean | lock"

# --- installs ---------------------------------------------------------------------------
# The `hooklane` CLI (cli/) goes in editable, without its dependencies: they are in the lock.
$(VENV)/.installed: backend/requirements.lock cli/pyproject.toml
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r backend/requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e ./cli
	@touch $@

frontend/node_modules/.installed: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

FRONTEND_SOURCES := $(shell find frontend/src frontend/index.html frontend/vite.config.ts frontend/package.json -type f 2>/dev/null)
frontend/dist/index.html: frontend/node_modules/.installed $(FRONTEND_SOURCES)
	cd frontend && npm run --silent build
	@touch $@

# The journey's Chromium comes from the npm registry like the SPA's packages, for root and
# other users alike: @sparticuz/chromium (pinned in e2e/package-lock.json) carries a
# brotli-compressed headless Chromium for x86-64 Linux. `make test-e2e
# CHROMIUM_PATH=/usr/bin/chromium` uses another browser instead.
BUNDLED_CHROMIUM := $(CURDIR)/e2e/node_modules/.chromium/chromium
CHROMIUM_PATH ?= $(BUNDLED_CHROMIUM)
export CHROMIUM_PATH

UNBROTLI := const fs = require("fs"), zlib = require("zlib"); fs.createReadStream(process.argv[1]) \
  .pipe(zlib.createBrotliDecompress()).pipe(fs.createWriteStream(process.argv[2], { mode: 0o755 }))

$(BUNDLED_CHROMIUM): e2e/package-lock.json
	cd e2e && npm ci --no-audit --no-fund --loglevel=error
	@mkdir -p $(@D)
	@echo "Unpacking Chromium into $(@D)"
	@node -e '$(UNBROTLI)' e2e/node_modules/@sparticuz/chromium/bin/chromium.br $@.partial
	@if ! out=$$($@.partial --version 2>&1); then echo "$$out"; \
	  echo "The bundled Chromium cannot start here; install one (as root: apt-get install chromium) and run: make test-e2e CHROMIUM_PATH=/usr/bin/chromium"; \
	  exit 1; fi
	@mv $@.partial $@

browser: $(CHROMIUM_PATH)

# --- the two commands -------------------------------------------------------------------
run: $(VENV)/.installed frontend/dist/index.html
	cd backend && $(PY) scripts/run.py

test: lint check-schema test-backend test-frontend test-e2e
	@echo "All test suites passed."

test-backend: $(VENV)/.installed
	$(STACK) throwaway -- bash -c 'cd backend && $(PY) -m pytest $(PYTEST_ARGS)'

test-frontend: frontend/node_modules/.installed
	cd frontend && npm run --silent typecheck && npm test --silent && npm run --silent build && npm run --silent size

# The browser journey in headless Chromium against the real stack (live server, worker).
test-e2e: $(VENV)/.installed frontend/dist/index.html $(CHROMIUM_PATH)
	$(STACK) throwaway -- $(PY) -m pytest e2e --output artifacts/e2e --screenshot only-on-failure $(E2E_ARGS)

# --- extras -----------------------------------------------------------------------------
lint: $(VENV)/.installed frontend/node_modules/.installed
	cd backend && $(PY) -m ruff check . && $(PY) -m ruff format --check .
	cd backend && $(VENV_BIN)/lint-imports --no-cache && $(PY) scripts/check_boundaries.py
	cd e2e && $(PY) -m ruff check . && $(PY) -m ruff format --check .
	cd cli && $(PY) -m ruff check . && $(PY) -m ruff format --check .
	cd frontend && npm run --silent lint

# The SPA's API types must be exactly what openapi.yaml generates today.
check-schema: frontend/node_modules/.installed
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	  if ! out=$$(cd frontend && node_modules/.bin/openapi-typescript ../openapi.yaml -o "$$tmp/schema.d.ts" 2>&1); then \
	    echo "$$out"; exit 1; fi && \
	  if ! diff -u frontend/src/api/schema.d.ts "$$tmp/schema.d.ts" > "$$tmp/diff"; then \
	    head -n 40 "$$tmp/diff"; \
	    echo "frontend/src/api/schema.d.ts is not what openapi.yaml generates: run 'make openapi' and commit it."; \
	    exit 1; fi

format: $(VENV)/.installed
	cd backend && $(PY) -m ruff format . && $(PY) -m ruff check --fix .
	cd cli && $(PY) -m ruff format . && $(PY) -m ruff check --fix .

openapi: $(VENV)/.installed frontend/node_modules/.installed
	cd backend && $(PY) manage.py spectacular --validate --fail-on-warn --file ../openapi.yaml
	cd frontend && npm run --silent gen:api

# The table of every sender in backend/hooklane/webhooks/schemes/SENDERS.md, from the registry.
senders-table: $(VENV)/.installed
	cd backend && $(PY) manage.py senders_table

dev: frontend/node_modules/.installed
	cd frontend && npm run dev

# Uses DATABASE_URL / REDIS_URL when set; otherwise the `make run` stack, started if down and
# migrated first like `make run` does (unless the command itself is about migrations).
manage: $(VENV)/.installed
	@if [ -z "$$DATABASE_URL" ] || [ -z "$$REDIS_URL" ]; then \
	  urls=$$($(STACK) up --dir $(DEV_DIR)) || exit; eval "$$urls"; \
	  case "$(firstword $(ARGS))" in *migrat*) ;; \
	    *) (cd backend && $(PY) manage.py migrate --noinput -v 0) || exit ;; esac; fi; \
	  cd backend && $(PY) manage.py $(ARGS)

shell:
	@$(MAKE) --no-print-directory manage ARGS=shell

# The ingest benchmark drives load with wrk, from Debian's packages: installed here as root.
# PostgreSQL and Redis flush like production (fsync, synchronous_commit, appendonly).
bench: $(VENV)/.installed
	@if ! command -v wrk >/dev/null && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing wrk (apt-get)"; apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; fi
	$(STACK) throwaway --durable -- $(PY) backend/bench/run.py $(ARGS)

# Load with faults (workers killed, Redis restarted, PostgreSQL stopped) on a stack of its
# own under .run/chaos-*; fails if a 2xx lost its row or a row never reached the receiver.
chaos: $(VENV)/.installed
	$(PY) backend/chaos/run.py $(ARGS)

stop:
	@if [ -x $(PY) ] && [ -d $(DEV_DIR) ]; then $(STACK) down --dir $(DEV_DIR); fi
	@echo "Local PostgreSQL and Redis stopped."

clean: stop
	rm -rf .run $(VENV) frontend/node_modules frontend/dist backend/staticfiles e2e/node_modules

lock: $(VENV)/.installed
	cd backend && $(PY) -m piptools compile --quiet --extra dev --strip-extras --no-header \
	  --allow-unsafe --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml
