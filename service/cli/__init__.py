"""The `interlock` command line: one module per command group, each adding its own sub-parser.

Only the standard library is imported here and in the group modules at import time; each command imports what
it needs when it runs, so `interlock --help` and the light commands start in a fraction of a second.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
import warnings

from interlock.service.cli import adapters, audit, demo, evaluation, handoffs, index, keys, policy, serve

# No model hub at run time: weights come from local directories only.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
# peft calls a transformers API that transformers 5 marks deprecated; nothing for a user to act on.
warnings.filterwarnings("ignore", message="`is_gradient_checkpointing` is deprecated")

GROUPS = (serve, demo, audit, policy, index, evaluation, adapters, keys, handoffs)

# Errors that are the user's to fix (a bad file, a missing key): printed as one line, exit 2. Named by module, so
# that none of those modules (some import torch) is loaded just to be able to catch its error.
USER_ERRORS = (
    ("interlock.adapters.catalog", "CatalogError"),
    ("interlock.adapters.base_model", "BaseModelError"),
    ("interlock.adapters.gguf_convert", "GgufNotFound"),
    ("interlock.adapters.gguf_convert", "GgufUnsupported"),
    ("interlock.adapters.lora", "AdapterError"),
    ("interlock.adapters.train", "TrainingDataError"),
    ("interlock.adapters.train", "UnsplittableModel"),
    ("interlock.policies.loader", "BundleError"),
    ("interlock.retrieval.documents", "DocumentError"),
    ("interlock.retrieval.embedder", "EmbedderUnavailable"),
    ("interlock.service.audit.signing", "SigningKeyError"),
    ("interlock.service.config", "ConfigError"),
    ("interlock.service.evaluation.suite", "SuiteError"),
    ("interlock.service.policy_store", "SignalModelUnavailable"),
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="interlock", description="Guardrail layer for customer-service bots.")
    commands = parser.add_subparsers(dest="command", required=True)
    for group in GROUPS:
        group.add_commands(commands)
    return parser


def is_user_error(exc: Exception) -> bool:
    """Whether `exc` is one of USER_ERRORS. A module not imported yet cannot have raised its error."""
    for module_name, class_name in USER_ERRORS:
        if module_name in sys.modules and isinstance(exc, vars(importlib.import_module(module_name))[class_name]):
            return True
    return False


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except Exception as exc:
        if not is_user_error(exc):
            raise
        print(f"interlock: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
