# Hooklane: `make run` starts the product, `make test` runs every suite.
# Everything lands in git-ignored folders: .venv/, .run/, frontend/node_modules/, frontend/dist/.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(CURDIR)/$(VENV)/bin/python
STACK := $(PY) backend/scripts/stack.py
DEV_DIR := .run/dev
PYTEST_ARGS ?=
E2E_ARGS ?=
ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help run test test-backend test-frontend test-e2e lint format openapi manage shell stop clean dev lock bench chaos

help:
	@echo "make run    start PostgreSQL, Redis, web, Celery worker and beat, the built SPA"
	@echo "make test   every test suite against throwaway PostgreSQL and Redis"
	@echo "make dev    Vite dev server with hot reload (run 'make run' in another terminal)"
	@echo "make manage ARGS='...'   a management command on the local stack; make shell"
	@echo "make openapi  regenerate openapi.yaml and the SPA's API types"
	@echo "make lint | format | bench | chaos | stop | clean | lock"

# --- installs ---------------------------------------------------------------------------
$(VENV)/.installed: backend/requirements.lock
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r backend/requirements.lock
	@touch $@

frontend/node_modules/.installed: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

FRONTEND_SOURCES := $(shell find frontend/src frontend/index.html frontend/vite.config.ts frontend/package.json -type f 2>/dev/null)
frontend/dist/index.html: frontend/node_modules/.installed $(FRONTEND_SOURCES)
	cd frontend && npm run --silent build
	@touch $@

# --- the two commands -------------------------------------------------------------------
run: $(VENV)/.installed frontend/dist/index.html
	cd backend && $(PY) scripts/run.py

test: lint test-backend test-frontend test-e2e
	@echo "All test suites passed."

test-backend: $(VENV)/.installed
	$(STACK) throwaway -- bash -c 'cd backend && $(PY) -m pytest $(PYTEST_ARGS)'

test-frontend: frontend/node_modules/.installed
	cd frontend && npm run --silent typecheck && npm test --silent && npm run --silent build && npm run --silent size

# The browser journey in headless Chromium against the real stack (live server, worker).
test-e2e: $(VENV)/.installed frontend/dist/index.html
	$(STACK) throwaway -- $(PY) -m pytest e2e --output artifacts/e2e --screenshot only-on-failure $(E2E_ARGS)

# --- extras -----------------------------------------------------------------------------
lint: $(VENV)/.installed frontend/node_modules/.installed
	cd backend && $(PY) -m ruff check . && $(PY) -m ruff format --check .
	cd e2e && $(PY) -m ruff check . && $(PY) -m ruff format --check .
	cd frontend && npm run --silent lint

format: $(VENV)/.installed
	cd backend && $(PY) -m ruff format . && $(PY) -m ruff check --fix .

openapi: $(VENV)/.installed frontend/node_modules/.installed
	cd backend && $(PY) manage.py spectacular --validate --fail-on-warn --file ../openapi.yaml
	cd frontend && npm run --silent gen:api

dev: frontend/node_modules/.installed
	cd frontend && npm run dev

# Uses DATABASE_URL / REDIS_URL when set; otherwise the `make run` stack (started if down).
manage: $(VENV)/.installed
	@if [ -z "$$DATABASE_URL" ] || [ -z "$$REDIS_URL" ]; then \
	  eval "$$($(STACK) up --dir $(DEV_DIR))"; fi; \
	  cd backend && $(PY) manage.py $(ARGS)

shell:
	@$(MAKE) --no-print-directory manage ARGS=shell

bench: $(VENV)/.installed
	$(STACK) throwaway -- $(PY) backend/bench/run.py $(ARGS)

# Load with faults (workers killed, Redis restarted, PostgreSQL stopped) on a stack of its
# own under .run/chaos-*; fails if a 2xx lost its row or a row never reached the receiver.
chaos: $(VENV)/.installed
	$(PY) backend/chaos/run.py $(ARGS)

stop:
	@if [ -x $(PY) ] && [ -d $(DEV_DIR) ]; then $(STACK) down --dir $(DEV_DIR); fi
	@echo "Local PostgreSQL and Redis stopped."

clean: stop
	rm -rf .run $(VENV) frontend/node_modules frontend/dist backend/staticfiles

lock: $(VENV)/.installed
	cd backend && $(PY) -m piptools compile --quiet --extra dev --strip-extras --no-header \
	  --allow-unsafe --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml
