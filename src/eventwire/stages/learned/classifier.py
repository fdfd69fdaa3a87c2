"""The sentence classifier at coding time: the exported encoder run by onnxruntime, words cut by ``tokenizers``.

Neither torch nor the base encoder's package is needed here: a model folder holds
all it runs (:mod:`.folder`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eventwire.errors import ConfigError
from eventwire.stages.learned.folder import CLASSIFIER, TOKENIZER, ModelMeta

EXTRA = "eventwire[learn]"


def _libraries() -> tuple[Any, Any, Any]:
    try:
        import numpy
        import onnxruntime
        import tokenizers
    except ImportError as exc:
        raise ConfigError(f"coding with a model folder needs {exc.name}: pip install '{EXTRA}'") from None
    return numpy, onnxruntime, tokenizers


class SentenceClassifier:
    """Label probabilities for texts (and, with ``pairs``, a second text each), from a model folder."""

    def __init__(self, folder: Path, meta: ModelMeta, threads: int = 1) -> None:
        np, ort, tokenizers = _libraries()
        self._np = np
        self.labels = meta.labels
        self.tokenizer = tokenizers.Tokenizer.from_file(str(folder / TOKENIZER))
        self.tokenizer.enable_truncation(meta.max_tokens)
        self.tokenizer.no_padding()
        options = ort.SessionOptions()
        # one worker is one core: the worker pool, not the encoder, uses the others
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(folder / CLASSIFIER), options, providers=["CPUExecutionProvider"])

    def probabilities(self, texts: Sequence[str], pairs: Sequence[str] | None = None) -> Any:
        """One row of label probabilities per text, in the order of :attr:`labels`."""
        np = self._np
        if not texts:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        inputs = list(zip(texts, pairs, strict=True)) if pairs is not None else list(texts)
        out = np.zeros((len(inputs), len(self.labels)), dtype=np.float32)
        # One text a run: the int8 encoder scales its activations over the whole batch, so in a batch a
        # text's verdict would hang on its neighbours; batching saves little on CPU besides.
        for row, e in enumerate(self.tokenizer.encode_batch(inputs)):
            out[row] = self._run([e])[0]
        return out

    def remembering(self) -> SentenceClassifier:
        """This classifier, keeping every row it computes so that reading a text again costs nothing
        (for scoring one model many ways; memory grows with the texts read)."""
        seen: dict[tuple[str, str | None], Any] = {}
        compute = self.probabilities

        def probabilities(texts: Sequence[str], pairs: Sequence[str] | None = None) -> Any:
            keys = [(t, pairs[i] if pairs is not None else None) for i, t in enumerate(texts)]
            todo = list(dict.fromkeys(k for k in keys if k not in seen))
            if todo:
                rows = compute([k[0] for k in todo], [k[1] or "" for k in todo] if pairs is not None else None)
                seen.update(zip(todo, rows, strict=True))
            return self._np.array([seen[k] for k in keys]).reshape(len(keys), len(self.labels))

        self.probabilities = probabilities  # type: ignore[method-assign]
        return self

    def _run(self, encoded: list[Any]) -> Any:
        np = self._np
        length = max(len(e.ids) for e in encoded)
        feed = {name: np.zeros((len(encoded), length), dtype=np.int64)
                for name in ("input_ids", "attention_mask", "token_type_ids")}
        for row, e in enumerate(encoded):
            n = len(e.ids)
            feed["input_ids"][row, :n] = e.ids
            feed["attention_mask"][row, :n] = e.attention_mask
            feed["token_type_ids"][row, :n] = e.type_ids
        return self.session.run(None, feed)[0]
