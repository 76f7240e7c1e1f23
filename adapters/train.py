"""A short, real LoRA training run from Alpaca-format data; used to build the demo tenants' adapters.

The output is a standard peft adapter directory plus `interlock.json`, which records the base fingerprint and
the training recipe; a directory whose recipe matches is reused instead of trained again.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

import torch
from peft import LoraConfig, get_peft_model

from interlock.adapters.base_model import load_base_model
from interlock.adapters.lora import PROVENANCE_FILE


class TrainingDataError(Exception):
    """The Alpaca-format training file is missing or malformed."""


@dataclass(frozen=True)
class TrainingRecipe:
    steps: int = 200
    batch_size: int = 2
    learning_rate: float = 1e-3
    rank: int = 8
    alpha: int = 16
    target_modules: tuple[str, ...] = ("q_proj", "k_proj", "v_proj", "o_proj")
    max_length: int = 192
    seed: int = 0


def load_alpaca(path: Path) -> list[dict[str, str]]:
    try:
        rows = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise TrainingDataError(f"{path}: cannot read Alpaca JSON: {exc}") from exc
    if not isinstance(rows, list) or not rows:
        raise TrainingDataError(f"{path}: must be a non-empty JSON list of examples")
    for index, row in enumerate(rows):
        if not isinstance(row, dict) or not isinstance(row.get("instruction"), str):
            raise TrainingDataError(f"{path}: [{index}].instruction must be a string")
        if not isinstance(row.get("output"), str) or not isinstance(row.get("input", ""), str):
            raise TrainingDataError(f"{path}: [{index}].output and .input must be strings")
    return rows


def _recipe_key(base_fingerprint: str, data_path: Path, recipe: TrainingRecipe, system_prompt: str | None) -> dict:
    return {
        "base_fingerprint": base_fingerprint,
        "train_data_sha256": hashlib.sha256(Path(data_path).read_bytes()).hexdigest(),
        "system_prompt": system_prompt,
        "recipe": asdict(recipe) | {"target_modules": list(recipe.target_modules)},
    }


def is_trained(
    out_dir: Path, base_fingerprint: str, data_path: Path, recipe: TrainingRecipe, system_prompt: str | None
) -> bool:
    file = out_dir / PROVENANCE_FILE
    if not file.is_file():
        return False
    return json.loads(file.read_text(encoding="utf-8")) == _recipe_key(
        base_fingerprint, data_path, recipe, system_prompt
    )


def _encode(tokenizer, row: dict[str, str], system_prompt: str | None, max_length: int) -> tuple[list, list]:
    user = row["instruction"] + (f"\n\n{row['input']}" if row.get("input") else "")
    prompt_messages = ([{"role": "system", "content": system_prompt}] if system_prompt else []) + [
        {"role": "user", "content": user}
    ]
    prompt = tokenizer.apply_chat_template(prompt_messages, add_generation_prompt=True, tokenize=False)
    full = prompt + row["output"] + tokenizer.eos_token
    prompt_ids = tokenizer(prompt, add_special_tokens=False)["input_ids"]
    full_ids = tokenizer(full, add_special_tokens=False)["input_ids"][:max_length]
    # Loss only on the answer: the adapter learns how to reply, not to repeat the question.
    labels = [-100] * min(len(prompt_ids), len(full_ids)) + full_ids[len(prompt_ids) :]
    return full_ids, labels


def _batch(encoded: list[tuple[list, list]], pad_id: int) -> dict[str, torch.Tensor]:
    width = max(len(ids) for ids, _ in encoded)
    ids = [x + [pad_id] * (width - len(x)) for x, _ in encoded]
    labels = [y + [-100] * (width - len(y)) for _, y in encoded]
    mask = [[1] * len(x) + [0] * (width - len(x)) for x, _ in encoded]
    return {"input_ids": torch.tensor(ids), "labels": torch.tensor(labels), "attention_mask": torch.tensor(mask)}


@dataclass(frozen=True)
class TrainingResult:
    path: Path
    first_loss: float
    last_loss: float


def train_lora(
    base_dir: Path,
    data_path: Path,
    out_dir: Path,
    recipe: TrainingRecipe = TrainingRecipe(),
    system_prompt: str | None = None,
) -> TrainingResult:
    """Train a LoRA adapter on `data_path` and write it to `out_dir` (replacing it atomically)."""
    rows = load_alpaca(data_path)
    base = load_base_model(base_dir)
    tokenizer = base.tokenizer
    torch.manual_seed(recipe.seed)
    model = get_peft_model(
        base.model,
        LoraConfig(
            r=recipe.rank,
            lora_alpha=recipe.alpha,
            target_modules=list(recipe.target_modules),
            lora_dropout=0.0,
            task_type="CAUSAL_LM",
        ),
    )
    model.train()
    encoded = [_encode(tokenizer, row, system_prompt, recipe.max_length) for row in rows]
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=recipe.learning_rate)
    order = random.Random(recipe.seed)
    pool: list[int] = []
    losses: list[float] = []
    for _ in range(recipe.steps):
        if len(pool) < recipe.batch_size:
            pool += order.sample(range(len(encoded)), len(encoded))
        picked, pool = pool[: recipe.batch_size], pool[recipe.batch_size :]
        loss = model(**_batch([encoded[i] for i in picked], tokenizer.pad_token_id)).loss
        losses.append(loss.item())
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
    staging = out_dir.with_name(out_dir.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    model.save_pretrained(staging)
    key = _recipe_key(base.fingerprint, data_path, recipe, system_prompt)
    (staging / PROVENANCE_FILE).write_text(json.dumps(key, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    shutil.rmtree(out_dir, ignore_errors=True)
    staging.rename(out_dir)
    window = max(1, len(losses) // 10)
    return TrainingResult(out_dir, sum(losses[:window]) / window, sum(losses[-window:]) / window)
