# Two commands do everything: `make serve` and `make test`. Both set up .venv from the lock file.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
# Root installs system packages directly; anyone else goes through sudo.
# MkDocs prints a banner about its next major version on every run; we pin mkdocs<2.
export NO_MKDOCS_2_WARNING := 1
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: serve test build figures bench lock clean

serve: $(READY) ## Build the site and serve it at http://127.0.0.1:8000 with live reload
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

test: $(READY) ## Lint, then run every test (maths, build, browser)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/python scripts/ensure_browser.py
	$(BIN)/pytest

build: $(READY) ## Build the site strictly into site/
	$(BIN)/mkdocs build --strict

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

$(READY): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python 3.11 or newer is needed (found $$($(PYTHON) --version))"; exit 1; }
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || \
	  { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q python3-venv; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation --editable .
	touch $@

clean:
	rm -rf site figures/*.svg figures/*.csv figures/*.json figures/lab .cache .pytest_cache
