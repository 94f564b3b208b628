# Encore — `make run` serves the shop, `make test` runs every test. Both set up what they need.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
CHROME_PATH ?= /usr/bin/chromium
export FLASK_APP := app

.PHONY: bench bench-search run dev test test-unit test-integration test-e2e setup setup-test browser translations messages db lighthouse clean

# Tooling runs flask with the development settings, which need no production secrets.
translations messages db bench bench-search: export ENCORE_CONFIG := development

run: setup db  ## set up, migrate, seed if empty, serve with gunicorn: production settings, local values for what is unset
	ENCORE_CONFIG=production ENCORE_LOCAL_RUN=1 PORT=$(PORT) $(BIN)/gunicorn -c gunicorn.conf.py app:app

dev: setup db  ## reloading development server
	ENCORE_CONFIG=development PORT=$(PORT) $(BIN)/flask run --debug --port $(PORT)

test: setup-test browser node_modules/.installed  ## unit + integration + e2e (+ HTML validity: needs vnu-jar from npm)
	mkdir -p .tmp && TMPDIR=$(CURDIR)/.tmp $(BIN)/pytest --basetemp=.tmp/pytest

test-unit test-integration test-e2e: setup-test
	mkdir -p .tmp && TMPDIR=$(CURDIR)/.tmp $(BIN)/pytest tests/$(subst test-,,$@)
test-integration: node_modules/.installed

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

bench: setup  ## page benchmarks on the bench catalog: figures and same-run ratios, never a failure on timing
	$(BIN)/python bench/pages.py

bench-search: setup  ## search benchmark (Whoosh vs SQLite FTS5) on the bench catalog; run `make bench` first
	$(BIN)/python bench/search.py

clean:
	rm -rf $(VENV) .tmp instance/encore.db* instance/locale
