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

.PHONY: install run test curl test-repeat test-unit lint bench openapi sdk sdk-models clean
.DEFAULT_GOAL := sdk

$(UV):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Fluxrate needs Python 3.11 or newer (found " + sys.version.split()[0] + ")")'
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed: $(UV) uv.lock pyproject.toml libs/*/pyproject.toml services/*/pyproject.toml \
		sdks/python/pyproject.toml
	$(UV) sync --frozen --all-packages --python $(PYTHON)
	@touch $@

install: $(VENV)/.installed

run: install
	$(VENV)/bin/fluxrate dev

# The README's curl tour is tested with the real curl (Debian's package, when it is missing).
curl:
	@command -v curl >/dev/null || { apt-get update -qq && apt-get install -y -qq curl; }

test: install curl
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# The suite RUNS times (default 5), every failure listed by test id; BUSY=1 keeps a core busy.
RUNS ?= 5
test-repeat: install curl
	$(VENV)/bin/python -m tests.repeat $(RUNS) $(if $(filter 1,$(BUSY)),--busy) $(PYTEST_ARGS)

test-unit: install
	$(VENV)/bin/pytest -m "not slow" tests/*/unit $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .

openapi: install
	$(VENV)/bin/fluxrate openapi --write

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
	rm -rf $(VENV) $(TOOLS) sdks/python/dist
