"""Fine-tuning the sentence encoder on CPU: AdamW, linear warm-up and decay, soft-label cross-entropy."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import torch

from eventwire.training.bert import Classifier, load_base


@dataclass(frozen=True, slots=True)
class TrainSettings:
    """How the encoder is fine-tuned; every field is recorded in the model folder."""

    epochs: int = 4
    batch_size: int = 16
    learning_rate: float = 5e-5
    max_tokens: int = 96
    layers: int = 6
    frozen: int = 0
    inputs: str = "sentence"
    seed: int = 13
    warmup: float = 0.1
    weight_decay: float = 0.01

    def __post_init__(self) -> None:
        if not 0 <= self.frozen < self.layers:
            raise ValueError(f"frozen layers ({self.frozen}) must be fewer than the layers kept ({self.layers})")

    def to_json(self) -> dict[str, Any]:
        """The settings as JSON-ready values."""
        return asdict(self)


#: Batches are cut from pools of this many batches' texts sorted by length, so a batch pads little.
POOL_BATCHES = 8
#: Threads torch computes with while training. Two threads on two cores that other work shares wait on each
#: other at every operation: measured on a loaded 2-core machine, one thread trains in a third of their time.
TRAIN_THREADS = 1


def length_batches(lengths: Sequence[int], size: int, rng: random.Random) -> list[list[int]]:
    """The texts' indices dealt into batches of ``size``: shuffled, sorted by length within pools of
    :data:`POOL_BATCHES` batches (padding to a batch's longest text costs little), the batches shuffled."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    pool = size * POOL_BATCHES
    batches: list[list[int]] = []
    for begin in range(0, len(order), pool):
        chunk = sorted(order[begin : begin + pool], key=lambda i: lengths[i])
        batches += [chunk[i : i + size] for i in range(0, len(chunk), size)]
    rng.shuffle(batches)
    return batches


def _tensors(tokenizer: Any, texts: Sequence[str], pairs: Sequence[str] | None, rows: list[int]) -> tuple[torch.Tensor, ...]:
    """Input ids, attention mask and token types of the rows, padded to the longest."""
    inputs = [(texts[i], pairs[i]) if pairs is not None else texts[i] for i in rows]
    encoded = tokenizer.encode_batch(inputs)
    length = max(len(e.ids) for e in encoded)
    out = [torch.zeros((len(rows), length), dtype=torch.long) for _ in range(3)]
    for row, e in enumerate(encoded):
        n = len(e.ids)
        out[0][row, :n] = torch.tensor(e.ids)
        out[1][row, :n] = torch.tensor(e.attention_mask)
        out[2][row, :n] = torch.tensor(e.type_ids)
    return tuple(out)


def tokenizer_for(tokenizer_json: bytes, max_tokens: int) -> Any:
    """The word-piece tokenizer of the base encoder, cutting at ``max_tokens`` and padding nothing."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_str(tokenizer_json.decode("utf-8"))
    tokenizer.enable_truncation(max_tokens)
    tokenizer.no_padding()
    return tokenizer


def fine_tune(texts: Sequence[str], pairs: Sequence[str] | None, targets: np.ndarray, settings: TrainSettings,
              progress: Callable[[int], None] | None = None,
              cache: dict[tuple[str, str | None], torch.Tensor] | None = None) -> tuple[Classifier, bytes]:
    """The base encoder fine-tuned on the texts (and second texts) towards the label weights ``targets``.

    The embeddings and the first ``settings.frozen`` layers keep the base weights:
    their output is computed once per text (kept in ``cache``, which a
    cross-validation shares between folds) and only the layers above learn.
    Returns the model in evaluation mode and its tokenizer file. ``progress`` is
    called with 1 after every optimiser step. The same inputs and settings give
    the same model.
    """
    threads = torch.get_num_threads()
    torch.set_num_threads(TRAIN_THREADS)
    try:
        return _fine_tune(texts, pairs, targets, settings, progress, cache)
    finally:
        torch.set_num_threads(threads)


def _fine_tune(texts: Sequence[str], pairs: Sequence[str] | None, targets: np.ndarray, settings: TrainSettings,
               progress: Callable[[int], None] | None,
               cache: dict[tuple[str, str | None], torch.Tensor] | None) -> tuple[Classifier, bytes]:
    torch.manual_seed(settings.seed)
    rng = random.Random(settings.seed)
    model, tokenizer_json = load_base(targets.shape[1], settings.layers)
    tokenizer = tokenizer_for(tokenizer_json, settings.max_tokens)
    frozen = settings.frozen
    states = _lower_states(model, tokenizer, texts, pairs, frozen, {} if cache is None else cache)
    trained = [(n, p) for n, p in model.named_parameters() if _learns(n, frozen)]
    for n, p in model.named_parameters():
        p.requires_grad_(_learns(n, frozen))
    optimiser = torch.optim.AdamW(
        [{"params": [p for n, p in trained if not _no_decay(n)], "weight_decay": settings.weight_decay},
         {"params": [p for n, p in trained if _no_decay(n)], "weight_decay": 0.0}], lr=settings.learning_rate)
    steps = training_steps(len(texts), settings)
    warm = max(1, int(steps * settings.warmup))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm))))
    goal = torch.tensor(targets, dtype=torch.float32)
    lengths = [s.shape[0] for s in states]
    model.train()
    for _ in range(settings.epochs):
        for rows in length_batches(lengths, settings.batch_size, rng):
            x, mask = _padded([states[i] for i in rows])
            scores = model.pooled_logits(model.upper(x, mask, frozen), mask)
            loss = -(goal[rows] * torch.log_softmax(scores, dim=-1)).sum(-1).mean()
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_([p for _, p in trained], 1.0)
            optimiser.step()
            schedule.step()
            if progress is not None:
                progress(1)
    model.eval()
    return model, tokenizer_json


def _learns(name: str, frozen: int) -> bool:
    if name.startswith("embeddings."):
        return False
    return not (name.startswith("encoder.layer.") and int(name.split(".")[2]) < frozen)


def _no_decay(name: str) -> bool:
    return name.endswith("bias") or "LayerNorm" in name


def _lower_states(model: Classifier, tokenizer: Any, texts: Sequence[str], pairs: Sequence[str] | None, frozen: int,
                  cache: dict[tuple[str, str | None], torch.Tensor]) -> list[torch.Tensor]:
    """Each text's hidden states after the frozen layers (no padding), computed once."""
    keys = [(t, pairs[i] if pairs is not None else None) for i, t in enumerate(texts)]
    todo = sorted({k for k in keys if (k, frozen) not in cache}, key=lambda k: (len(k[0]) + len(k[1] or ""), k))
    model.eval()
    with torch.no_grad():
        for begin in range(0, len(todo), 32):
            chunk = todo[begin : begin + 32]
            ids, mask, types = _tensors(tokenizer, [k[0] for k in chunk], None if pairs is None else [k[1] for k in chunk],
                                        list(range(len(chunk))))
            hidden = model.lower(ids, mask, types, frozen)
            for row, key in enumerate(chunk):
                cache[key, frozen] = hidden[row, : int(mask[row].sum())].clone()
    return [cache[k, frozen] for k in keys]


def _padded(states: list[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    length = max(s.shape[0] for s in states)
    x = torch.zeros((len(states), length, states[0].shape[1]))
    mask = torch.zeros((len(states), length), dtype=torch.long)
    for row, s in enumerate(states):
        x[row, : s.shape[0]] = s
        mask[row, : s.shape[0]] = 1
    return x, mask


def training_steps(count: int, settings: TrainSettings) -> int:
    """How many optimiser steps fine-tuning on ``count`` texts takes (for a progress bar)."""
    return settings.epochs * -(-count // settings.batch_size)
