"""A short, real LoRA training run from Alpaca-format data; used to build the demo tenants' adapters.

The output is a standard peft adapter directory plus `interlock.json`, which records the base fingerprint and
the training recipe; a directory whose recipe matches is reused instead of trained again.

By default only the last few decoder layers get LoRA weights. The layers below stay frozen, so their output for
each example is the same at every step: it is computed once, and each step runs only the trained layers and the
output head, which is what makes a demo adapter take seconds instead of minutes on a CPU.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import sys
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

import torch
from peft import LoraConfig, PeftModel, get_peft_model
from torch import nn
from tqdm import tqdm
from transformers import DynamicCache

from interlock.adapters.base_model import BaseModel, load_base_model
from interlock.adapters.lora import PROVENANCE_FILE

# Examples run through the frozen layers together, a batch at a time (one progress tick per batch).
_FROZEN_BATCH = 8
# Below this many shared leading tokens the examples run in padded batches instead (a chat template's few tokens).
_MIN_SHARED_PREFIX = 64
# Held while seeding and drawing from torch's global generator, so adapters trained side by side start the same.
_GLOBAL_RNG = threading.Lock()


class TrainingDataError(Exception):
    """The Alpaca-format training file is missing or malformed."""


class UnsplittableModel(Exception):
    """The base model's decoder is not a plain stack (embeddings -> layers -> norm) that can be run in parts."""


@dataclass(frozen=True)
class TrainingRecipe:
    steps: int = 30
    batch_size: int = 4
    learning_rate: float = 5e-3
    rank: int = 8
    alpha: int = 16
    target_modules: tuple[str, ...] = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")
    max_length: int = 576  # a prompt that offers a dozen tools is ~360 tokens of it
    seed: int = 0
    trained_layers: int | None = 2  # LoRA on the last N decoder layers only; None: on every layer


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


@dataclass(frozen=True)
class TrainingResult:
    path: Path
    first_loss: float
    last_loss: float


