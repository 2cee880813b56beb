# Rights Atlas: `make dashboard` runs the app on the demo corpus, `make test` runs every test.
# Both set up what they need on a fresh machine (a virtualenv in .venv; chromium for the tests).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The dashboard listens on this machine only; ADDRESS=0.0.0.0 exposes it to the network.
ADDRESS ?= localhost

.PHONY: dashboard test demo evaluate bench bench-dashboard system-deps

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# `streamlit run` serves the st.App dashboard.py defines: the page and its download route.
dashboard: $(STAMP)
	$(BIN)/streamlit run dashboard.py --server.address $(ADDRESS)

test: $(STAMP) system-deps
	$(BIN)/ruff check .
	$(BIN)/pytest

system-deps:
	bash scripts/system-deps.sh

demo: $(STAMP)
	$(BIN)/python -m etl demo

evaluate: $(STAMP)
	$(BIN)/python -m etl accuracy

bench: $(STAMP)
	$(BIN)/python -m benchmarks.extract_speed
	$(BIN)/python -m benchmarks.etl_speed --mb 50 200 --dask

bench-dashboard: $(STAMP)
	$(BIN)/python -m benchmarks.dashboard_speed
