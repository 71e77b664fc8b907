# newslib — `make` or `make help` lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.newslib-installed
CORPUS ?= data/raw
OUT    ?= outputs

.PHONY: help setup report test eval bench lab clean notebooks-sync

help: ## Show this help
	@echo "newslib: casualty claims with provenance from conflicting news reports"
	@echo
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-15s %s\n", $$1, $$2}'
	@echo
	@echo "Variables: CORPUS=$(CORPUS) OUT=$(OUT) PYTHON=$(PYTHON)"
	@echo
	@echo "Code (src/newslib/, the pipeline in the folder names; README: How the code is laid out):"
	@echo "  read/      corpus in: folders, tables, the input format registry (formats.py), publication dates"
	@echo "  language/  text -> spans: sentences, quantities, time expressions, windows, places, terms, hedges, the Document"
	@echo "  extract/   spans -> per-article rows: claims, claimants, events, lexicon drafts"
	@echo "  analyse/   rows -> corpus-wide tables: incidents, reconcile, totals, sourcing, naming, attribution, tone, reuse"
	@echo "  run/       orchestration: pipeline, engine (partitions, Dask), corrections, staging, provenance (run.json)"
	@echo "  present/   views, plots, maps, the brief, the workbook, the report runner (papermill), explore, lab, formatting"
	@echo "  lexicons/  vocabulary as data (packs: base/, syria/, yours): word lists, word roles (claim, place, time, quantity words), the calendar, units of time, place kinds"
	@echo "  beside them: config, errors, schemas (its KINDS: the packs' harm_terms.csv), lexicons.py (loads the packs), io, cli"
	@echo "  tests/ mirrors the folders"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(BIN)/python -m ipykernel install --sys-prefix --name newslib --display-name "newslib" >/dev/null
	@touch $(STAMP)

setup: $(STAMP) ## Create .venv if missing, install newslib, register its Jupyter kernel

report: setup ## Run the four reports on CORPUS -> OUT/html/index.html
	$(BIN)/newslib report --corpus $(CORPUS) --out $(OUT)
	@echo "Open $(OUT)/html/index.html"

test: setup ## Run the test suite (pytest)
	$(BIN)/python -m pytest

eval: setup ## Score claims (gold, Wikipedia bench, dev corpus of other wars; EXTRA_DEV=folders for more) and their grouping into happenings
	$(BIN)/python bench/eval_claims.py
	$(BIN)/python bench/eval_dev.py
	$(BIN)/python bench/eval_happenings.py
	@for d in $(EXTRA_DEV); do $(BIN)/python bench/eval_dev.py --dev $$d && $(BIN)/python bench/eval_happenings.py --dev $$d || exit 1; done

bench: setup ## Time extraction and the full report run
	$(BIN)/python bench/bench_pipeline.py

lab: setup ## Open JupyterLab on notebooks/ with the project kernel (saving strips the report notebooks' outputs)
	$(BIN)/jupyter lab --config=jupyter_server_config.py --notebook-dir=notebooks $$([ "$$(id -u)" = 0 ] && echo --allow-root)

notebooks-sync: setup ## Re-pair notebooks/*.ipynb with their jupytext .py files
	$(BIN)/jupytext --sync notebooks/*.ipynb

clean: ## Remove generated outputs (keeps .venv)
	rm -rf $(OUT)/tables $(OUT)/notebooks $(OUT)/html $(OUT)/run.json
