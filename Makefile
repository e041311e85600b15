# The README's commands. Every install step lives here, so a fresh machine needs only Python 3.11.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium
export FRONTDESK_VAR_DIR ?= $(CURDIR)/var

NEW_KEY := $(BIN)/python -c 'from frontdesk.vault.masters import new_key_text; print(new_key_text())'

.PHONY: install demo test test-fast check test-deps bench bench-misuse clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# What the tests run against besides Python: headless Chromium for the browser tests (Debian's
# package: Playwright cannot download browsers) and redis-server for the Redis-backed tests.
test-deps:
	@missing=""; [ -x $(CHROMIUM) ] || missing="chromium"; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

# `make demo PORT=8100` when another instance already uses 8000: every URL follows the port.
PORT ?= 8000
HOST ?= 127.0.0.1
demo: install
	$(BIN)/frontdesk demo --bind $(HOST):$(PORT)

test: install test-deps
	$(BIN)/pytest -n 2 -q

test-fast: install
	$(BIN)/pytest -q -m "not browser"

check: install
	$(BIN)/ruff format --check src tests bench conftest.py
	$(BIN)/ruff check src tests bench conftest.py
	$(BIN)/mypy src tests bench conftest.py
	$(BIN)/lint-imports
	$(BIN)/frontdesk makemigrations --check --dry-run
	FRONTDESK_ENV=production SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))') \
	  FRONTDESK_MASTER_KEYS=m1:$$($(NEW_KEY)) FRONTDESK_INDEX_KEY=$$($(NEW_KEY)) \
	  ALLOWED_HOSTS=frontdesk.example.org $(BIN)/frontdesk check --deploy --fail-level WARNING

bench: install
	$(BIN)/python bench/load.py

bench-misuse: install
	$(BIN)/python bench/misuse.py

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache
