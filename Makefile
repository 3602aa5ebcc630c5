# Two commands on a fresh machine: `make run` (set up, build, start the app) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python  # scripts are run as modules, so no shebang decides which Python runs them
PORT   ?= 8501
export HF_HUB_OFFLINE := 1
export HF_HUB_DISABLE_PROGRESS_BARS := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: run test setup build browser serve bench bench-scale clean docs

run: build  ## set up, build the graph, start the app on http://127.0.0.1:$(PORT)
	$(PY) -m streamlit run app.py --server.headless true --server.address 127.0.0.1 \
	  --server.port $(PORT) --browser.gatherUsageStats false

test: build browser  ## set up, build, run the whole test suite
	$(PY) -m pytest

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

build: setup  ## build the graph from data/ (only when data or ontology changed)
	@if [ ! -e build/current ] || [ -n "$$(find data ontology -newer build/current/meta.json -type f 2>/dev/null | head -1)" ]; then \
	  $(PY) -m mlopskg.cli build; else echo "build/current is up to date"; fi

browser:  ## Debian's Chromium for the browser tests (never a browser download)
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

serve: build  ## the SPARQL endpoint and HTTP API on http://127.0.0.1:7878
	$(PY) -m mlopskg.cli serve

bench: build  ## benchmarks: figures printed and written to docs/benchmarks.md
	$(PY) bench/run.py

bench-scale: build  ## 10k/100k/1M-triple synthetic graphs on each store, and ingest (takes about 20 minutes)
	$(PY) bench/scale.py

docs: setup  ## regenerate docs/cli.md from --help
	$(PY) -m mlopskg.docs

clean:
	rm -rf build .pytest_cache
