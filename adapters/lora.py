"""Validation and versioning of PEFT LoRA adapter directories (as peft and LLaMA-Factory write them).

An adapter is checked against the base model before it is ever attached: wrong base, unknown modules, a rank
that does not match its tensors, wrong shapes, non-finite weights or an unreadable file are all rejected with a
message that names the file and the tensor.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import re2
import torch
from safetensors import SafetensorError, safe_open
from torch import nn

from interlock.text.linear_regex import compile_re2

CONFIG_FILE = "adapter_config.json"
WEIGHTS_FILE = "adapter_model.safetensors"
PROVENANCE_FILE = "interlock.json"
_TENSOR_KEY = re.compile(r"^base_model\.model\.(?P<module>.+)\.lora_(?P<kind>[AB])(?:\.[A-Za-z0-9_-]+)?\.weight$")


class AdapterError(Exception):
    """An adapter is missing, corrupt, or does not fit the base model."""


@dataclass(frozen=True)
class AdapterInfo:
    path: Path
    version: str
    rank: int
    alpha: float
    target_modules: tuple[str, ...]
    modules: int
    size_bytes: int


def adapter_version(path: Path) -> str:
    """Content hash of the adapter's config and weights: the `adapter_version` recorded in audit."""
    digest = hashlib.sha256()
    for name in (CONFIG_FILE, WEIGHTS_FILE):
        digest.update(name.encode())
        digest.update((path / name).read_bytes())
    return "sha256:" + digest.hexdigest()


def _read_config(path: Path) -> dict:
    file = path / CONFIG_FILE
    try:
        config = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise AdapterError(f"{file}: missing") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise AdapterError(f"{file}: not valid JSON: {exc}") from exc
    if not isinstance(config, dict):
        raise AdapterError(f"{file}: must be a JSON object")
    if config.get("peft_type") != "LORA":
        raise AdapterError(f"{file}: peft_type is {config.get('peft_type')!r}, only 'LORA' is supported")
    rank = config.get("r")
    if not isinstance(rank, int) or rank <= 0:
        raise AdapterError(f"{file}: r must be a positive integer, got {rank!r}")
    if not isinstance(config.get("lora_alpha", rank), int | float):
        raise AdapterError(f"{file}: lora_alpha must be a number")
    targets = config.get("target_modules")
    if isinstance(targets, str):
        targets = [targets]
    if not isinstance(targets, list) or not targets or not all(isinstance(t, str) for t in targets):
        raise AdapterError(f"{file}: target_modules must be a non-empty list of module names")
    config["target_modules"] = targets
    return config


def _read_tensors(path: Path) -> dict[str, torch.Tensor]:
    file = path / WEIGHTS_FILE
    if not file.is_file():
        raise AdapterError(f"{file}: missing")
    try:
        with safe_open(str(file), framework="pt") as handle:
            tensors = {key: handle.get_tensor(key) for key in handle.keys()}  # noqa: SIM118 (not a dict)
    except (SafetensorError, OSError, ValueError, RuntimeError) as exc:
        raise AdapterError(f"{file}: unreadable safetensors file: {exc}") from exc
    if not tensors:
        raise AdapterError(f"{file}: holds no tensors")
    return tensors


def read_lora(path: Path) -> tuple[dict, dict[str, dict[str, torch.Tensor]]]:
    """The adapter's config, and its tensors as {module name in the base model: {"A": ..., "B": ...}}.

    Checked for readability and naming only, not against any model (see `check_lora`)."""
    path = Path(path)
    if not path.is_dir():
        raise AdapterError(f"{path}: adapter directory does not exist")
    config, tensors = _read_config(path), _read_tensors(path)
    pairs: dict[str, dict[str, torch.Tensor]] = {}
    for key, tensor in tensors.items():
        match = _TENSOR_KEY.match(key)
        if match is None:
            raise AdapterError(f"{path / WEIGHTS_FILE}: tensor {key!r} is not a LoRA A/B weight")
        pairs.setdefault(match["module"], {})[match["kind"]] = tensor
    return config, pairs


