# Each target makes its own virtual environment in .venv (Python 3.11+ as `python3`).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench bench-scale bench-workers clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

run: $(VENV)/.installed  ## install and start the bot (needs TELEGRAM_BOT_TOKEN, see .env.example)
	$(BIN)/camag-bot

test: $(VENV)/.installed  ## install and run the whole test suite (with a throwaway PostgreSQL and nginx)
	tests/services $(BIN)/python -m pytest

lint: $(VENV)/.installed  ## ruff and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy camag_core bot

bench: $(VENV)/.installed  ## print the benchmark figures against issue #15's targets (under 2 minutes)
	$(BIN)/python -m benchmarks.run

bench-scale: $(VENV)/.installed  ## the store with 10,000 people (about 1.5 minutes)
	$(BIN)/python -m benchmarks.run --scale

bench-workers: $(VENV)/.installed  ## 1, 2 and 3 workers on PostgreSQL; the store at 1M people (about 3 minutes)
	CAMAG_TEST_POSTGRES_DURABLE=1 tests/services $(BIN)/python -m benchmarks.workers
	CAMAG_TEST_POSTGRES_DURABLE=1 tests/services $(BIN)/python -m benchmarks.postgres_store

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
