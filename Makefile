# Each target makes its own virtual environment in .venv (Python 3.11+ as `python3`) and installs
# the pinned versions in requirements/ (hash-checked), then CaMag itself without dependencies.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --quiet
# The lock, for every platform and Python 3.11+: `make lock` after changing a dependency in pyproject.toml.
LOCK := $(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes --quiet --custom-compile-command "make lock"

.PHONY: run test lint lock bench bench-scale bench-workers catalogs extract clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) --upgrade pip

# What the bot needs to run, and no test tool.
$(VENV)/.run-installed: pyproject.toml requirements/run.txt | $(BIN)/python
	$(PIP) --require-hashes -r requirements/run.txt
	$(PIP) --no-deps -e .
	touch $@

# The same, with the test and lint tools.
$(VENV)/.installed: pyproject.toml requirements/test.txt | $(BIN)/python
	$(PIP) --require-hashes -r requirements/test.txt
	$(PIP) --no-deps -e .
	touch $@

# The message catalogs, compiled (camag_core/i18n.py; a catalog not compiled is read from its .po).
LOCALES := camag_core/locale
CATALOGS := $(patsubst %.po,%.mo,$(wildcard $(LOCALES)/*/LC_MESSAGES/camag.po))

$(LOCALES)/%/LC_MESSAGES/camag.mo: $(LOCALES)/%/LC_MESSAGES/camag.po
	$(BIN)/pybabel --quiet compile --domain camag --input-file $< --output-file $@

catalogs: $(VENV)/.run-installed $(CATALOGS)  ## compile the message catalogs

extract: $(VENV)/.run-installed  ## gather the messages from the code into the template, then into each language
	$(BIN)/python -m camag_core.catalogs extract

run: $(VENV)/.run-installed $(CATALOGS)  ## install and start the bot (needs TELEGRAM_BOT_TOKEN, see .env.example)
	$(BIN)/camag-bot

test: $(VENV)/.installed $(CATALOGS)  ## install and run the whole test suite (with a throwaway PostgreSQL and nginx)
	tests/services $(BIN)/python -m pytest

lint: $(VENV)/.installed  ## ruff and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy camag_core bot

lock: | $(BIN)/python  ## pin the dependencies again (keeps every pin it can; uv resolves for all platforms)
	$(PIP) 'uv>=0.13,<1'
	$(LOCK) --extra postgres --extra test -o requirements/test.txt
	$(LOCK) --extra postgres --constraint requirements/test.txt -o requirements/run.txt

bench: $(VENV)/.installed $(CATALOGS)  ## print the benchmark figures against their targets (3 to 5 minutes)
	$(BIN)/python -m benchmarks.run

bench-scale: $(VENV)/.installed $(CATALOGS)  ## the store with 10,000 people (2 to 5 minutes)
	$(BIN)/python -m benchmarks.run --scale

bench-workers: $(VENV)/.installed $(CATALOGS)  ## PostgreSQL: the fair baseline's comparison, 1 to 3 workers, the store at 1M people (about 9 minutes)
	CAMAG_TEST_POSTGRES_DURABLE=1 tests/services $(BIN)/python -m benchmarks.baseline
	CAMAG_TEST_POSTGRES_DURABLE=1 tests/services $(BIN)/python -m benchmarks.workers
	CAMAG_TEST_POSTGRES_DURABLE=1 tests/services $(BIN)/python -m benchmarks.postgres_store

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis $(CATALOGS)
