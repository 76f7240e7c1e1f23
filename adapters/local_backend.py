"""In-process generation: the base model with per-tenant LoRA adapters, several tenants in one batch.

The model holds a fixed number of adapter slots (see slots.py). Registering an adapter validates it against the
base, prepares its weights for a slot and probes that it changes the logits. A batch names each row's adapter;
adapters not resident are copied into a free (or least recently used) slot first, so every row of a batch runs
its own tenant's adapter via peft's `adapter_names`, and no request ever flips a global "active adapter".
Adapters that do not fit a slot (higher rank, other modules, DoRA) are loaded by peft as adapters of their own.
One lock serialises everything that touches the model.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import torch
from transformers import StoppingCriteria, StoppingCriteriaList

from interlock.adapters.base_model import BaseModel
from interlock.adapters.generation import (
    BASE_ADAPTER,
    GenerationError,
    GenerationRequest,
    GenerationResult,
    GenerationTimeout,
    TextSink,
)
from interlock.adapters.lora import AdapterError, AdapterInfo, adapter_version, check_lora, read_lora
from interlock.adapters.residency import AdapterCounts, ResidencyLimits, ResidentSet
from interlock.adapters.slots import (
    SlotLayout,
    SlotTable,
    SlotWeights,
    create_slots,
    linear_targets,
    slot_name,
    slot_weights,
)
from interlock.adapters.tool_format import parse_output, text_messages

# Told each time an adapter is made ready for a batch: (adapter key, "warm" | "cold").
ActivationListener = Callable[[str, str], None]

_PROBE_TEXT = "Hello! I would like some help with my order, please."
_PROBE_MIN_EFFECT = 1e-6


@dataclass(frozen=True)
class ServingLimits:
    slots: int = 8
    slot_rank: int = 16
    slot_targets: tuple[str, ...] | None = None  # default: every Linear in the model's layers
    residency: ResidencyLimits = ResidencyLimits()


@dataclass(frozen=True)
class _Registered:
    info: AdapterInfo
    weights: SlotWeights | None  # None: does not fit a slot, peft loads it from `info.path`

    @property
    def size_bytes(self) -> int:
        return self.weights.size_bytes if self.weights else self.info.size_bytes


@dataclass(frozen=True)
class Residency:
    """One adapter as the admin API lists it."""

    key: str
    version: str
    resident: bool
    slot: str | None
    pinned: bool
    size_bytes: int
    counts: AdapterCounts


class LocalBackend:
    # Text comes out piece by piece through `on_text` (see TextSink), so a caller can check it as it grows.
    streams = True

    def __init__(self, base: BaseModel, limits: ServingLimits = ServingLimits(), clock=time.monotonic) -> None:
        self.base = base
        self.limits = limits
        self.layout = SlotLayout(limits.slot_rank, limits.slot_targets or linear_targets(base.model))
        self._peft = create_slots(base.model, self.layout, limits.slots)
        self._slots = SlotTable(self._peft, self.layout, limits.slots)
        self._registered: dict[str, _Registered] = {}
        self._resident = ResidentSet(limits.residency, limits.slots)
        self._model_lock = threading.Lock()  # the model: slots, peft adapters, forward passes
        self._state_lock = threading.Lock()  # the tables above, for readers that must not wait on a batch
        self._clock = clock
        self._probe_ids = base.tokenizer(_PROBE_TEXT, return_tensors="pt")["input_ids"]
        stop = {base.tokenizer.eos_token_id, *_as_list(base.model.generation_config.eos_token_id)}
        self._stop_ids = sorted(i for i in stop if i is not None)
        self._activation_listeners: list[ActivationListener] = []

    @property
    def ready(self) -> bool:
        return True

    def add_activation_listener(self, listener: ActivationListener) -> None:
        """Call `listener(key, "warm" | "cold")` each time an adapter is made ready for a batch."""
        self._activation_listeners.append(listener)

    @property
    def adapters(self) -> dict[str, AdapterInfo]:
        with self._state_lock:
            return {key: entry.info for key, entry in self._registered.items()}

    def residency(self) -> list[Residency]:
        now = self._clock()
        with self._state_lock:
            rows = []
            for key, entry in sorted(self._registered.items()):
                placed = self._resident.resident.get(key)
                slot = slot_name(placed.slot) if placed and placed.slot is not None else None
                counts = self._resident.counts.get(key, AdapterCounts())
                rows.append(Residency(key, entry.info.version, placed is not None, slot,
                                      bool(placed and placed.pinned_until > now), entry.size_bytes,
                                      AdapterCounts(**vars(counts))))  # fmt: skip
            return rows

    # -- registration ---------------------------------------------------------------------------------------

    def load_adapter(self, key: str, path: Path) -> AdapterInfo:
        """Validate an adapter, make it resident under `key` and probe that it changes the output."""
        if key == BASE_ADAPTER or key.startswith("slot"):
            raise AdapterError(f"{key!r} is a reserved adapter key")
        config, pairs = read_lora(path)  # read once: checked, then prepared for a slot
        info = check_lora(Path(path), config, pairs, self.base.model, self.base.fingerprint)
        entry = _Registered(info, slot_weights(config, pairs, self.layout))
        if entry.weights is not None and not self._slots.covers(entry.weights):
            entry = _Registered(info, None)
        with self._model_lock:
            with self._state_lock:
                if key in self._registered:
                    raise AdapterError(f"{path}: an adapter is already loaded as {key!r}")
                self._registered[key] = entry
            try:
                names = self._activate([key])
                if self._probe_effect(names[key]) < _PROBE_MIN_EFFECT:
                    raise AdapterError(f"{path}: adapter does not change the model's output (all-zero LoRA weights?)")
            except Exception:
                self._drop(key)
                raise
        return info

    def unload_adapter(self, key: str) -> None:
        """Forget an adapter: out of the model and out of the registry."""
        with self._model_lock:
            if key not in self.adapters:
                raise AdapterError(f"no adapter is loaded as {key!r}")
            self._drop(key)

    def evict(self, key: str) -> bool:
        """Take an adapter out of the model but keep it registered (it comes back, cold, when next used)."""
        with self._model_lock:
            with self._state_lock:
                placed = self._resident.evict(key)
            if placed is not None:
                self._release(key, placed.slot)
            return placed is not None

    def _drop(self, key: str) -> None:
        with self._state_lock:
            placed = self._resident.resident.get(key)
            self._resident.forget(key)
            self._registered.pop(key, None)
        if placed is not None:
            self._release(key, placed.slot)

    def _release(self, key: str, slot: int | None) -> None:
        if slot is not None:
            self._slots.clear(slot)
        elif key in self._peft.peft_config:
            self._peft.delete_adapter(key)

    # -- activation -----------------------------------------------------------------------------------------

    def activate(self, keys: Sequence[str]) -> dict[str, str]:
        """Make these adapters resident now (warm if they are, copied in if not); their names in the model."""
        with self._model_lock:
            return self._activate(keys)

    def _activate(self, keys: Sequence[str], sessions: Sequence[str | None] = ()) -> dict[str, str]:
        """Make every adapter `keys` names resident; return each key's adapter name inside the model."""
        now = self._clock()
        names = {BASE_ADAPTER: BASE_ADAPTER}
        needed = sorted(set(keys) - {BASE_ADAPTER})
        for key in needed:
            with self._state_lock:
                entry = self._registered.get(key)
                placed = self._resident.resident.get(key)
            if entry is None:
                raise GenerationError(f"adapter {key!r} is not loaded")
            warm = placed is not None
            if not warm:
                placed = self._place(key, entry, keep=needed, now=now)
            with self._state_lock:
                self._resident.use(key, now, warm)
            names[key] = slot_name(placed.slot) if placed.slot is not None else key
            for listener in self._activation_listeners:
                listener(key, "warm" if warm else "cold")
        with self._state_lock:
            for key, session in zip(keys, sessions, strict=False):
                if session and key != BASE_ADAPTER:
                    self._resident.pin(key, now)
        return names

    def _place(self, key: str, entry: _Registered, keep: Sequence[str], now: float):
        needs_slot = entry.weights is not None
        with self._state_lock:
            victims = self._resident.victims(entry.size_bytes, needs_slot, keep, now)
            evicted = [self._resident.evict(v) for v in victims]
        for gone in evicted:
            self._release(gone.key, gone.slot)
        if needs_slot:
            with self._state_lock:
                slot = self._resident.free_slot()
            self._slots.fill(slot, entry.weights)
        else:
            slot = None
            if adapter_version(entry.info.path) != entry.info.version:
                raise GenerationError(f"adapter {key!r}: files at {entry.info.path} changed since they were validated")
            self._peft.load_adapter(str(entry.info.path), adapter_name=key)
            self._peft.eval()
        with self._state_lock:
            self._resident.place(key, entry.size_bytes, slot, now)
            return self._resident.resident[key]

    @torch.inference_mode()
    def _probe_effect(self, name: str) -> float:
        with_adapter = self._peft(input_ids=self._probe_ids, adapter_names=[name]).logits
        without = self._peft(input_ids=self._probe_ids, adapter_names=[BASE_ADAPTER]).logits
        return float((with_adapter - without).abs().max())

    # -- generation -----------------------------------------------------------------------------------------

    def generate(self, request: GenerationRequest, on_text: TextSink | None = None) -> GenerationResult:
        outcome = self.generate_batch([request], [on_text])[0]
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    @torch.inference_mode()
    def generate_batch(
        self,
        requests: Sequence[GenerationRequest],
        sinks: Sequence[TextSink | None] = (),
        deadlines: Sequence[float | None] = (),
    ) -> list[GenerationResult | Exception]:
        """One forward pass per token for all rows, each with its own adapter, token limit, sink and deadline.

        Greedy rows give the same tokens as they would alone. Sampling uses one random stream for the batch, so
        a seed reproduces a sampled answer only in a batch of one (the worker runs sampled requests alone).
        """
        sinks = list(sinks) or [None] * len(requests)
        deadlines = list(deadlines) or [None] * len(requests)
        with self._state_lock:
            unknown = {i for i, r in enumerate(requests) if r.adapter_key and r.adapter_key not in self._registered}
        outcomes: list[GenerationResult | Exception | None] = [
            GenerationError(f"adapter {r.adapter_key!r} is not loaded") if i in unknown else None
            for i, r in enumerate(requests)
        ]
        runnable = [i for i in range(len(requests)) if i not in unknown]
        if runnable:
            results = self._run_batch([requests[i] for i in runnable], [sinks[i] for i in runnable],
                                      [deadlines[i] for i in runnable])  # fmt: skip
            for i, result in zip(runnable, results, strict=True):
                outcomes[i] = _with_calls(result) if requests[i].tools else result
        return outcomes

    def _run_batch(self, requests, sinks, deadlines) -> list[GenerationResult | Exception]:
        tokenizer = self.base.tokenizer
        prompts = [
            tokenizer.apply_chat_template([{"role": m.role, "content": m.content}
                                           for m in text_messages(r.messages, r.tools, r.tool_choice)],
                                          add_generation_prompt=True, tokenize=True, return_dict=True)["input_ids"]
            for r in requests
        ]  # fmt: skip
        width = max(len(p) for p in prompts)
        pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else self._stop_ids[0]
        input_ids = torch.tensor([[pad] * (width - len(p)) + list(p) for p in prompts])
        attention = torch.tensor([[0] * (width - len(p)) + [1] * len(p) for p in prompts])
        rows = _Rows(tokenizer, [len(p) for p in prompts], self._stop_ids, requests, sinks, deadlines, self._clock)
        sampling = len(requests) == 1 and requests[0].temperature > 0
        options: dict = {
            "max_new_tokens": max(r.max_new_tokens for r in requests),
            "do_sample": sampling,
            "eos_token_id": self._stop_ids,
            "pad_token_id": pad,
            "stopping_criteria": StoppingCriteriaList([rows]),
        }
        if sampling:
            options.update(temperature=requests[0].temperature, top_p=requests[0].top_p)
        else:
            options.update(temperature=None, top_p=None, top_k=None)
        with self._model_lock:
            keys = [r.adapter_key or BASE_ADAPTER for r in requests]
            names = self._activate(keys, [r.session for r in requests])
            if sampling:
                torch.manual_seed(requests[0].seed)
            self._peft.generate(input_ids=input_ids, attention_mask=attention, **options,
                                adapter_names=[names[k] for k in keys])  # fmt: skip
        return [rows.result(i) for i in range(len(requests))]


