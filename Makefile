# tradebridge — set-up and main jobs. `make brief` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
TB     := $(BIN)/tradebridge
EXTRAS ?= pdf,web,pg,spark,embeddings,dev
# The shared reference data beside the project, unless TRADEBRIDGE_RAW says otherwise.
RAW    ?= $(or $(TRADEBRIDGE_RAW),$(if $(wildcard ../shared/data/MANIFEST.md),../shared/data,))
STORE  ?= $(or $(TRADEBRIDGE_STORE),.tradebridge/store.duckdb)
OUT    ?= out
LANGS  ?= all
# The suite on two workers, each test module on one of them (its module fixtures built once).
TEST_JOBS ?= 2

.PHONY: help venv data brief test test-fast bench lint clean

help:
	@echo "make brief  - set up, ingest the reference data, build the policy brief (out/brief-<lang>.html|.pdf)"
	@echo "make test   - set up and run the whole test suite"
	@echo "make data   - set up and ingest the reference data, then print its status"
	@echo "make bench  - run the benchmarks in bench/ (ratios against baselines measured in the same run)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[$(EXTRAS)]"
	touch $@

venv: $(VENV)/.installed

data: venv
	@test -n "$(RAW)" || { echo "no reference data: set TRADEBRIDGE_RAW=DIR or put the shared folder beside the project"; exit 2; }
	$(TB) data ingest --raw "$(RAW)" --store "$(STORE)"
	$(TB) data status --store "$(STORE)"

brief: data
	$(TB) brief --store "$(STORE)" --lang $(LANGS) --out "$(OUT)"

test: venv
	$(BIN)/python -m pytest -q -p no:cacheprovider -n $(TEST_JOBS) --dist loadfile

test-fast: venv
	$(BIN)/python -m pytest -q -m "not slow" -p no:cacheprovider

bench: venv
	@for b in bench/*.py; do echo "== $$b"; TRADEBRIDGE_RAW="$(RAW)" $(BIN)/python $$b || exit 1; done

lint: venv
	$(BIN)/ruff check src tests bench

clean:
	rm -rf $(VENV) .tradebridge $(OUT) .pytest_cache
