# The two commands a newcomer needs: `make demo` and `make test`. Both bootstrap .venv (plain venv + pip) with
# exactly the versions in the lock files, so a fresh machine today installs what CI tested. `make lock` regenerates
# the locks from the ranges in pyproject.toml (see README, "Updating dependencies").
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check
RUNTIME := $(VENV)/.runtime-installed
DEV := $(VENV)/.dev-installed
BENCH := $(VENV)/.bench-installed
UPGRADE ?=
LOCK := $(BIN)/uv pip compile pyproject.toml --quiet --universal --python-version 3.11 --generate-hashes \
	--custom-compile-command "make lock" $(UPGRADE)

.PHONY: demo demo-interactive test test-fast check format catalogs serve bench lock clean

$(RUNTIME): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(PIP) --require-hashes -r requirements.lock
	@$(PIP) --no-deps -e .
	@touch $@

$(DEV): $(RUNTIME) requirements-dev.lock
	@$(PIP) --require-hashes -r requirements-dev.lock
	@touch $@

$(BENCH): $(DEV) requirements-bench.lock
	@$(PIP) --require-hashes -r requirements-bench.lock
	@touch $@

# Pin every runtime, dev and bench dependency (with hashes). Existing pins are kept while pyproject.toml allows them;
# `make lock UPGRADE=--upgrade` moves everything to the newest allowed, `UPGRADE="--upgrade-package babel"` one package.
lock: $(DEV)
	$(LOCK) -o requirements.lock
	$(LOCK) --extra dev -c requirements.lock -o requirements-dev.lock
	$(LOCK) --extra dev --extra bench -c requirements-dev.lock -o requirements-bench.lock

demo: $(RUNTIME)
	@$(BIN)/hotline demo --script

demo-interactive: $(RUNTIME)
	@$(BIN)/hotline demo

test: $(DEV)
	@$(BIN)/python -m pytest -q $(PYTEST_ARGS)

check: $(DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

format: $(DEV)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Extract the English source strings and merge them into every catalog; compile to .mo.
catalogs: $(DEV)
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k NP_:1c,2 -k pgettext:1c,2 -k ngettext:1,2 --no-wrap --no-location --sort-output \
		--project hotline --copyright-holder "hotline contributors" -o locales/hotline.pot bot handlers scheduler
	$(BIN)/python locales/update_catalogs.py
	$(BIN)/python locales/fill_english.py
	$(BIN)/pybabel compile -D hotline -d locales --statistics

bench: $(BENCH)
	$(BIN)/python -m bench

serve: $(RUNTIME)
	$(BIN)/hotline serve

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
