# Everyday verbs. `make dev` and `make test` are the README's two commands.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SEED_API_PORT ?= 8765
HOST ?= 127.0.0.1
PORT ?= 3000
WORKERS ?= 2
export ORCHESTRATOR_HOME ?= $(CURDIR)/.orchestrator

UI := frontend
UI_DEPS := $(UI)/node_modules/.package-lock.json
UI_BUNDLE := orchestrator_site/webui/dist/index.html
UI_SOURCES := $(shell find $(UI)/src $(UI)/public -type f 2>/dev/null) $(UI)/index.html $(UI)/vite.config.ts $(UI)/tsconfig.json
CHROMIUM := /usr/bin/chromium

.PHONY: setup ui ui-test browser dev test lint fmt typecheck bench dist clean

$(STAMP): pyproject.toml examples/seed_pipeline/pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[server,dev]" -e examples/seed_pipeline
	touch $(STAMP)

setup: $(STAMP)

# The web UI: `npm ci` when the lock file changed, a Vite build when a source changed.
$(UI_DEPS): $(UI)/package-lock.json
	cd $(UI) && npm ci --no-audit --no-fund
	touch $@

$(UI_BUNDLE): $(UI_DEPS) $(UI_SOURCES)
	cd $(UI) && npm run build --silent

ui: $(UI_BUNDLE)

# Type check and component tests of the UI.
ui-test: $(UI_DEPS)
	cd $(UI) && npx tsc -b && npx vitest run

# Debian's Chromium for the browser tests (Playwright drives it; it cannot download its own here).
browser:
	@test -x $(CHROMIUM) || { if [ "$$(id -u)" = 0 ]; then apt-get install -y chromium; else sudo apt-get install -y chromium; fi; }

# The whole stack on the example: its local API in the background, then web + worker + beat
# (`orchestrator dev`). Ctrl-C stops everything, the local API included.
dev: setup ui
	@mkdir -p $(ORCHESTRATOR_HOME)
	@$(BIN)/python -m seed_pipeline.fake_api --port $(SEED_API_PORT) & api=$$!; \
	trap 'kill $$api 2>/dev/null' EXIT; trap 'exit 0' INT TERM; \
	SEED_API_URL=http://127.0.0.1:$(SEED_API_PORT) $(BIN)/orchestrator dev -m seed_pipeline \
	  --host $(HOST) --port $(PORT) --workers $(WORKERS)

test: setup ui browser
	$(MAKE) ui-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -q
	@# The API suite again on PostgreSQL (jsonb, NUL handling, real locks) when a server is given.
	if [ -n "$$ORCHESTRATOR_TEST_POSTGRES_URL" ]; then \
	  ORCHESTRATOR_TEST_DATABASE_URL="$$ORCHESTRATOR_TEST_POSTGRES_URL" $(BIN)/pytest -q -p no:cacheprovider tests/server/api; \
	fi

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: setup
	$(BIN)/mypy

bench: setup ui browser
	$(BIN)/python benchmarks/sdk_overhead.py
	$(BIN)/python benchmarks/partition_keys.py
	$(BIN)/python benchmarks/api_asset_graph.py
	$(BIN)/python benchmarks/server_runs.py
	$(BIN)/python benchmarks/fault_recovery.py
	@if [ -n "$$ORCHESTRATOR_TEST_POSTGRES_URL" ] && [ -n "$$ORCHESTRATOR_TEST_REDIS_URL" ]; then \
	  $(BIN)/python benchmarks/api_launch_load.py; \
	else echo "api_launch_load: set ORCHESTRATOR_TEST_POSTGRES_URL and ORCHESTRATOR_TEST_REDIS_URL"; fi
	$(BIN)/python benchmarks/ui_bundle.py
	$(BIN)/python benchmarks/ui_catalog.py
	$(BIN)/python benchmarks/ui_event_log.py
	$(BIN)/python benchmarks/ui_live_log.py
	$(BIN)/python benchmarks/ui_graph.py

# A wheel that ships the built UI, so `pip install 'orchestrator[server]'` serves it with no Node.
dist: setup ui
	rm -rf dist build && $(BIN)/pip wheel --quiet --no-deps --wheel-dir dist .

clean:
	rm -rf $(VENV) .orchestrator .pytest_cache .ruff_cache .mypy_cache $(UI)/node_modules orchestrator_site/webui/dist
