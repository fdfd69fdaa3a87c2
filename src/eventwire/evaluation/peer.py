"""PETRARCH2's validation suite as gold for eventwire's scorer.

``PETR.UnitTest.records.xml`` holds ``<Sentence date= id= category=>``
elements, each with a ``<Text>`` and one or more ``<EventCoding>``:
``sourcecode``/``targetcode``/``eventcode`` for an expected CAMEO event,
``noevents="True"`` for a sentence that must yield nothing, or
``error="..."`` for a record that tests PETRARCH's own input handling.

:func:`read_peer_suite` reads every sentence with its raw codings;
:func:`peer_gold` turns them into :class:`~eventwire.evaluation.gold.GoldItem` for
PLOVER-level scoring:

* CAMEO codes become PLOVER types through the crosswalk that
  :func:`eventwire.knowledge.cameo.crosswalk` reads (derived from CAMEO2PLOVER-2021).
  A code the crosswalk lacks is reduced as the PLOVER manual advises: trailing
  letters dropped ("174L"), then its 4- and 3-digit prefixes, then its 2-digit
  cue category (the category's base code, "095" -> "090"). CAMEO 01 (public
  statement) and 02 (appeal) are dropped by PLOVER, so such a coding is no
  event. Codes that none of this maps (the suite's own test codes such as
  "903") leave the sentence unscorable; it is skipped and reported.
* Actor codes are TABARI codes ("ARN", "GONMIL", "---GOV"); the first three
  letters are the country ("---" is none), the next three the sector.
* Records with an ``error`` coding are skipped: they test PETRARCH's parser.
* Every event is ``asserted``: PETRARCH codes no status.

The suite tests PETRARCH's machinery with its own verb dictionary, so its
codes do not always carry CAMEO's meaning ("restore diplomatic ties" is coded
064, which the crosswalk makes COOPERATE where a PLOVER coder would say
SUPPORT). Its PLOVER-level scores measure agreement with PETRARCH, not with
the manual. The sentences name fictional countries (Arnor, Gondor): code them
with the suite's own dictionaries, see :func:`peer_dictionaries`.
"""

from __future__ import annotations

import datetime as dt
import logging
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from eventwire.errors import InputError
from eventwire.evaluation.gold import GoldEvent, GoldItem, GoldText
from eventwire.knowledge.cameo import DROPPED, CameoMapper

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PeerCoding:
    """One expected coding of a peer sentence, as the suite writes it."""

    source: str | None = None
    target: str | None = None
    event: str | None = None  # CAMEO code
    noevents: bool = False
    error: str | None = None


@dataclass(frozen=True, slots=True)
class PeerSentence(GoldText):
    """A sentence of the peer suite with its expected codings."""

    category: str | None
    codings: tuple[PeerCoding, ...]

    @property
    def expects_no_event(self) -> bool:
        """True for a ``noevents="True"`` record."""
        return any(c.noevents for c in self.codings)

    @property
    def error(self) -> str | None:
        """The PETRARCH error the record tests for, if it is such a record."""
        return next((c.error for c in self.codings if c.error), None)


@dataclass(frozen=True, slots=True)
class SkippedSentence:
    """A peer sentence left out of scoring, and why."""

    id: str
    reason: str


def read_peer_suite(path: str | Path) -> list[PeerSentence]:
    """Read every ``<Sentence>`` of a PETRARCH unit-test XML file.

    Raises:
        InputError: if the file cannot be read or is not well-formed XML, or a
            sentence lacks an id or text.
    """
    path = Path(path)
    try:
        root = ET.parse(path).getroot()
    except OSError as exc:
        raise InputError(f"{path}: cannot read peer suite: {exc.strerror or exc}") from exc
    except ET.ParseError as exc:
        line, col = exc.position
        raise InputError(f"{path}:{line}: not well-formed XML (column {col}): {exc}") from None
    sentences = []
    for element in root.iter("Sentence"):
        sid = (element.get("id") or "").strip()
        text = " ".join((element.findtext("Text") or "").split())
        if not sid or not text:
            raise InputError(f"{path}: a <Sentence> lacks an id or text (id {sid!r})")
        sentences.append(PeerSentence(
            id=sid,
            text=text,
            date=_date(element.get("date")),
            category=element.get("category"),
            codings=tuple(_coding(c) for c in element.findall("EventCoding")),
        ))
    log.debug("read %d peer sentences from %s", len(sentences), path)
    return sentences


def _date(raw: str | None) -> dt.date | None:
    raw = (raw or "").strip()
    try:
        return dt.datetime.strptime(raw, "%Y%m%d").date()
    except ValueError:
        return None


def _code(raw: str | None) -> str | None:
    value = (raw or "").strip().strip('"').strip()
    return value or None


def _coding(element: ET.Element) -> PeerCoding:
    return PeerCoding(
        source=_code(element.get("sourcecode")),
        target=_code(element.get("targetcode")),
        event=_code(element.get("eventcode")),
        noevents=(element.get("noevents") or "").strip().lower() == "true",
        error=_code(element.get("error")),
    )


