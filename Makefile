# The two commands a new user needs: `make run` and `make test`. Everything else is set-up they call.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install setup serve clean-db translations

run: setup
	$(BIN)/restrack serve --host $(HOST) --port $(PORT)

test: $(STAMP) translations
	$(BIN)/pytest $(PYTEST_ARGS)

# The interface's gettext catalogues, compiled in Python (no GNU gettext needed).
translations: $(STAMP)
	$(BIN)/restrack compile-translations

install: $(STAMP)

# Migrate (which also loads the reference data), import the sample reports once, gather static files.
setup: $(STAMP) translations
	$(BIN)/restrack migrate --no-input
	$(BIN)/restrack load-samples
	$(BIN)/restrack collectstatic --no-input --verbosity 0

# Reinstall whenever pyproject.toml changes.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Restrack needs Python 3.11 or newer; this is " + sys.version.split()[0] + ". Set PYTHON=/path/to/python3.11.")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean-db:
	rm -f var/restrack.sqlite3 var/restrack.sqlite3-wal var/restrack.sqlite3-shm
