# Two commands do everything: `make serve` and `make test`. Both set up .venv from the lock file.
# `make check` is the quick loop while you work: lint and the tests that need no build.
PYTHON ?= python3
PORT ?= 8000
# The offline copy: the whole site in one zip that opens from file:// (see `make offline`).
OFFLINE_ZIP := dist/vanishing-gradients-offline.zip
VENV := .venv
# One pytest worker per core; tests that share a build or a module's experiments stay together
# (tests/conftest.py). PARALLEL= runs everything in one process.
PARALLEL ?= -n auto --dist loadgroup
BIN := $(VENV)/bin
READY := $(VENV)/.ready
# Root installs system packages directly; anyone else goes through sudo.
# MkDocs prints a banner about its next major version on every run; we pin mkdocs<2.
export NO_MKDOCS_2_WARNING := 1
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: serve test check build offline notebooks figures bench lock clean

serve: $(READY) ## Build the site and serve it at http://127.0.0.1:$(PORT) with live reload
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:$(PORT)

test: $(READY) ## Lint, then run every test (maths, build, browser)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/python scripts/ensure_browser.py
	$(BIN)/pytest $(PARALLEL)

check: $(READY) ## Lint, then the fast tests (maths, site, chapters: no build, no browser; < 1 min)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/pytest -q $(PARALLEL) -m "not slow and not browser"

build: $(READY) ## Build the site strictly into site/
	$(BIN)/mkdocs build --strict

offline: $(READY) ## Build the offline copy (opens from file://, with search) into $(OFFLINE_ZIP)
	rm -rf .cache/offline-site
	OFFLINE=true $(BIN)/mkdocs build --strict -d .cache/offline-site
	$(BIN)/python -m vanishing_site.offline .cache/offline-site $(OFFLINE_ZIP)

notebooks: $(READY) ## Rewrite notebooks/*.ipynb (the Colab copies) from docs/lab/*.py
	$(BIN)/python -m vanishing_site.colab

figures: $(READY) ## Build every figure without MkDocs and print a timing table
	$(BIN)/python -m vanishing_site.figures build

bench: $(READY) ## Print speed and size figures and record them in benchmarks/results/
	npm ci --prefix benchmarks
	$(BIN)/python benchmarks/core.py
	$(BIN)/python benchmarks/site.py

lock: ## Re-resolve requirements.lock from pyproject.toml (exact versions and hashes)
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-index-url --no-emit-find-links --extra plot --extra docs --extra test --extra dev \
	  -o requirements.lock pyproject.toml

# The environment depends on the lock and on what pyproject.toml says about the package, not on
# its tool settings: .venv/.project holds the tables that matter and is rewritten only when they
# change, so editing a ruff or pytest setting does not reinstall anything.
$(VENV)/.project: pyproject.toml
	@mkdir -p $(VENV)
	@$(PYTHON) -c 'import json, sys, tomllib; t = tomllib.load(open("pyproject.toml", "rb")); \
	  print(json.dumps([t["build-system"], t["project"], t["tool"]["setuptools"]], sort_keys=True))' \
	  > $@.new
	@if cmp -s $@.new $@; then rm $@.new; else mv $@.new $@; fi

$(READY): requirements.lock $(VENV)/.project
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python 3.11 or newer is needed (found $$($(PYTHON) --version))"; exit 1; }
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || \
	  { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q python3-venv; }
	$(PYTHON) -m venv $(VENV)
	# --ignore-requires-python: mkdocs-jupyter 0.27.0 declares Python >= 3.12, but its code uses
	# nothing newer than 3.11 (Debian 12's Python); the Lab's build tests
	# (tests/site/test_notebooks.py, tests/browser/test_lab.py) prove it renders on 3.11.
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps --ignore-requires-python \
	  -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation --editable .
	touch $@

clean:
	rm -rf site dist figures/*.svg figures/*.csv figures/*.json figures/lab .cache .pytest_cache
