# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
LINT_JS := tools/cypher-lint/node_modules/.package-lock.json
STORE   ?= falkordb-lite:data/dismark.db
PORT    ?= 8501

.PHONY: run test install demo lint docs bench clean-data

run: install demo
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.headless true \
	    --browser.gatherUsageStats false

test: install $(LINT_JS)
	$(BIN)/ruff check .
	$(BIN)/pytest

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	@python=$$(scripts/find-python) || exit 1; \
	    [ -x $(BIN)/python ] || "$$python" -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test]'
	touch $@

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
