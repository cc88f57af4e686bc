# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
LINT_JS := tools/cypher-lint/node_modules/.package-lock.json
STORE   ?= falkordb-lite:data/dismark.db
PORT    ?= 8501
# Loopback only; any other address needs a sign-in (docs/security.md, "Who can reach the explorer")
ADDRESS ?= 127.0.0.1

.PHONY: run test install lock demo lint docs bench clean-data

# A fresh one-time token each run, readable by this account only: other accounts of the
# machine reach 127.0.0.1 too. Open the address printed first (it carries the token).
TOKEN_FILE ?= data/explorer.token
run: install demo
	@$(BIN)/python -m explorer.local_token $(TOKEN_FILE) http://$(ADDRESS):$(PORT)
	DISMARK_LOCAL_TOKEN_FILE=$(TOKEN_FILE) $(BIN)/streamlit run app.py \
	    --server.address $(ADDRESS) --server.port $(PORT) --server.headless true \
	    --browser.gatherUsageStats false --client.disableDataExport true

test: install $(LINT_JS)
	$(BIN)/ruff check .
	$(BIN)/pytest

install: $(STAMP)

# The lock files pin, with their hashes, every package dismark needs (requirements.lock: what
# the image installs) and what its tests and benchmarks add (requirements-test.lock, the
# same pins plus the test extra); pip refuses any file whose hash differs. The project goes
# in after, without its dependencies and built by the locked setuptools (hash-checking mode
# cannot take it).
$(STAMP): pyproject.toml requirements.lock requirements-test.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-test.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@$(BIN)/python -m pip check >/dev/null || { $(BIN)/python -m pip check >&2; \
	    echo "the lock files lack what pyproject.toml asks for: run 'make lock'" >&2; exit 1; }
	touch $@

$(BIN)/python:
	@python=$$(scripts/find-python) || exit 1; "$$python" -m venv $(VENV)

# Regenerate both lock files from pyproject.toml after changing a dependency: one resolution
# for every platform and Python >= 3.12; the test lock is held to the runtime lock's pins.
# Pins already in a lock are kept where they still fit; add UPGRADE=--upgrade to take the
# newest versions, or UPGRADE='--upgrade-package NAME'.
UV_VERSION := 0.13.9
UPGRADE    ?=
UV_COMPILE  = $(BIN)/uv pip compile pyproject.toml --generate-hashes --universal \
              --python-version 3.12 --quiet $(UPGRADE)
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet uv==$(UV_VERSION)
	$(UV_COMPILE) -o requirements.lock
	$(UV_COMPILE) --extra test --constraint requirements.lock -o requirements-test.lock

# Neo4j's own Cypher analyser, run by Node, lints every statement dismark ships.
$(LINT_JS): tools/cypher-lint/package.json tools/cypher-lint/package-lock.json
	@command -v npm >/dev/null || { echo "npm (Node.js 20) is needed for the Cypher lint: apt-get install nodejs npm" >&2; exit 1; }
	npm ci --prefix tools/cypher-lint --no-audit --no-fund --loglevel=error

demo: install
	DISMARK_STORE=$(STORE) $(BIN)/dismark --role loader --purpose "load the demo case files" \
	    load data/demo

# Every benchmark, figures in bench/results.json (SCALE=10: a million entities; see bench/).
SCALE ?= 1
bench: install
	$(BIN)/python -m bench --scale $(SCALE)

docs: install
	$(BIN)/dismark docs

clean-data:
	rm -rf data/dismark.db data/dismark.db.*
