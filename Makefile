# Two commands on a fresh Debian machine (as root, or with sudo for the Debian packages):
#   make portal   set up and build the portal into site/ (strict)
#   make test     set up and run the whole test suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian packages: WeasyPrint needs Pango and HarfBuzz's subsetter (small PDFs) and the Noto CJK
# fonts, found through fontconfig; Chromium drives the browser tests; poppler-utils reads PDFs back;
# nginx serves published releases in the publishing tests, and runs the learning-records gate with its
# JavaScript module (libnginx-mod-http-js).
PORTAL_DEBS := fonts-noto-cjk fontconfig libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
TEST_DEBS := $(PORTAL_DEBS) chromium chromium-headless-shell poppler-utils nginx libnginx-mod-http-js time
PACK_DIR ?= trainer-pack
# The page engine: mkdocs, or properdocs (ProperDocs, a maintained fork of MkDocs 1.6; same plugin and theme).
ENGINE ?= mkdocs

.PHONY: portal test checks validate serve trainer-pack report publish rollback bench bench-quick bench-scenarios screenshots setup clean debs-portal debs-test records records-lrs js-tools bench-records bench-records-recall bench-records-load

portal: setup debs-portal
	$(PY) -m generator validate
	$(PY) -m generator build --strict --engine $(ENGINE)

# On a fresh clone Ralph's venv takes about 15 s to install: the static checks run meanwhile (-j2).
test: setup debs-test
	@$(MAKE) --no-print-directory -j2 records-lrs checks
	TRAINING_ENGINE=$(ENGINE) $(PY) -m pytest

# Lint, import layers and types (Python and the browser modules); part of make test.
checks: setup js-tools
	$(PY) -m ruff check --quiet .
	$(VENV)/bin/lint-imports --no-cache --no-logo
	$(PY) -m mypy
	node node_modules/typescript/bin/tsc -p tsconfig.json

validate: setup
	$(PY) -m generator validate

# Preview: rebuilds only the pages whose files changed (a full rebuild of a large curriculum takes
# seconds); handbooks are not printed while previewing.
serve: setup
	$(PY) -m $(ENGINE) serve --livereload --dirty --no-strict

report: setup
	$(PY) -m generator report

# Publish site/ to an intranet web root served by deploy/nginx/training-portal.conf, e.g.
#   make publish WEBROOT=/srv/training-portal
publish: portal
	$(PY) -m generator publish --site site --webroot $(WEBROOT)

rollback: setup
	$(PY) -m generator rollback --webroot $(WEBROOT)

# Benchmarks against the peers (not part of make test; about an hour on 2 cores). Results: benchmarks/RESULTS.md.
BENCH_VENV := .venv-bench
BENCH_ARGS ?=
bench: debs-test
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.lock -r benchmarks/requirements.txt
	$(BENCH_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BENCH_VENV)/bin/python benchmarks/run.py $(BENCH_ARGS)

# Before stopping after a change to the build path: N = 300, the floor and ours-site once each, taking turns
# (a few minutes). Prints the ratio; results in benchmarks/RESULTS-quick.md.
bench-quick: setup debs-test
	$(PY) benchmarks/run.py --quick $(BENCH_ARGS)

# What role-play scenarios add to a build (the sample, and 1,000 courses with 300 scenarios; about 10 minutes).
# Results: benchmarks/RESULTS-scenarios.md.
bench-scenarios: setup debs-portal
	$(PY) benchmarks/scenarios.py $(BENCH_ARGS)

# What learning records cost a page: the portal with records off and on behind nginx and Ralph, in Chromium.
# Results: benchmarks/RESULTS-records.md.
bench-records: setup records-lrs debs-test
	$(PY) benchmarks/records.py $(BENCH_ARGS)

# What recalling a learner's progress costs a new browser's first visit (50 and 2,000 statements), in Chromium.
bench-records-recall: setup records-lrs debs-test
	$(PY) benchmarks/records_recall.py $(BENCH_ARGS)

# 200 simulated learners through the gate to Ralph on 127.0.0.1: steady, across an LRS restart, an nginx reload
# and a burst of forged actors (about 8 minutes). Results: benchmarks/RESULTS-records.md.
bench-records-load: setup records-lrs debs-test
	$(PY) benchmarks/records_load.py $(BENCH_ARGS)

# PNGs of every page type at 1366 px and 390 px and of the first PDF pages, into screenshots/ (git-ignored).
screenshots: portal trainer-pack debs-test
	$(PY) scripts/screenshots.py --site site --pack $(PACK_DIR) --out screenshots

# Paper exams, answer keys, marking sheets and rubric score sheets: never part of site/.
trainer-pack: setup debs-portal
	$(PY) -m generator trainer-pack --out $(PACK_DIR)

# Learning records on one machine: the portal (records on) behind nginx with the records proxy, and Ralph,
# the learning record store, with its file-system backend (statements in .records/lrs; git-ignored).
records: setup records-lrs debs-test
	$(PY) scripts/records_local.py

# Ralph in its own venv: a server the portal only talks to over HTTP, with dependencies of its own.
RECORDS_VENV := .venv-records
RECORDS_STAMP := $(RECORDS_VENV)/.installed-$(shell cat requirements-records.lock | cksum | cut -d' ' -f1)
records-lrs: $(RECORDS_STAMP)

$(RECORDS_STAMP): requirements-records.lock
	$(PYTHON) -m venv $(RECORDS_VENV)
	$(RECORDS_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-records.lock
	rm -f $(RECORDS_VENV)/.installed-*
	touch $@

setup: $(STAMP)

# The TypeScript compiler that type-checks the browser modules in make test (the site itself needs no Node.js).
JS_STAMP := node_modules/.installed-$(shell cat package-lock.json | cksum | cut -d' ' -f1)
js-tools: $(JS_STAMP)

$(JS_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || bash scripts/install-debs.sh nodejs npm
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	rm -f $(VENV)/.installed-*
	touch $@

debs-portal:
	@bash scripts/install-debs.sh $(PORTAL_DEBS)

debs-test:
	@bash scripts/install-debs.sh $(TEST_DEBS)

clean:
	rm -rf site .site.* $(VENV) $(BENCH_VENV) $(RECORDS_VENV) .records mkdocs.records.yml .pytest_cache $(PACK_DIR) screenshots