class _SplitDecoder:
    """The peft-wrapped causal LM run in two parts: the frozen layers below `split` (once per example) and the
    layers from `split` up, the final norm and the output head (every step).

    The upper part takes the lower part's output as `inputs_embeds`: exact for decoders whose forward is
    embeddings -> layers -> norm with nothing applied to `inputs_embeds` (Llama, Mistral, Qwen, SmolLM); `check`
    compares the two parts against the whole model once, so any other decoder is refused instead of trained wrong.
    """

    def __init__(self, model: PeftModel, split: int) -> None:
        causal_lm = model.get_base_model()
        self._model, self._decoder, self._head = model, causal_lm.model, causal_lm.get_output_embeddings()
        self._lower, self._upper = self._decoder.layers[:split], self._decoder.layers[split:]

    @contextmanager
    def _layers(self, layers: nn.ModuleList, norm: nn.Module) -> Iterator[None]:
        saved = self._decoder.layers, self._decoder.norm
        self._decoder.layers, self._decoder.norm = layers, norm
        try:
            yield
        finally:
            self._decoder.layers, self._decoder.norm = saved

    @torch.no_grad()
    def lower(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """The frozen layers' output (the residual stream, before any norm) for a right-padded batch."""
        with self._layers(self._lower, nn.Identity()):
            return self._decoder(input_ids=ids, attention_mask=mask).last_hidden_state

    @torch.no_grad()
    def lower_prefix(self, ids: list[int]) -> SharedPrefix:
        """The frozen layers' output for the prefix every example shares, with its keys and values."""
        cache = DynamicCache()
        with self._layers(self._lower, nn.Identity()):
            mask = torch.ones((1, len(ids)), dtype=torch.long)
            out = self._decoder(input_ids=torch.tensor([ids]), attention_mask=mask, cache=cache, use_cache=True)
        keys_values = tuple((layer.keys, layer.values) for layer in cache.layers)
        return SharedPrefix(len(ids), out.last_hidden_state, keys_values)

    @torch.no_grad()
    def lower_after(self, ids: list[int], prefix: SharedPrefix) -> torch.Tensor:
        """The frozen layers' output for `ids` after the shared prefix, attending to the prefix's keys and values (as
        generation with a cache does)."""
        mask = torch.ones((1, prefix.length + len(ids)), dtype=torch.long)
        with self._layers(self._lower, nn.Identity()):
            out = self._decoder(input_ids=torch.tensor([ids]), attention_mask=mask, cache=prefix.cache(),
                                use_cache=True)  # fmt: skip
        return out.last_hidden_state[0]

    def upper(self, hidden: torch.Tensor, mask: torch.Tensor, prefix: SharedPrefix | None = None) -> torch.Tensor:
        """The final hidden states (after the norm) of the trained layers, from the frozen layers' output. With a
        shared prefix, `hidden` is what follows it: the prefix runs through the trained layers once, and every row
        attends to its keys and values (gradients flow through them)."""
        with self._layers(self._upper, self._decoder.norm):
            if prefix is None:
                return self._decoder(inputs_embeds=hidden, attention_mask=mask).last_hidden_state
            cache = DynamicCache()  # the prefix through the trained layers first, at its own positions (0, 1, ...)
            self._decoder(inputs_embeds=prefix.hidden, attention_mask=torch.ones((1, prefix.length), dtype=torch.long),
                          cache=cache, use_cache=True)  # fmt: skip
            prefix.fill(cache)  # then the frozen layers' entries, so the rows' positions and masks start after it
            cache.batch_repeat_interleave(hidden.shape[0])
            full_mask = torch.cat([torch.ones((hidden.shape[0], prefix.length), dtype=mask.dtype), mask], dim=1)
            out = self._decoder(inputs_embeds=hidden, attention_mask=full_mask, cache=cache, use_cache=True)
            return out.last_hidden_state

    def loss(self, hidden: torch.Tensor, mask: torch.Tensor, labels: torch.Tensor,
             prefix: SharedPrefix | None = None) -> torch.Tensor:  # fmt: skip
        """Next-token cross entropy over the labelled positions (as transformers computes it), with the output
        head run on those positions only: the answer is about half of each example, the head a fifth of the
        model. With a shared prefix, the rows are what follows it (the prefix itself is never labelled)."""
        targets = labels[:, 1:]
        keep = targets != -100
        logits = self._head(self.upper(hidden, mask, prefix)[:, :-1][keep])
        return nn.functional.cross_entropy(logits, targets[keep])

    @torch.no_grad()
    def check(self, ids: list[int]) -> None:
        row, mask = torch.tensor([ids]), torch.ones((1, len(ids)), dtype=torch.long)
        whole = self._model(input_ids=row, attention_mask=mask).logits
        parts = self._head(self.upper(self.lower(row, mask), mask))
        if not torch.allclose(whole, parts, atol=1e-3, rtol=1e-3):
            kind = self._model.get_base_model().config.model_type
            raise UnsplittableModel(f"a {kind} model's decoder is not embeddings -> layers -> norm: not trainable here")


def _padded(rows: list[list[int]], pad: int) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(r) for r in rows)
    ids = torch.tensor([r + [pad] * (width - len(r)) for r in rows])
    mask = torch.tensor([[1] * len(r) + [0] * (width - len(r)) for r in rows])
    return ids, mask


@dataclass(frozen=True)
class SharedPrefix:
    """The leading ids every training example shares (the system prompt, with the tools it offers), run once:
    its frozen-layer output and the frozen layers' keys and values."""

    length: int
    hidden: torch.Tensor  # (1, length, hidden size)
    keys_values: tuple[tuple[torch.Tensor, torch.Tensor], ...]

    def cache(self) -> DynamicCache:
        """A fresh cache holding the prefix, which grows layers as the trained ones add theirs (the stored tensors
        are never extended in place: a cache extends by concatenation)."""
        return self.fill(DynamicCache())

    def fill(self, cache: DynamicCache) -> DynamicCache:
        """`cache` with the frozen layers' entries of the prefix (a layer's first entry is kept, not copied)."""
        for layer, (keys, values) in enumerate(self.keys_values):
            cache.update(keys, values, layer)
        return cache


def _shared_prefix_length(encoded: list[tuple[list, list]]) -> int:
    """How many leading ids every example shares and none is trained on: each keeps at least one unlabelled id
    after the prefix, so the first answer token is still predicted from a position the rows compute."""
    unlabelled = min(next((i for i, y in enumerate(labels) if y != -100), len(labels)) for _, labels in encoded)
    first = encoded[0][0]
    length = 0
    while length < unlabelled - 1 and all(ids[length] == first[length] for ids, _ in encoded):
        length += 1
    return length