def tabari_country(code: str | None) -> str | None:
    """The country part of a TABARI actor code ("USAGOV" -> "USA", "---GOV" -> None)."""
    if not code or len(code) < 3 or not code[:3].isalpha():
        return None
    return code[:3].upper()


def tabari_sector(code: str | None) -> str | None:
    """The sector part of a TABARI actor code ("GONMIL" -> "MIL"), or None."""
    if not code or len(code) < 6 or not code[3:6].isalpha():
        return None
    return code[3:6].upper()


def peer_gold(
    sentences: Iterable[PeerSentence],
    mapper: Callable[[str], tuple[str, str | None] | None] | None = None,
) -> tuple[list[GoldItem], list[SkippedSentence]]:
    """The peer sentences as PLOVER gold items, and those left out with the reason."""
    mapper = mapper or CameoMapper()
    items: list[GoldItem] = []
    skipped: list[SkippedSentence] = []
    seen: dict[str, int] = {}
    for sentence in sentences:
        # The suite reuses a few ids; scoring keys on the id, so repeats get "#2", "#3".
        seen[sentence.id] = seen.get(sentence.id, 0) + 1
        item_id = sentence.id if seen[sentence.id] == 1 else f"{sentence.id}#{seen[sentence.id]}"
        if sentence.error:
            skipped.append(SkippedSentence(item_id, f"tests PETRARCH error handling ({sentence.error})"))
            continue
        if sentence.expects_no_event:
            items.append(GoldItem(item_id, sentence.text, sentence.date, (), origin=sentence.id))
            continue
        events: list[GoldEvent] = []
        unmapped: list[str] = []
        for coding in sentence.codings:
            mapped = mapper(coding.event) if coding.event else None
            if mapped is None:
                unmapped.append(coding.event or "(none)")
                continue
            if mapped == DROPPED:
                continue
            etype, mode = mapped
            events.append(GoldEvent(
                type=etype,
                mode=mode,
                actor=tabari_country(coding.source),
                recipient=tabari_country(coding.target),
                actor_sector=tabari_sector(coding.source),
                recipient_sector=tabari_sector(coding.target),
                note=f"CAMEO {coding.event} {coding.source or '---'}->{coding.target or '---'}",
            ))
        if unmapped:
            skipped.append(SkippedSentence(item_id, f"CAMEO code(s) with no PLOVER type: {', '.join(unmapped)}"))
            continue
        items.append(GoldItem(item_id, sentence.text, sentence.date, tuple(events), origin=sentence.id))
    return items, skipped


def load_peer_gold(path: str | Path) -> tuple[list[GoldItem], list[SkippedSentence]]:
    """Read a PETRARCH unit-test XML file straight into PLOVER gold items (see :func:`peer_gold`)."""
    return peer_gold(read_peer_suite(path))


def peer_dictionaries(suite_dir: str | Path, out_dir: str | Path) -> tuple[Path, ...]:
    """Convert the suite's actor and agent dictionaries to eventwire YAML dictionaries.

    The suite codes its sentences with ``PETR.Validate.actors.txt`` and
    ``PETR.Validate.agents.txt`` (fictional countries such as Arnor); pass the
    returned paths as ``Settings.dicts`` to code the suite with them.

    Raises:
        InputError: if a dictionary file is missing.
    """
    from eventwire.interop.petrarch_dictionary import import_petrarch
    from eventwire.knowledge.dictionary import write_dictionary

    suite_dir, out_dir = Path(suite_dir), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in ("actors", "agents"):
        source = suite_dir / f"PETR.Validate.{kind}.txt"
        if not source.exists():
            raise InputError(f"{source}: peer {kind} dictionary not found")
        target = out_dir / f"petrarch_{kind}.yaml"
        write_dictionary(import_petrarch(source), target)
        written.append(target)
    return tuple(written)


def peer_patterns(suite_dir: str | Path, out_dir: str | Path, model: str) -> Path | None:
    """Convert the suite's verb dictionary (``PETR.Validate.verbs.txt``) to an eventwire pattern file.

    ``model`` is the spaCy pipeline whose lemmatizer turns the dictionary's verb
    forms into lemmas. Returns the written path, or None when the suite has no
    verb dictionary.
    """
    from eventwire.interop.petrarch_patterns import (
        import_petrarch_verbs,
        spacy_lemmatizer,
        write_patterns,
    )

    source = Path(suite_dir) / "PETR.Validate.verbs.txt"
    if not source.exists():
        log.warning("%s: no peer verb dictionary; coding with the shipped patterns only", source)
        return None
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    # the suite is run with PETRARCH's require_dyad option
    result = import_petrarch_verbs(source, spacy_lemmatizer(model), require_dyad=True)
    return write_patterns(result, out_dir / "petrarch_verbs.yaml", source.name)
