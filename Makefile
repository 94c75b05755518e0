# Everyday verbs. `make dev` and `make test` are the README's two commands.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SEED_API_PORT ?= 8765
export ORCHESTRATOR_HOME ?= $(CURDIR)/.orchestrator

.PHONY: setup dev test lint fmt typecheck bench clean

$(STAMP): pyproject.toml examples/seed_pipeline/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]" -e examples/seed_pipeline
	touch $(STAMP)

setup: $(STAMP)

# Start the example's local API, then materialize every asset of the example in-process.
dev: setup
	@mkdir -p $(ORCHESTRATOR_HOME)
	@$(BIN)/python -m seed_pipeline.fake_api --port $(SEED_API_PORT) & echo $$! > $(ORCHESTRATOR_HOME)/fake_api.pid; \
	trap 'kill $$(cat $(ORCHESTRATOR_HOME)/fake_api.pid) 2>/dev/null' EXIT; \
	sleep 1; \
	SEED_API_URL=http://127.0.0.1:$(SEED_API_PORT) $(BIN)/orchestrator asset materialize -m seed_pipeline --select '*' \
	  --partition $$(date -u -d yesterday +%F)

test: setup
	$(BIN)/ruff check .
	$(BIN)/pytest -q

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

clean:
	rm -rf $(VENV) .orchestrator .pytest_cache .ruff_cache .mypy_cache