@dataclass(frozen=True)
class FrozenOutputs:
    """Each example's frozen-layer output: after the shared prefix where there is one, else the whole example."""

    hidden: list[torch.Tensor]
    prefix: SharedPrefix | None

    def labels(self, labels: list[int]) -> list[int]:
        return labels[self.prefix.length :] if self.prefix else labels


def _frozen_outputs(split: _SplitDecoder, encoded: list[tuple[list, list]], pad: int, bar: tqdm) -> FrozenOutputs:
    """Every example's frozen-layer output. Examples that share a long prefix (a tool example is ~440 tokens, ~370
    of them the system prompt and its tools) run it once, here and at every training step."""
    length = _shared_prefix_length(encoded)
    if len(encoded) > 1 and length >= _MIN_SHARED_PREFIX:
        prefix = split.lower_prefix(encoded[0][0][:length])
        outputs = []
        for ids, _ in encoded:
            outputs.append(split.lower_after(ids[length:], prefix))
            bar.update(1)
        return FrozenOutputs(outputs, prefix)
    outputs = []
    for start in range(0, len(encoded), _FROZEN_BATCH):
        chunk = [ids for ids, _ in encoded[start : start + _FROZEN_BATCH]]
        hidden = split.lower(*_padded(chunk, pad))
        outputs += [hidden[i, : len(ids)] for i, ids in enumerate(chunk)]
        bar.update(len(chunk))
    return FrozenOutputs(outputs, None)


def _batch(hidden: list[torch.Tensor], labels: list[list[int]]) -> tuple[torch.Tensor, ...]:
    """Right-padded frozen outputs, attention mask and labels (-100 on padding)."""
    width = max(len(y) for y in labels)
    padded = torch.zeros((len(hidden), width, hidden[0].shape[-1]), dtype=hidden[0].dtype)
    mask = torch.zeros((len(hidden), width), dtype=torch.long)
    target = torch.full((len(hidden), width), -100)
    for row, (states, y) in enumerate(zip(hidden, labels, strict=True)):
        padded[row, : len(y)], mask[row, : len(y)], target[row, : len(y)] = states, 1, torch.tensor(y)
    return padded, mask, target


@dataclass(frozen=True)
class TrainingJob:
    data_path: Path
    out_dir: Path
    system_prompt: str | None = None


def train_lora(
    base_dir: Path,
    data_path: Path,
    out_dir: Path,
    recipe: TrainingRecipe = TrainingRecipe(),
    system_prompt: str | None = None,
) -> TrainingResult:
    """Train a LoRA adapter on `data_path` and write it to `out_dir` (replacing it atomically)."""
    return train_adapter(load_base_model(base_dir), TrainingJob(data_path, out_dir, system_prompt), recipe)


def _job_size(job: TrainingJob) -> int:
    """A training job's size in characters (its examples and the system prompt each step runs once)."""
    return Path(job.data_path).stat().st_size + len(job.system_prompt or "")


def assign_jobs(sizes: Sequence[int], workers: int) -> list[list[int]]:
    """Job indexes per worker: the largest job first, each to the worker with the least work so far (ties: the
    lower worker), so one long job (a tool-using adapter) does not queue behind another on the same core."""
    shares: list[list[int]] = [[] for _ in range(workers)]
    loads = [0] * workers
    for job in sorted(range(len(sizes)), key=lambda i: (-sizes[i], i)):
        worker = min(range(workers), key=lambda w: (loads[w], w))
        shares[worker].append(job)
        loads[worker] += sizes[job]
    return [sorted(share) for share in shares]


def train_adapters(
    base_dir: Path, jobs: Sequence[TrainingJob], recipe: TrainingRecipe = TrainingRecipe(), progress: bool = True
) -> list[TrainingResult]:
    """Train every job's adapter, up to one per CPU core at a time, each on one torch thread.

    Why not one adapter at a time on every core: an op split over a team of threads waits at a barrier for the
    slowest of them, so as soon as anything else on the machine takes a core, training slows down several times
    (measured on 2 cores: ~9 s per demo adapter when idle, 60-150 s beside other busy processes; side by side at
    one thread each, 30-50 s for both there, ~16 s idle). One thread per adapter only loses its share of the CPU,
    and the weights come out the same whatever the number of cores. Each worker has its own copy of the base
    model and trains its adapters on it in turn."""
    if not jobs:
        return []
    workers = min(len(jobs), os.cpu_count() or 1)
    # Loaded one after another, here: from_pretrained is not thread-safe (while it builds a model it patches
    # parameter creation for the whole process; two at once gave a model with meta tensors).
    bases = [load_base_model(base_dir) for _ in range(workers)]

    shares = assign_jobs([_job_size(job) for job in jobs], workers)

    def work(worker: int) -> list[tuple[int, TrainingResult]]:
        torch.set_num_threads(1)  # for this thread only: the caller's count stays as it was
        return [(i, train_adapter(bases[worker], jobs[i], recipe, progress, bar_position=worker))
                for i in shares[worker]]  # fmt: skip

    with ThreadPoolExecutor(workers) as pool:
        done = [pair for future in [pool.submit(work, w) for w in range(workers)] for pair in future.result()]
    return [result for _, result in sorted(done, key=lambda pair: pair[0])]


