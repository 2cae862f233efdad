# policygraph: `make run` brings everything up; `make test` runs the whole suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# Test files run on this many workers side by side, each with its own Neo4j (pytest-xdist); one
# process when NEO4J_URI names a single shared server, which the tests wipe.
TEST_WORKERS ?= $(if $(NEO4J_URI),0,2)

.PHONY: run test test-fast lint format install load neo4j-start neo4j-stop neo4j-status clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "policygraph needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

## Neo4j (first start resolves the jars from Maven Central), schema, seed, API on 127.0.0.1:8000.
run: install
	$(BIN)/policygraph run

## The whole suite against a real Neo4j started for the session on free ports.
test: install
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

## The edit loop: everything but the suites marked slow (faults, load, fuzz, browser, wheel).
test-fast: install
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder -m "not slow"

lint: install
	$(BIN)/ruff check app tests bench
	$(BIN)/ruff format --check app tests bench

format: install
	$(BIN)/ruff check --fix app tests bench
	$(BIN)/ruff format app tests bench

## A bounded load test on loopback (60 s, 16 users) against the local Neo4j; see docs/reliability.md.
load: install
	$(BIN)/policygraph neo4j start
	$(BIN)/policygraph db schema
	$(BIN)/python -m bench.load.run --seconds 60 --users 16

neo4j-start: install
	$(BIN)/policygraph neo4j start
neo4j-stop: install
	$(BIN)/policygraph neo4j stop
neo4j-status: install
	$(BIN)/policygraph neo4j status

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
