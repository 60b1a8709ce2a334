# Two commands for a new user: `make run` and `make test`. Both build .venv first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install run test bench model clean

install: $(STAMP)

$(STAMP): pyproject.toml lambda/requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Release Coach needs Python 3.11 or newer (found " + sys.version.split()[0] + "); run: make PYTHON=python3.11 ...")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: install
	$(VENV)/bin/coach

test: install
	$(PY) -m pytest

bench: install
	@command -v wrk >/dev/null || { command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && \
		{ apt-get update -qq && apt-get install -y -qq wrk >/dev/null; } ; } || \
		echo "wrk is not installed (apt-get install wrk); the web benchmark uses its Python load generator"
	$(PY) benchmarks/run.py
	$(PY) benchmarks/web_attack_bench.py
	-$(PY) benchmarks/virtual_alexa_bench.py

# Build every locale's model, and the copies `ask deploy` reads in skill-package/, from the
# fragments in interactionModels/parts/ (a test checks they are current).
model:
	$(PYTHON) tools/build_models.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
