# Two commands set everything up on a fresh machine (see README.md):
#   make demo   -> installs into .venv and runs the demo gemeente on the embedded SQLite default
#   make test   -> installs into .venv (with test extras and Debian's chromium) and runs the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install install-test demo test lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .

install-test: $(BIN)/python
	@pkg-config --exists icu-uc 2>/dev/null && command -v g++ >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libicu-dev pkg-config g++ >/dev/null; \
	  else echo "missing: sudo apt-get install -y libicu-dev pkg-config g++ (PyICU, needed by followthemoney in the test extra)"; fi; }
	$(BIN)/python -m pip install --quiet -r requirements-test.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@command -v chromium >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils fonts-dejavu-core >/dev/null; \
	  else echo "missing: sudo apt-get install -y chromium poppler-utils fonts-dejavu-core (browser and report tests)"; fi; }

demo: install
	$(BIN)/veiligheidsbeeld demo

test: install-test
	$(BIN)/python -m pytest

# Regenerate the lock files from pyproject.toml (needs uv: pip install uv).
lock:
	uv pip compile pyproject.toml --python-version 3.11 -o requirements.lock
	uv pip compile pyproject.toml --extra test --python-version 3.11 -o requirements-test.lock
	uv pip compile pyproject.toml --extra test --extra bench --python-version 3.11 -o requirements-bench.lock
