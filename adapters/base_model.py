"""The one base causal LM a process serves, loaded from a local transformers directory."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer, PreTrainedModel, PreTrainedTokenizerBase

_FINGERPRINT_FILES = ("config.json", "*.safetensors")


class BaseModelError(Exception):
    """The base model directory is missing or cannot be loaded."""


@dataclass(frozen=True)
class BaseModel:
    model: PreTrainedModel
    tokenizer: PreTrainedTokenizerBase
    path: Path
    fingerprint: str


def fingerprint(model_dir: Path) -> str:
    """Content hash of the config and weights, so an adapter can be tied to the exact base it was trained on."""
    digest = hashlib.sha256()
    files = sorted({p for pattern in _FINGERPRINT_FILES for p in model_dir.glob(pattern)})
    if not files:
        raise BaseModelError(f"{model_dir}: no config.json or *.safetensors to fingerprint")
    for file in files:
        digest.update(file.name.encode())
        with file.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return "sha256:" + digest.hexdigest()


def load_base_model(model_dir: Path) -> BaseModel:
    model_dir = Path(model_dir)
    if not (model_dir / "config.json").is_file():
        raise BaseModelError(f"{model_dir}: no config.json (prepare the demo model with `interlock demo prepare`)")
    try:
        tokenizer = AutoTokenizer.from_pretrained(model_dir, local_files_only=True)
        model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.float32, local_files_only=True)
    except (OSError, ValueError) as exc:
        raise BaseModelError(f"{model_dir}: cannot load base model: {exc}") from exc
    model.eval()
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    # Left padding keeps every prompt's last token at the end, which batched generation needs.
    tokenizer.padding_side = "left"
    return BaseModel(model=model, tokenizer=tokenizer, path=model_dir, fingerprint=fingerprint(model_dir))
