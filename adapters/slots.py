"""Adapter slots: LoRA adapters pre-created in the model, into which a tenant's weights are copied.

peft's `load_adapter` builds new modules (hundreds of milliseconds, more the more adapters are loaded); copying
an adapter's A and B into a slot that already exists takes milliseconds. A slot has a fixed rank and covers a
fixed set of Linear modules; an adapter fits when its rank is at most the slot's and its modules are among the
slot's. Rank is padded with zeros (the extra rows of A and columns of B add nothing) and the adapter's scaling
(alpha / r, or alpha / sqrt(r) for rsLoRA, per module with rank/alpha patterns) is folded into B, so the slot
runs at scaling 1 and computes exactly the adapter's update.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from peft import LoraConfig, PeftModel, get_peft_model
from torch import nn

from interlock.adapters.generation import BASE_ADAPTER

SLOT_PREFIX = "slot"
# Adapter features a slot cannot reproduce by copying weights; such adapters are loaded by peft instead.
_UNSLOTTABLE = {"use_dora": True, "lora_bias": True}


@dataclass(frozen=True)
class SlotLayout:
    rank: int
    targets: tuple[str, ...]  # last name parts of the Linear modules every slot covers (q_proj, v_proj, ...)


@dataclass(frozen=True)
class SlotWeights:
    """An adapter prepared for copying: per module (name in the base model), A and the scaled B."""

    modules: dict[str, tuple[torch.Tensor, torch.Tensor]]
    size_bytes: int


def linear_targets(model: nn.Module) -> tuple[str, ...]:
    """The names of every Linear module in the model's layers (the output head excluded), sorted."""
    names = {name.rsplit(".", 1)[-1] for name, module in model.named_modules() if isinstance(module, nn.Linear)}
    return tuple(sorted(names - {"lm_head"}))


def slot_name(index: int) -> str:
    return f"{SLOT_PREFIX}{index}"


def create_slots(model: nn.Module, layout: SlotLayout, count: int) -> PeftModel:
    """Wrap `model` in a PeftModel holding `count` empty slots (B = 0: a slot changes nothing until filled)."""
    config = LoraConfig(r=layout.rank, lora_alpha=layout.rank, target_modules=list(layout.targets),
                        lora_dropout=0.0, init_lora_weights=True, task_type="CAUSAL_LM")  # fmt: skip
    peft_model = get_peft_model(model, config, adapter_name=slot_name(0))
    for index in range(1, count):
        peft_model.add_adapter(slot_name(index), config)
    peft_model.eval()
    return peft_model


def slot_weights(config: dict, pairs: dict[str, dict[str, torch.Tensor]], layout: SlotLayout) -> SlotWeights | None:
    """The adapter's weights (as `read_lora` gives them) ready for a slot, or None if it does not fit one (then
    peft loads it)."""
    if any(config.get(key) == value for key, value in _UNSLOTTABLE.items()):
        return None
    if config.get("modules_to_save") or config.get("bias", "none") != "none" or config.get("target_parameters"):
        return None
    modules = {}
    for module, pair in sorted(pairs.items()):
        short = module.rsplit(".", 1)[-1]
        rank = config.get("rank_pattern", {}).get(short, config["r"])
        alpha = config.get("alpha_pattern", {}).get(short, config.get("lora_alpha", config["r"]))
        if short not in layout.targets or rank > layout.rank:
            return None
        scaling = alpha / math.sqrt(rank) if config.get("use_rslora") else alpha / rank
        modules[module] = (pair["A"].float().contiguous(), (pair["B"].float() * scaling).contiguous())
    size = sum(a.numel() * a.element_size() + b.numel() * b.element_size() for a, b in modules.values())
    return SlotWeights(modules=modules, size_bytes=size)


