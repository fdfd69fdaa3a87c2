"""The model folder that ``eventwire train`` writes and the learned stage reads.

::

    MODEL_DIR/
      meta.json        what it was trained on and how (below)
      classifier.onnx  the fine-tuned sentence encoder and type head, int8
      tokenizer.json   its word-piece tokenizer
      roles.json       the role ranker's weights

``meta.json`` holds the model format, the eventwire version that wrote it, the
training files with their SHA-256 hashes, the label set, the settings of the
run and its cross-validated scores. A folder of another model format, or with a
file missing, is refused with what to do.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.errors import ConfigError

#: Raised whenever what the folder holds, or how the stage reads it, changes.
MODEL_FORMAT = 1
META, CLASSIFIER, TOKENIZER, ROLES = "meta.json", "classifier.onnx", "tokenizer.json", "roles.json"
FILES = (META, CLASSIFIER, TOKENIZER, ROLES)
#: What the encoder reads: the sentence alone, or the sentence and the pattern events' triggers.
INPUTS = ("sentence", "sentence+triggers")
#: The label of a text with no event.
NONE_LABEL = "none"


def eventwire_version() -> str:
    """The installed eventwire's version, as a model folder records it."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("eventwire")
    except PackageNotFoundError:
        return "unknown"


class ModelFolderError(ConfigError):
    """A model folder cannot be used: names the folder and what is wrong with it."""


@dataclass(frozen=True, slots=True)
class ModelMeta:
    """What a model folder's ``meta.json`` says."""

    labels: tuple[str, ...]
    inputs: str
    max_tokens: int
    eventwire: str
    raw: dict[str, Any]

    def types_of(self, label: str) -> tuple[str, ...]:
        """The PLOVER types a label stands for (none for the no-event label)."""
        return () if label == NONE_LABEL else tuple(label.split("|"))


def file_hash(path: Path) -> str:
    """The SHA-256 of a file's bytes, as hex."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_meta(folder: Path) -> ModelMeta:
    """Check a model folder and read its ``meta.json``.

    Raises:
        ModelFolderError: the folder or one of its files is missing, ``meta.json``
            is not valid, or the folder is of another model format.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ModelFolderError(f"model folder {folder} does not exist; write one with 'eventwire train GOLD -o {folder}'")
    missing = [name for name in FILES if not (folder / name).is_file()]
    if missing:
        raise ModelFolderError(f"model folder {folder} lacks {', '.join(missing)}; "
                               f"a folder 'eventwire train' writes holds {', '.join(FILES)}")
    try:
        raw = json.loads((folder / META).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelFolderError(f"{folder / META}: not a readable JSON object ({exc})") from None
    if not isinstance(raw, dict):
        raise ModelFolderError(f"{folder / META}: not a JSON object")
    if raw.get("format") != MODEL_FORMAT:
        raise ModelFolderError(
            f"model folder {folder} is of model format {raw.get('format')!r}, written by eventwire "
            f"{raw.get('eventwire', 'of unknown version')}; eventwire {eventwire_version()} reads format {MODEL_FORMAT}: "
            "train it again with 'eventwire train'")
    try:
        labels = tuple(str(x) for x in raw["labels"])
        inputs, max_tokens = str(raw["settings"]["inputs"]), int(raw["settings"]["max_tokens"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelFolderError(f"{folder / META}: lacks or mistypes {exc}; expected 'labels' and "
                               "'settings' with 'inputs' and 'max_tokens'") from None
    if not labels or inputs not in INPUTS:
        raise ModelFolderError(f"{folder / META}: needs a non-empty label list and inputs one of {', '.join(INPUTS)}")
    return ModelMeta(labels, inputs, max_tokens, str(raw.get("eventwire")), raw)
