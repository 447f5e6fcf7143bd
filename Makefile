# Solutions Lab: `make run` serves the app, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test migrate seed serve bench clean messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when the project's dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

migrate: install
	$(BIN)/solutions-lab migrate

seed: migrate
	$(BIN)/solutions-lab seed --demo

run: seed
	$(BIN)/solutions-lab serve --host $(HOST) --port $(PORT)

test: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# After changing interface text: extract it, update the six catalogs, compile them (see README).
messages: install-test
	$(BIN)/python scripts/messages.py

# Benchmarks print figures; they are not tests. bench/faults.py is run by hand (it restarts services).
bench: install-test
	@for script in bench/catalogue.py bench/assignment.py bench/matching.py bench/load/run.py; do \
		echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis test-output
