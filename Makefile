# newsbrief: make install | run | test | bench | lint
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= demo.db

.PHONY: install install-dev run test bench lint clean

$(BIN)/newsbrief: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	@touch $(BIN)/newsbrief

install: $(BIN)/newsbrief

$(VENV)/.dev: $(BIN)/newsbrief
	$(BIN)/pip install -q -e '.[dev]'
	@touch $(VENV)/.dev

install-dev: $(VENV)/.dev

run: install
	$(BIN)/python demo/run.py --db $(DB)

test: install-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest

bench: install-dev
	$(BIN)/python bench/run.py

lint: install-dev
	$(BIN)/ruff check src tests bench

clean:
	rm -rf $(VENV) build dist src/*.egg-info $(DB)
