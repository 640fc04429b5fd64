# Whimbrel — every task is one `make` target. Two commands set up and prove everything:
#   make demo   creates .venv, installs pinned dependencies, processes samples/, prints a summary
#   make test   runs the test suite (tests needing ../shared/data skip cleanly without it)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DB     ?= whimbrel.duckdb

export HF_HUB_OFFLINE := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

TRAIN_VENV := .venv-train
TRAIN_STAMP := $(TRAIN_VENV)/.installed-stamp

.PHONY: setup demo test eval bench bench-api bench-load lint lock clean train fuzz soak

setup: $(STAMP)

$(STAMP): requirements.lock requirements-dev.lock pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Whimbrel needs Python 3.11, found " + sys.version.split()[0]'
	@# --copies: the venv's python is a file of its own, not a link to the base interpreter, so a tool that
	@# resolves .venv/bin/python (../shared/tools/score.py speed does) still runs inside the venv
	test -x $(BIN)/python || $(PYTHON) -m venv --copies $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.lock -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@# the knowledge base and the gazetteer are indexed once here, at set-up (about 10 s), not by the first run
	$(BIN)/python -c 'from whimbrel.kb import load_kb; from whimbrel.places.gazetteer import load_gazetteer; load_kb(); load_gazetteer()'
	@touch $@

demo: setup
	$(BIN)/whimbrel process samples --db $(DB)
	$(BIN)/whimbrel summary --db $(DB)

test: setup
	$(BIN)/python -m pytest

eval: setup
	$(BIN)/python -m whimbrel.eval

# BENCH_ARGS="--engine ray" times the Ray engine; "--scaling" compares engines and worker counts (docs/scale.md).
bench: setup
	$(BIN)/python -m whimbrel.bench $(BENCH_ARGS)

# `whimbrel serve` on 100,000 events: API latency and dashboard first render (not part of `make test`).
bench-api: setup
	$(BIN)/python -m whimbrel.api.bench

# `whimbrel serve` under 50 concurrent clients (wrk when installed, else a Python client), on the 100,000-event
# store kept in build/bench-api.duckdb (built on the first run): repeated queries, then never-repeated ones.
bench-load: setup
	$(BIN)/python -m whimbrel.api.load
	$(BIN)/python -m whimbrel.api.load --distinct

# Rebuild the shipped models (static word vectors + classifiers) in their own venv, which holds torch.
$(TRAIN_STAMP): requirements.lock requirements-dev.lock requirements-train.lock pyproject.toml
	test -x $(TRAIN_VENV)/bin/python || $(PYTHON) -m venv $(TRAIN_VENV)
	$(TRAIN_VENV)/bin/python -m pip install --quiet -r requirements.lock -r requirements-dev.lock -r requirements-train.lock
	$(TRAIN_VENV)/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

train: $(TRAIN_STAMP)
	$(TRAIN_VENV)/bin/python -m whimbrel.training

# Coverage-guided fuzzing (atheris) of the ingest and extract entry points, a fixed number of inputs each;
# findings land in build/fuzz/crashes/, the figures to record in tests/fuzz/FUZZ_LOG.md are printed.
FUZZ_RUNS_INGEST ?= 70000
FUZZ_RUNS_EXTRACT ?= 35000
fuzz: setup
	$(BIN)/python tools/fuzz/run.py --runs ingest=$(FUZZ_RUNS_INGEST) --runs extract=$(FUZZ_RUNS_EXTRACT) --timeout 20

# Crash safety at length: `whimbrel process` SIGKILLed 25 times at random moments, resumed, compared with an
# uninterrupted run (the test suite kills 5 times).
SOAK_KILLS ?= 25
soak: setup
	WHIMBREL_SOAK_KILLS=$(SOAK_KILLS) $(BIN)/python -m pytest tests/test_crash_safety.py -q -s -p no:cacheprovider

lint: setup
	$(BIN)/ruff check whimbrel tests
	$(BIN)/mypy whimbrel

# Re-pin after changing dependencies in pyproject.toml: a fresh venv, then freeze.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet . && .lock-venv/bin/pip uninstall --quiet -y whimbrel
	{ echo "# Exact runtime dependencies (pip freeze of a fresh install); regenerate with \`make lock\`."; \
	  .lock-venv/bin/pip freeze; } > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) $(TRAIN_VENV) build *.egg-info $(DB) .pytest_cache .ruff_cache .mypy_cache
