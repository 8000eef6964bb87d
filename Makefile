# The WCR platform. `make demo` and `make test` do all of the set-up on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help
.PHONY: help install demo serve worker test test-pg test-browser lint format bench messages clean

export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/.venv
export UV_NO_PROGRESS := 1
UV_VERSION := 0.13.9
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
UV := .tools/bin/uv
PYTEST_WORKERS ?= 2
# Development settings for the demo (never used by the tests, which run as production does).
DEMO_ENV := DEBUG=true DEMO_MODE=true STATIC_FROM_FINDERS=true

help:
	@echo "make demo          set everything up, load demo data, serve on http://127.0.0.1:$(PORT)"
	@echo "make test          the whole test suite on SQLite (DATABASE_URL=postgres://… for PostgreSQL)"
	@echo "make test-browser  accessibility and browser tests in headless Chromium"
	@echo "make lint          formatting, lint, types, import contracts, migrations"
	@echo "make bench         benchmarks on generated data"
	@echo "make install       install everything without starting anything"

$(UV):
	@python=$$(scripts/find-python) || exit 1; \
	echo "Using $$python ($$($$python --version))"; \
	$$python -m venv .tools && .tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed: $(UV) pyproject.toml uv.lock
	@python=$$(scripts/find-python) || exit 1; \
	$(UV) sync --frozen --python "$$python"
	@touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm (Node.js 20+) is needed for the front-end packages: install nodejs and npm." >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(VENV)/.installed node_modules/.installed
	@scripts/ensure-pango

demo: install
	@mkdir -p var
	$(DEMO_ENV) $(PY) manage.py migrate --noinput -v 0
	$(DEMO_ENV) $(PY) manage.py seed_demo
	@echo
	@echo "  WCR demo: http://127.0.0.1:$(PORT)/   staff area: http://127.0.0.1:$(PORT)/mitarbeitende/"
	@echo "  (task worker runs beside the web server; Ctrl-C stops both)"
	@echo
	@$(DEMO_ENV) PY=$(PY) scripts/demo-serve $(PORT)

# Branch coverage of wcr/ into .coverage (`$(VENV)/bin/coverage report` shows it; .ci/run holds the floor).
COVERAGE := --cov=wcr --cov-branch --cov-report=

# Said after every run, passed or failed: the browser tests are not part of this suite.
BROWSER_NOTE := echo; echo "Not run here: the browser tests (headless Chromium, axe-core). Run them with: make test-browser"

test: install
	@$(VENV)/bin/pytest -n $(PYTEST_WORKERS) $(COVERAGE) $(PYTEST_ARGS); status=$$?; $(BROWSER_NOTE); exit $$status

test-pg: install
	@DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/wcr} $(VENV)/bin/pytest -n $(PYTEST_WORKERS) $(COVERAGE) $(PYTEST_ARGS); status=$$?; $(BROWSER_NOTE); exit $$status

test-browser: install
	@scripts/ensure-chromium
	$(VENV)/bin/pytest -m browser -p no:xdist $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	DEBUG=true $(VENV)/bin/mypy wcr
	$(VENV)/bin/lint-imports
	$(PY) scripts/check_gate.py
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run -v 1

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install
	$(PY) benchmarks/run.py

messages: install
	DEBUG=true $(PY) manage.py makemessages -l de -l en -l ar -l uk -l tr --no-obsolete --no-location -i ".venv/*" -i "node_modules/*" -i ".tools/*"
	DEBUG=true $(PY) manage.py compilemessages -l de -l en -l ar -l uk -l tr -i ".venv" -i "node_modules" -i ".tools"

clean:
	rm -rf .venv .tools node_modules var staticfiles
