# permitgraph — the two commands: `make demo` (local Neo4j + sample graph + API) and `make test` (whole suite).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test quick lint typecheck pytest bench neo4j-start neo4j-stop clean lock

# Installs exactly what requirements.lock pins (hash-checked), then the project itself without resolving again.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

## lock: pin pyproject.toml's dependencies (and dev extras) with hashes into requirements.lock
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements.lock

## demo: start the local Neo4j, apply the schema, load a sample if empty, serve the API on 127.0.0.1:8000
demo: $(STAMP)
	$(BIN)/permitgraph demo

## test: lint, type-check and run the whole suite against a real Neo4j per worker (port 7688 + 100·N, started if needed)
test: lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy .

# every core: a worker per core, each with a Neo4j of its own (tests/conftest.py); a module's tests stay on one worker
pytest: $(STAMP)
	$(BIN)/pytest -n auto --dist loadfile --durations=15

## quick: the inner loop, one worker (tests marked slow left out; PERMITGRAPH_TEST_KEEP_SERVER=1 keeps its Neo4j up)
quick: $(STAMP)
	$(BIN)/pytest -m "not slow"

bench: $(STAMP)
	$(BIN)/python -m bench.monitoring_model
	$(BIN)/python -m bench.load_throughput

neo4j-start: $(STAMP)
	$(BIN)/permitgraph neo4j start

neo4j-stop: $(STAMP)
	$(BIN)/permitgraph neo4j stop

clean:
	-$(BIN)/permitgraph neo4j stop
	rm -rf .permitgraph neo4j-local/target
