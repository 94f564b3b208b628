# Encore — `make run` serves the shop, `make test` runs every test. Both set up what they need.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
CHROME_PATH ?= /usr/bin/chromium
export FLASK_APP := app

.PHONY: bench bench-search run dev test lint test-unit test-integration test-e2e setup setup-test browser postgresql translations messages db lighthouse clean

# The databases the tests run on, one pytest run each: both, unless ENCORE_TEST_DB names one (sqlite|postgresql).
TEST_DBS := $(or $(ENCORE_TEST_DB),sqlite postgresql)
# pytest once per database in TEST_DBS, with $(1) as arguments, the databases side by side (CI has two cores and a
# run is mostly one core: Python, or PostgreSQL); each run's output is printed whole when it ends. Fails when any
# run failed, after running them all.
define pytest_per_db
	@mkdir -p .tmp; rm -f .tmp/tests-*.status; for db in $(TEST_DBS); do \
		echo "== tests on $$db: started =="; \
		{ ENCORE_TEST_DB=$$db TMPDIR=$(CURDIR)/.tmp $(BIN)/pytest --basetemp=.tmp/pytest-$$db $(1) > .tmp/tests-$$db.log 2>&1; \
		  echo $$? > .tmp/tests-$$db.status; echo "== tests on $$db =="; cat .tmp/tests-$$db.log; } & \
	done; wait; failed=; for db in $(TEST_DBS); do \
		[ "$$(cat .tmp/tests-$$db.status)" = 0 ] || failed="$$failed $$db"; \
	done; if [ -n "$$failed" ]; then echo "== tests failed on:$$failed =="; exit 1; fi
endef

# Tooling runs flask with the development settings, which need no production secrets.
translations messages db bench bench-search: export ENCORE_CONFIG := development

run: setup db  ## set up, migrate, seed if empty, serve with gunicorn: production settings, local values for what is unset
	ENCORE_CONFIG=production ENCORE_LOCAL_RUN=1 PORT=$(PORT) $(BIN)/gunicorn -c gunicorn.conf.py app:app

dev: setup db  ## reloading development server
	ENCORE_CONFIG=development PORT=$(PORT) $(BIN)/flask run --debug --port $(PORT)

test: setup-test lint browser $(if $(filter postgresql,$(TEST_DBS)),postgresql) node_modules/.installed  ## ruff, then unit + integration + e2e (+ HTML validity: needs vnu-jar from npm), on SQLite and PostgreSQL side by side
	$(call pytest_per_db,)

lint: setup-test  ## ruff check (its rules are in pyproject.toml)
	$(BIN)/ruff check .

test-unit: setup-test  ## no database: one run
	mkdir -p .tmp && TMPDIR=$(CURDIR)/.tmp $(BIN)/pytest tests/unit
test-integration test-e2e: setup-test $(if $(filter postgresql,$(TEST_DBS)),postgresql)
	$(call pytest_per_db,tests/$(subst test-,,$@))
test-integration: node_modules/.installed
test-e2e: browser

setup: $(VENV)/.run-deps
	@$(MAKE) --no-print-directory translations
setup-test: $(VENV)/.test-deps
	@$(MAKE) --no-print-directory translations

$(VENV)/bin/python:
	$(PY) -m venv $(VENV)

$(VENV)/.run-deps: requirements.txt | $(VENV)/bin/python
	$(BIN)/pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

$(VENV)/.test-deps: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(BIN)/pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@ $(VENV)/.run-deps

browser:  ## Debian's chromium for Playwright (never Playwright's own browser download); GNU gettext for msgfmt --check
	@command -v chromium >/dev/null && command -v msgfmt >/dev/null || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium gettext; }

postgresql:  ## Debian's PostgreSQL server: the tests start a private one per session (tests/postgres.py)
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql; }

node_modules/.installed: package.json package-lock.json  ## npm tooling: vnu-jar (HTML validity tests), lighthouse
	npm ci --no-audit --no-fund
	touch $@

translations: | $(VENV)/bin/python  ## compile every catalog (GNU msgfmt) into instance/locale, swapped in whole
	@command -v msgfmt >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gettext; }
	$(BIN)/flask i18n compile

messages: setup  ## extract wrapped strings and merge them into every catalog (flask i18n update)
	$(BIN)/flask i18n update

db: setup
	mkdir -p instance
	$(BIN)/flask db upgrade
	$(BIN)/flask seed
	$(BIN)/flask search reindex --if-missing

lighthouse: setup db browser node_modules/.installed  ## median Lighthouse scores (mobile, 3 runs) of a few pages, served by gunicorn; never fails on scores
	mkdir -p .tmp/lighthouse && CHROME_PATH=$(CHROME_PATH) TMPDIR=$(CURDIR)/.tmp $(BIN)/python bench/lighthouse.py --runs 3 --out .tmp/lighthouse \
		/fr-fr/ /fr-fr/c/smartphones /fr-fr/p/iphone-13

bench: setup  ## page benchmarks on the bench catalog, then the bulk feed's rows/s on the demo catalog: figures, never a failure on timing
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/feed.py

bench-search: setup  ## search benchmark (Whoosh vs SQLite FTS5) on the bench catalog; run `make bench` first
	$(BIN)/python bench/search.py

clean:
	rm -rf $(VENV) .tmp instance/encore.db* instance/locale
