"""In-process generation: the base model with per-tenant LoRA adapters attached by peft.

All adapters live in one PeftModel and are chosen per call with `adapter_names`, so a request never flips a
global "active adapter" that another request relies on; the lock serialises calls into the model.
"""

from __future__ import annotations

import threading
from pathlib import Path

import torch
from peft import PeftModel
from transformers import StoppingCriteria, StoppingCriteriaList, TextStreamer

from adapters.base_model import BaseModel
from adapters.generation import BASE_ADAPTER, GenerationError, GenerationRequest, GenerationResult, TextSink
from adapters.lora import AdapterError, AdapterInfo, inspect_adapter

_PROBE_TEXT = "Hello! I would like some help with my order, please."
_PROBE_MIN_EFFECT = 1e-6


class LocalBackend:
    def __init__(self, base: BaseModel) -> None:
        self.base = base
        self._peft: PeftModel | None = None
        self._adapters: dict[str, AdapterInfo] = {}
        self._lock = threading.Lock()
        self._probe_ids = base.tokenizer(_PROBE_TEXT, return_tensors="pt")["input_ids"]
        stop = {base.tokenizer.eos_token_id, *_as_list(base.model.generation_config.eos_token_id)}
        self._stop_ids = sorted(i for i in stop if i is not None)

    @property
    def ready(self) -> bool:
        return True

    @property
    def adapters(self) -> dict[str, AdapterInfo]:
        return dict(self._adapters)

    def load_adapter(self, key: str, path: Path) -> AdapterInfo:
        """Validate and attach an adapter under `key`; the base model is never reloaded."""
        info = inspect_adapter(path, self.base.model, self.base.fingerprint)
        with self._lock:
            if key in self._adapters:
                raise AdapterError(f"{path}: an adapter is already loaded as {key!r}")
            if self._peft is None:
                self._peft = PeftModel.from_pretrained(self.base.model, str(path), adapter_name=key)
                self._peft.eval()
            else:
                self._peft.load_adapter(str(path), adapter_name=key)
            if self._probe_effect(key) < _PROBE_MIN_EFFECT:
                self._peft.delete_adapter(key)
                raise AdapterError(f"{path}: adapter does not change the model's output (all-zero LoRA weights?)")
            self._adapters[key] = info
        return info

    def unload_adapter(self, key: str) -> None:
        with self._lock:
            if self._adapters.pop(key, None) is None:
                raise AdapterError(f"no adapter is loaded as {key!r}")
            self._peft.delete_adapter(key)

    @torch.inference_mode()
    def _probe_effect(self, key: str) -> float:
        with_adapter = self._peft(input_ids=self._probe_ids, adapter_names=[key]).logits
        without = self._peft(input_ids=self._probe_ids, adapter_names=[BASE_ADAPTER]).logits
        return float((with_adapter - without).abs().max())

    # Text comes out piece by piece through `on_text` (see TextSink), so a caller can check it as it grows.
    streams = True

    @torch.inference_mode()
    def generate(self, request: GenerationRequest, on_text: TextSink | None = None) -> GenerationResult:
        if request.adapter_key is not None and request.adapter_key not in self._adapters:
            raise GenerationError(f"adapter {request.adapter_key!r} is not loaded")
        tokenizer = self.base.tokenizer
        inputs = tokenizer.apply_chat_template(
            [{"role": m.role, "content": m.content} for m in request.messages],
            add_generation_prompt=True,
            return_dict=True,
            return_tensors="pt",
        )
        sampling = request.temperature > 0
        options: dict = {
            "max_new_tokens": request.max_new_tokens,
            "do_sample": sampling,
            "eos_token_id": self._stop_ids,
            "pad_token_id": tokenizer.pad_token_id,
        }
        if on_text is not None:
            sink = _SinkStreamer(tokenizer, on_text)
            options.update(streamer=sink, stopping_criteria=StoppingCriteriaList([sink]))
        if sampling:
            options.update(temperature=request.temperature, top_p=request.top_p)
        else:
            # Greedy decoding: clear the model's default sampling knobs so they neither warn nor apply.
            options.update(temperature=None, top_p=None, top_k=None)
        with self._lock:
            if sampling:
                torch.manual_seed(request.seed)
            if self._peft is None:
                output = self.base.model.generate(**inputs, **options)
            else:
                adapter = request.adapter_key or BASE_ADAPTER
                output = self._peft.generate(**inputs, **options, adapter_names=[adapter])
        prompt_tokens = inputs["input_ids"].shape[1]
        new_tokens = output[0, prompt_tokens:].tolist()
        stopped = bool(new_tokens) and new_tokens[-1] in self._stop_ids
        text = tokenizer.decode(new_tokens, skip_special_tokens=True).strip()
        return GenerationResult(
            text=text,
            prompt_tokens=prompt_tokens,
            completion_tokens=len(new_tokens),
            finish_reason="stop" if stopped or len(new_tokens) < request.max_new_tokens else "length",
        )


class _SinkStreamer(TextStreamer, StoppingCriteria):
    """Hands decoded text to a sink as generation goes; stops generation when the sink says so."""

    def __init__(self, tokenizer, sink: TextSink) -> None:
        TextStreamer.__init__(self, tokenizer, skip_prompt=True, skip_special_tokens=True)
        self._sink = sink
        self._stop = False

    def on_finalized_text(self, text: str, stream_end: bool = False) -> None:
        if text and not self._stop:
            self._stop = not self._sink(text)

    def __call__(self, input_ids, scores, **kwargs) -> torch.BoolTensor:
        return torch.full((input_ids.shape[0],), self._stop, dtype=torch.bool)


def _as_list(value: int | list[int] | None) -> list[int]:
    if value is None:
        return []
    return [value] if isinstance(value, int) else list(value)