def _target_matches(module_name: str, targets: list[str]) -> bool:
    """peft's rule: one string that is not a plain name is a regex over the full module name."""
    if len(targets) == 1 and not re.fullmatch(r"[A-Za-z0-9_]+", targets[0]):
        try:  # RE2: an uploaded config's pattern runs in linear time
            return compile_re2(targets[0]).fullmatch(module_name) is not None
        except re2.error as exc:
            raise AdapterError(f"target_modules pattern {targets[0]!r} is not a valid (RE2) regex: {exc}") from exc
    return module_name.rsplit(".", 1)[-1] in targets


def _check_provenance(path: Path, base_fingerprint: str) -> None:
    file = path / PROVENANCE_FILE
    if not file.is_file():
        return
    try:
        recorded = json.loads(file.read_text(encoding="utf-8")).get("base_fingerprint")
    except (json.JSONDecodeError, AttributeError) as exc:
        raise AdapterError(f"{file}: not valid JSON") from exc
    if recorded is not None and recorded != base_fingerprint:
        raise AdapterError(f"{file}: adapter was trained on base {recorded}, this service runs {base_fingerprint}")


def inspect_adapter(path: Path, base: nn.Module, base_fingerprint: str) -> AdapterInfo:
    """Validate an adapter directory against `base` without attaching it; return what is known about it."""
    config, pairs = read_lora(path)
    return check_lora(Path(path), config, pairs, base, base_fingerprint)


def check_lora(path: Path, config: dict, pairs: dict[str, dict[str, torch.Tensor]], base: nn.Module,
               base_fingerprint: str) -> AdapterInfo:  # fmt: skip
    """Check an adapter already read (`read_lora`) against `base`; return what is known about it."""
    _check_provenance(path, base_fingerprint)
    weights = path / WEIGHTS_FILE
    for module_name, pair in sorted(pairs.items()):
        where = f"{weights}: {module_name}"
        if set(pair) != {"A", "B"}:
            raise AdapterError(f"{where}: has lora_{''.join(pair)} without its pair")
        if not _target_matches(module_name, config["target_modules"]):
            raise AdapterError(f"{where}: not among target_modules {config['target_modules']}")
        try:
            module = base.get_submodule(module_name)
        except AttributeError as exc:
            raise AdapterError(f"{where}: the base model has no such module (adapter for another base?)") from exc
        # Once peft has wrapped the base, the original Linear sits under `base_layer`.
        module = getattr(module, "base_layer", module)
        if not isinstance(module, nn.Linear):
            raise AdapterError(f"{where}: base module is {type(module).__name__}, only Linear is supported")
        lora_a, lora_b = pair["A"], pair["B"]
        rank = lora_a.shape[0]
        expected_rank = config.get("rank_pattern", {}).get(module_name.rsplit(".", 1)[-1], config["r"])
        if lora_a.ndim != 2 or lora_b.ndim != 2 or rank != expected_rank or lora_b.shape[1] != rank:
            raise AdapterError(
                f"{where}: rank {expected_rank} expects A {(expected_rank, '*')} and B {('*', expected_rank)}, "
                f"found A {tuple(lora_a.shape)} and B {tuple(lora_b.shape)}"
            )
        if lora_a.shape[1] != module.in_features or lora_b.shape[0] != module.out_features:
            raise AdapterError(
                f"{where}: shapes A {tuple(lora_a.shape)} B {tuple(lora_b.shape)} do not fit base Linear "
                f"({module.in_features} -> {module.out_features})"
            )
        if not (torch.isfinite(lora_a).all() and torch.isfinite(lora_b).all()):
            raise AdapterError(f"{where}: weights contain NaN or infinity")
    return AdapterInfo(
        path=path,
        version=adapter_version(path),
        rank=config["r"],
        alpha=float(config.get("lora_alpha", config["r"])),
        target_modules=tuple(sorted(config["target_modules"])),
        modules=len(pairs),
        size_bytes=weights.stat().st_size,
    )
