# Two entry points: `make demo` and `make test`. Each creates .venv if needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck bench clean lock

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev,bench,spark]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/kithkin demo --serve

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy --strict src/kithkin

# Two workers (CI's two cores), each test file kept whole on one (its module fixtures and order); the slowest
# tests are listed at the end, so that a run shows where the time goes. The schema run goes on its own after:
# its tests share one name, and a worker would run the first operation's alone.
SCHEMA_TESTS = tests/web/test_web_schema.py

test: lint typecheck
	$(BIN)/python -m pytest -q -n 2 --dist loadfile --durations=20 --ignore=$(SCHEMA_TESTS)
	$(BIN)/python -m pytest -q $(SCHEMA_TESTS)

bench: $(STAMP)
	$(BIN)/python bench/bench_generator.py

# The exact versions of everything installed, for reproducible CI runs (ranges live in pyproject.toml).
lock: $(STAMP)
	{ echo "# Exact versions CI and \`make\` install (pip's -c constraints): regenerate with \`make lock\` after changing pyproject.toml."; \
	  $(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e'; } > requirements.lock

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
