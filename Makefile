# The two commands a new user needs: `make run` and `make test`. Everything else is set-up they call.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint install setup serve worker clean-db translations fonts

run: setup
	$(BIN)/restrack serve --host $(HOST) --port $(PORT)

# A worker of the task queue (report files, large imports, re-indexing, e-mail), for a site run with
# RESTRACK_BROKER_URL set (the same for both); without a broker the site does this work itself.
worker: $(STAMP)
	$(BIN)/restrack worker

# The suite runs on every core (pytest-xdist), whole modules per worker so that a module's shared
# fixtures are made once, in the order conftest.py gives them (xdist would otherwise put the
# largest first); PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= auto
test: $(STAMP) translations fonts
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadscope --no-loadscope-reorder $(PYTEST_ARGS)

# Style and architecture: ruff (lint and format) over the whole tree, and the layers' import
# contracts (pyproject.toml, [tool.importlinter]). CI runs it before the suite.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

# The interface's gettext catalogues, compiled in Python (no GNU gettext needed).
translations: $(STAMP)
	$(BIN)/restrack compile-translations

install: $(STAMP)

# The PDF report is laid out by WeasyPrint (which needs Pango) and embeds Debian's Noto CJK fonts;
# install them where missing (needs root and apt-get; otherwise say what to install and go on:
# everything but PDF reports works without them).
fonts:
	@{ fc-list 2>/dev/null | grep -q "Noto Serif CJK" && ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 \
	  && ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset; } || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Pango and fonts-noto-cjk for the PDF report ..."; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fontconfig fonts-noto-cjk \
	      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0) >/dev/null || echo "Could not install them: PDF reports need them." >&2; \
	  else echo "Note: install fonts-noto-cjk, libpangoft2-1.0-0 and libharfbuzz-subset0 (Debian) for PDF reports." >&2; fi; }

# Migrate (which also loads the reference data) and import the sample reports once; `serve` gathers
# the static files when they changed since the last time.
setup: $(STAMP) translations fonts
	$(BIN)/restrack migrate --no-input
	$(BIN)/restrack load-samples

# Reinstall whenever pyproject.toml changes.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Restrack needs Python 3.11 or newer; this is " + sys.version.split()[0] + ". Set PYTHON=/path/to/python3.11.")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean-db:
	rm -f var/restrack.sqlite3 var/restrack.sqlite3-wal var/restrack.sqlite3-shm
