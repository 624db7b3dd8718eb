# Two commands on a fresh machine (Python 3.11+):
#   make run   – virtual environment, install, migrate, demo data, serve on http://127.0.0.1:8050
#   make test  – the whole test suite (installs test dependencies and Debian's chromium if missing)
# Set DATABASE_URL for PostgreSQL; TEST_DATABASE_URL makes the tests use a PostgreSQL server.
#   make run-postgres  – the same against a local PostgreSQL cluster kept in instance/postgres
#   make cli ARGS="db current"  – the command line (also: .venv/bin/klikks-dashboard db current)

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8050
PG_PORT ?= 5433
PG_HOME := instance/postgres

.PHONY: run run-postgres stop-postgres cli test bench bench-pages compare lint clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 oder neuer wird benötigt")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@ $(VENV)/.installed

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[bench]'
	@touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/klikks-dashboard serve --host $(HOST) --port $(PORT)

# A PostgreSQL cluster of its own under instance/ (created on first use, stopped when the dashboard ends).
run-postgres: $(VENV)/.installed
	@bash .ci/system-deps --postgres-only
	@bash -c 'source .ci/postgres.sh && start_local_postgres $(PG_HOME) $(PG_PORT) || exit 1; \
		trap "stop_local_postgres $(PG_HOME)" EXIT; \
		DATABASE_URL="$$PG_LOCAL_URL" $(BIN)/klikks-dashboard serve --host $(HOST) --port $(PORT); true'

stop-postgres:
	@bash -c 'source .ci/postgres.sh && stop_local_postgres $(PG_HOME)'

cli: $(VENV)/.installed
	$(BIN)/klikks-dashboard $(ARGS)

test: $(VENV)/.installed-test
	@bash .ci/system-deps
	$(BIN)/ruff check .
	@# pytest exits with 5 when a selection collects no tests: that is not a failure of the suite.
	$(BIN)/python -m pytest $(PYTEST_ARGS) || { rc=$$?; [ $$rc -eq 5 ] && echo "keine Tests ausgewählt" || exit $$rc; }

bench: $(VENV)/.installed
	$(BIN)/python bench/run.py

bench-pages: $(VENV)/.installed-test
	$(BIN)/python bench/page_weight.py

# HTTP through gunicorn vs. bare SQL vs. Datasette; e.g. make compare COMPARE_ARGS="--measures 1500000"
compare: $(VENV)/.installed-bench
	$(BIN)/python bench/compare.py $(COMPARE_ARGS)

clean:
	rm -rf $(VENV) instance .pytest_cache
