# The two commands a newcomer needs: `make demo` and `make test`. Both bootstrap .venv from pyproject.toml
# (plain venv + pip) when it is missing or older than pyproject.toml.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.runtime-installed
DEV := $(VENV)/.dev-installed

.PHONY: demo demo-interactive test test-fast check format catalogs serve bench clean

$(RUNTIME): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	@touch $@

$(DEV): $(RUNTIME)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

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
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k NP_:1c,2 -k pgettext:1c,2 -k ngettext:1,2 --no-wrap --sort-by-file \
		--project hotline --copyright-holder "hotline contributors" -o locales/hotline.pot bot handlers scheduler
	$(BIN)/pybabel update -D hotline -i locales/hotline.pot -d locales --no-wrap --ignore-obsolete --no-fuzzy-matching
	$(BIN)/python locales/fill_english.py
	$(BIN)/pybabel compile -D hotline -d locales --statistics

bench: $(DEV)
	$(BIN)/python -m bench

serve: $(RUNTIME)
	$(BIN)/hotline serve

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
