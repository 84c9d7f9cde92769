# The two quick-start commands: `make run` (the main job on the bundled sample) and `make test`.
# Both create the virtual environment and install the project when it is missing or stale.

VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
SAMPLE_DB ?= sqlite:///sample.db
# EXTRAS=test,semantic adds the embedding reranker; torch's CPU build is installed first,
# because a plain `torch` requirement pulls a multi-gigabyte CUDA build.
EXTRAS ?= test

.PHONY: run test lint install clean screenshots

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	case "$(EXTRAS)" in *semantic*) $(BIN)/python -m pip install --quiet torch==2.13.0;; esac
	$(BIN)/python -m pip install --quiet -e '.[$(EXTRAS)]'
	touch $@

install: $(BIN)/.installed

run: $(BIN)/.installed
	$(BIN)/claimledger ingest samples/seed-articles.jsonl --db $(SAMPLE_DB)
	$(BIN)/claimledger stats --db $(SAMPLE_DB)
	$(BIN)/claimledger sources --db $(SAMPLE_DB)
	$(BIN)/claimledger timeline "al-Baghdadi" --db $(SAMPLE_DB)

lint: $(BIN)/.installed
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

test: $(BIN)/.installed lint
	$(BIN)/pytest

# The README's screenshots, drawn from the sample in headless Chromium (Debian's chromium).
screenshots: $(BIN)/.installed
	$(BIN)/python scripts/screenshots.py --out docs

clean:
	rm -rf $(VENV) sample.db build dist src/*.egg-info
