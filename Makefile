# Two entry points for a fresh machine: `make run` and `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP_FLAGS ?= -q --disable-pip-version-check

.PHONY: run test install install-test browser bench gold clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

install: $(BIN)/python
	$(BIN)/pip install $(PIP_FLAGS) -e .

install-test: $(BIN)/python
	$(BIN)/pip install $(PIP_FLAGS) -e '.[test]'

# Debian's chromium for the browser tests (Playwright drives it via executable_path).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null); \
	  else echo "chromium missing: run 'sudo apt-get install chromium' (browser tests will be skipped)"; fi; }

run: install
	$(BIN)/contractwatch demo --db $${CONTRACTWATCH_DB:-contractwatch-demo.db}

test: install-test browser
	$(BIN)/python -m pytest -n 2 -q

bench: install-test
	$(BIN)/python bench/run.py

gold: install
	$(BIN)/python ../shared/eval/score.py --gold tests/gold/gold.jsonl --cmd "$(BIN)/contractwatch extract --manifest {manifest} --format jsonl"

clean:
	rm -rf $(VENV) build *.egg-info contractwatch-demo.db*