class SlotTable:
    """Every slot's A and B of one module stacked in one tensor, and a forward that gathers them per row.

    peft mixes adapters in a batch by running each adapter on its sub-batch: a handful of small operations per
    adapter, per module, per token. Here each row's slot is gathered from the stack and the whole batch runs
    as two batched matmuls per module, however many tenants the batch holds. The stack has one extra, all-zero
    slot that rows without an adapter use. The slots' own peft parameters are views into the stacks, so peft
    (probing, fallback adapters) sees the same weights.
    """

    def __init__(self, peft_model: PeftModel, layout: SlotLayout, count: int) -> None:
        self.layout, self.count = layout, count
        self._params: list[dict[str, tuple[torch.Tensor, torch.Tensor]]] = [{} for _ in range(count)]
        self._index_cache: dict[tuple[str, ...], torch.Tensor | None] = {}
        names = {slot_name(i): i for i in range(count)} | {BASE_ADAPTER: count}
        inner = peft_model.base_model.model
        for name, module in inner.named_modules():
            lora_a = getattr(module, "lora_A", None)
            if not isinstance(lora_a, nn.ModuleDict) or slot_name(0) not in lora_a:
                continue
            first_a, first_b = lora_a[slot_name(0)].weight, module.lora_B[slot_name(0)].weight
            stack_a = torch.zeros((count + 1, *first_a.shape), dtype=first_a.dtype)
            stack_b = torch.zeros((count + 1, *first_b.shape), dtype=first_b.dtype)
            for index in range(count):
                slot = slot_name(index)
                stack_a[index].copy_(lora_a[slot].weight.detach())
                stack_b[index].copy_(module.lora_B[slot].weight.detach())
                lora_a[slot].weight.data = stack_a[index]
                module.lora_B[slot].weight.data = stack_b[index]
                self._params[index][name] = (lora_a[slot].weight, module.lora_B[slot].weight)
            module.forward = _gathered_forward(module, stack_a, stack_b, names, self._index_cache)
        self.modules = tuple(sorted(self._params[0]))

    @torch.no_grad()
    def fill(self, index: int, weights: SlotWeights) -> None:
        """Copy an adapter into slot `index`; modules it does not adapt get B = 0."""
        for module, (slot_a, slot_b) in self._params[index].items():
            pair = weights.modules.get(module)
            if pair is None:
                slot_b.zero_()
                continue
            lora_a, lora_b = pair
            rank = lora_a.shape[0]
            slot_a[:rank].copy_(lora_a)
            slot_b[:, :rank].copy_(lora_b)
            if rank < self.layout.rank:
                slot_a[rank:].zero_()
                slot_b[:, rank:].zero_()

    @torch.no_grad()
    def clear(self, index: int) -> None:
        for _, slot_b in self._params[index].values():
            slot_b.zero_()

    def covers(self, weights: SlotWeights) -> bool:
        return all(module in self._params[0] for module in weights.modules)


def _gathered_forward(module: nn.Module, stack_a: torch.Tensor, stack_b: torch.Tensor, names: dict[str, int],
                      cache: dict[tuple[str, ...], torch.Tensor | None]):  # fmt: skip
    """The module's forward: rows named by slot (or base) take the gathered path, anything else peft's."""
    peft_forward = module.forward

    def forward(x: torch.Tensor, *args, **kwargs) -> torch.Tensor:
        adapter_names = kwargs.get("adapter_names")
        if adapter_names is None or module.disable_adapters or module.merged:
            return peft_forward(x, *args, **kwargs)
        key = tuple(adapter_names)
        if key not in cache:  # one lookup per distinct batch make-up, shared by every module
            cache[key] = torch.tensor([names[n] for n in key]) if all(n in names for n in key) else None
        rows = cache[key]
        if rows is None:
            return peft_forward(x, *args, **kwargs)
        kwargs.pop("adapter_names")
        result = module.base_layer(x, *args, **kwargs)
        down = torch.bmm(x.to(stack_a.dtype), stack_a[rows].transpose(1, 2))
        return result + torch.bmm(down, stack_b[rows].transpose(1, 2)).to(result.dtype)

    return forward