class _Rows(StoppingCriteria):
    """Per-row bookkeeping during a batch: each row's tokens, limit, sink and deadline; stops rows one by one."""

    def __init__(self, tokenizer, prompt_lengths, stop_ids, requests, sinks, deadlines, clock) -> None:
        self._tokenizer, self._prompt_lengths, self._stop_ids = tokenizer, prompt_lengths, set(stop_ids)
        self._clock = clock
        self._limits = [r.max_new_tokens for r in requests]
        self._sinks, self._deadlines = list(sinks), list(deadlines)
        n = len(requests)
        self.tokens: list[list[int]] = [[] for _ in range(n)]
        self.done = [False] * n
        self.stopped = [False] * n  # ended at a stop token
        self.timed_out = [False] * n
        self._sent = [""] * n

    def __call__(self, input_ids: torch.LongTensor, scores, **kwargs) -> torch.BoolTensor:
        now = self._clock()
        for row in range(len(self.done)):
            if self.done[row]:
                continue
            token = int(input_ids[row, -1])
            if token in self._stop_ids:
                self.done[row] = self.stopped[row] = True
                self._emit(row, final=True)
                continue
            self.tokens[row].append(token)
            at_limit = len(self.tokens[row]) >= self._limits[row]
            if not self._emit(row, final=at_limit):
                self.done[row] = True
            if at_limit:
                self.done[row] = True
            deadline = self._deadlines[row]
            if deadline is not None and now > deadline and not self.done[row]:
                self.done[row] = self.timed_out[row] = True
        return torch.tensor(self.done, dtype=torch.bool)

    def _emit(self, row: int, final: bool) -> bool:
        """Hand the row's new text to its sink; False if the sink wants the row stopped."""
        sink = self._sinks[row]
        if sink is None:
            return True
        text = self._tokenizer.decode(self.tokens[row], skip_special_tokens=True)
        if text.endswith("\ufffd") and not final:  # half of a multi-byte character: wait for the rest
            return True
        piece, self._sent[row] = text[len(self._sent[row]) :], text
        return sink(piece) if piece else True

    def result(self, row: int) -> GenerationResult | Exception:
        if self.timed_out[row]:
            return GenerationTimeout(f"no answer before the deadline ({len(self.tokens[row])} tokens generated)")
        tokens = self.tokens[row]
        return GenerationResult(
            text=self._tokenizer.decode(tokens, skip_special_tokens=True).strip(),
            prompt_tokens=self._prompt_lengths[row],
            completion_tokens=len(tokens) + self.stopped[row],
            finish_reason="stop" if self.stopped[row] or len(tokens) < self._limits[row] else "length",
        )


def _with_calls(result: GenerationResult | Exception) -> GenerationResult | Exception:
    """A result of a request that offered tools: the calls taken out of its text (adapters/tool_format.py)."""
    if isinstance(result, Exception):
        return result
    parsed = parse_output(result.text)
    return replace(result, text=parsed.text, tool_calls=parsed.calls, malformed_calls=parsed.malformed)


def _as_list(value: int | list[int] | None) -> list[int]:
    if value is None:
        return []
    return [value] if isinstance(value, int) else list(value)
