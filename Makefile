# Warta: `make run` serves a demo site, `make test` runs the whole suite.
# Both set everything up first (venv, package, front-end assets, translations).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export WARTA_INSTANCE ?= $(CURDIR)/instance

.PHONY: run test setup assets translations messages instance lint bench clean

run: setup instance
	$(BIN)/cms db upgrade
	$(BIN)/cms run --host $(HOST) --port $(PORT)

# pytest exits 5 when it collected nothing: that is a failure, not a pass.
test: setup
	@$(BIN)/python -m pytest $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests" >&2; exit 1; fi; \
	exit $$status

setup: $(BIN)/.installed assets translations

$(BIN)/.installed: setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

assets: cms/static/vendor/.stamp

cms/static/vendor/.stamp: package.json package-lock.json scripts/vendor_assets.py
	npm ci --no-audit --no-fund --ignore-scripts
	$(BIN)/python scripts/vendor_assets.py

translations: $(BIN)/.installed
	$(BIN)/pybabel compile -d cms/translations

# After changing interface strings: refresh the template and the catalogs, then translate
# what tests/test_translations.py reports missing.
messages: $(BIN)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --omit-header --no-location \
		-o cms/translations/messages.pot .
	$(BIN)/pybabel update -i cms/translations/messages.pot -d cms/translations \
		--ignore-obsolete

instance: $(WARTA_INSTANCE)/config.py

$(WARTA_INSTANCE)/config.py:
	$(BIN)/cms init --demo --site-url http://$(HOST):$(PORT)

lint: setup
	$(BIN)/ruff check .

bench: setup
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) node_modules cms/static/vendor
