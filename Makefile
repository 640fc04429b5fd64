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

.PHONY: setup demo test eval bench lint lock clean train

setup: $(STAMP)

$(STAMP): requirements.lock requirements-dev.lock pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Whimbrel needs Python 3.11, found " + sys.version.split()[0]'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.lock -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

demo: setup
	$(BIN)/whimbrel process samples --db $(DB)
	$(BIN)/whimbrel summary --db $(DB)

test: setup
	$(BIN)/python -m pytest

eval: setup
	$(BIN)/python -m whimbrel.eval

bench: setup
	$(BIN)/python -m whimbrel.bench

# Rebuild the shipped models (static word vectors + classifiers) in their own venv, which holds torch.
$(TRAIN_STAMP): requirements.lock requirements-dev.lock requirements-train.lock pyproject.toml
	test -x $(TRAIN_VENV)/bin/python || $(PYTHON) -m venv $(TRAIN_VENV)
	$(TRAIN_VENV)/bin/python -m pip install --quiet -r requirements.lock -r requirements-dev.lock -r requirements-train.lock
	$(TRAIN_VENV)/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

train: $(TRAIN_STAMP)
	$(TRAIN_VENV)/bin/python -m whimbrel.training

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
