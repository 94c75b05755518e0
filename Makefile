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

.PHONY: setup dev test lint fmt typecheck bench clean

$(STAMP): pyproject.toml examples/seed_pipeline/pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[server,dev]" -e examples/seed_pipeline
	touch $(STAMP)

setup: $(STAMP)

# The whole stack on the example: its local API in the background, then web + worker + beat
# (`orchestrator dev`). Ctrl-C stops everything, the local API included.
dev: setup
	@mkdir -p $(ORCHESTRATOR_HOME)
	@$(BIN)/python -m seed_pipeline.fake_api --port $(SEED_API_PORT) & api=$$!; \
	trap 'kill $$api 2>/dev/null' EXIT; trap 'exit 0' INT TERM; \
	SEED_API_URL=http://127.0.0.1:$(SEED_API_PORT) $(BIN)/orchestrator dev -m seed_pipeline \
	  --host $(HOST) --port $(PORT) --workers $(WORKERS)

test: setup
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

bench: setup
	$(BIN)/python benchmarks/sdk_overhead.py
	$(BIN)/python benchmarks/partition_keys.py
	$(BIN)/python benchmarks/api_asset_graph.py
	$(BIN)/python benchmarks/server_runs.py
	$(BIN)/python benchmarks/fault_recovery.py
	@if [ -n "$$ORCHESTRATOR_TEST_POSTGRES_URL" ] && [ -n "$$ORCHESTRATOR_TEST_REDIS_URL" ]; then \
	  $(BIN)/python benchmarks/api_launch_load.py; \
	else echo "api_launch_load: set ORCHESTRATOR_TEST_POSTGRES_URL and ORCHESTRATOR_TEST_REDIS_URL"; fi

clean:
	rm -rf $(VENV) .orchestrator .pytest_cache .ruff_cache .mypy_cache