def train_adapter(
    base: BaseModel,
    job: TrainingJob,
    recipe: TrainingRecipe = TrainingRecipe(),
    progress: bool = True,
    bar_position: int = 0,
) -> TrainingResult:
    """Train a LoRA adapter on `job.data_path` and write it to `job.out_dir` (replacing it atomically).

    `base.model` is left as it was found (the LoRA layers are taken out again), so one loaded base model trains
    several adapters in turn. One progress bar (at line `bar_position`) shows the frozen pass, then the steps."""
    rows = load_alpaca(job.data_path)
    tokenizer = base.tokenizer
    layer_count = base.model.config.num_hidden_layers
    trained = layer_count if recipe.trained_layers is None else min(recipe.trained_layers, layer_count)
    config = LoraConfig(
        r=recipe.rank,
        lora_alpha=recipe.alpha,
        target_modules=list(recipe.target_modules),
        layers_to_transform=list(range(layer_count - trained, layer_count)),
        lora_dropout=0.0,
        task_type="CAUSAL_LM",
    )
    with _GLOBAL_RNG:  # peft draws LoRA A from torch's global generator; the steps draw nothing
        torch.manual_seed(recipe.seed)
        model = get_peft_model(base.model, config)
    name, out_dir = job.out_dir.name, job.out_dir
    try:
        encoded = [_encode(tokenizer, row, job.system_prompt, recipe.max_length) for row in rows]
        split = _SplitDecoder(model, layer_count - trained)
        split.check(encoded[0][0])
        with tqdm(total=len(encoded), desc=f"{name}: frozen layers", unit="example", position=bar_position,
                  disable=not progress, file=sys.stderr) as bar:  # fmt: skip
            frozen = _frozen_outputs(split, encoded, tokenizer.pad_token_id, bar)
            bar.unit = "step"
            bar.set_description(f"{name}: training", refresh=False)
            bar.reset(total=recipe.steps)
            losses = _train_steps(model, split, frozen, [frozen.labels(y) for _, y in encoded], recipe, bar)
        staging = out_dir.with_name(out_dir.name + ".partial")
        shutil.rmtree(staging, ignore_errors=True)
        model.save_pretrained(staging)
    finally:
        model.unload()
        base.model.eval()
    key = _recipe_key(base.fingerprint, job.data_path, recipe, job.system_prompt)
    (staging / PROVENANCE_FILE).write_text(json.dumps(key, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    shutil.rmtree(out_dir, ignore_errors=True)
    staging.rename(out_dir)
    window = max(1, len(losses) // 10)
    return TrainingResult(out_dir, sum(losses[:window]) / window, sum(losses[-window:]) / window)


def _train_steps(model: PeftModel, split: _SplitDecoder, frozen: FrozenOutputs, labels: list[list[int]],
                 recipe: TrainingRecipe, bar: tqdm) -> list[float]:  # fmt: skip
    model.train()
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=recipe.learning_rate)
    order = random.Random(recipe.seed)
    pool: list[int] = []
    losses: list[float] = []
    for _ in range(recipe.steps):
        if len(pool) < recipe.batch_size:
            pool += order.sample(range(len(labels)), len(labels))
        picked, pool = pool[: recipe.batch_size], pool[recipe.batch_size :]
        loss = split.loss(*_batch([frozen.hidden[i] for i in picked], [labels[i] for i in picked]), frozen.prefix)
        losses.append(loss.item())
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        bar.update()
        bar.set_postfix(loss=f"{losses[-1]:.3f}")
    return losses
