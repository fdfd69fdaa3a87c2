"""Events: one trigger pattern, and the reading and validating of one pattern entry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eventwire.errors import DataFileError
from eventwire.knowledge.cameo import cameo_table, crosswalk, default_cameo, plover_types
from eventwire.records import PLOVER_SECTORS
from eventwire.stages.events.roles import RULES

POS = ("verb", "noun", "adj")
CONSTRUCTIONS = ("imperative", "obligation")
ROLES = tuple(RULES)
FIELDS = {
    "id", "lemma", "pos", "type", "mode", "cameo", "actor", "recipient", "with_word", "without_word",
    "compound", "needs_complement", "needs_clause", "needs_actor_object", "statement", "passive_actor", "confidence", "construction",
    "needs_partners", "reverse_cameo", "needs_dyad", "fallback", "particle", "needs_light_verb", "needs_recipient",
    "needs_actor_head", "needs_object", "no_object", "actor_sectors", "weapon_subject",
}
PASSIVE_FIELDS = {"sector", "country_of"}
#: in ``actor_sectors``: a country named as a whole ("Saudi Arabia imposed a blockade")
STATE = "STATE"


@dataclass(frozen=True, slots=True)
class Pattern:
    """One trigger pattern: which words code which event, and where its actor and recipient are."""

    id: str
    lemmas: tuple[str, ...]
    pos: str | None
    type: str
    mode: str | None
    cameo: str | None
    actor: tuple[str, ...]
    recipient: tuple[str, ...]
    with_word: frozenset[str] = frozenset()
    without_word: frozenset[str] = frozenset()
    compound: frozenset[str] = frozenset()
    needs_complement: bool = False
    needs_clause: bool = False
    needs_actor_object: bool = False
    statement: bool = False
    passive_sector: str | None = None
    passive_country_of: str | None = None
    confidence: float = 0.7
    construction: str | None = None
    needs_partners: bool = False
    needs_dyad: bool = False
    reverse_type: str | None = None
    reverse_cameo: str | None = None
    fallback: bool = False
    particle: frozenset[str] = frozenset()
    needs_light_verb: bool = False
    needs_recipient: bool = False
    needs_actor_head: bool = False
    needs_object: bool = False
    no_object: bool = False
    actor_sectors: frozenset[str] = frozenset()
    weapon_subject: bool = False
    source: str = ""

    @property
    def recipient_preps(self) -> frozenset[str]:
        """The prepositions of the pattern's recipient rules ("prep:from" -> "from")."""
        return frozenset(r.split(":", 1)[1] for r in self.recipient if r.startswith("prep:"))

    @property
    def specificity(self) -> int:
        """How many kinds of extra condition the pattern sets; more specific patterns are tried first.
        A word list is one condition however long (a longer list widens what the pattern takes, it does not narrow
        it); like a particle, it weighs two. Two coordinated doers weigh three: a joint act is cooperation before
        anything a word list or a compound makes of it ("the US and Japan staged war games")."""
        if self.fallback:
            return -1
        return 2 * bool(self.with_word) + bool(self.compound) + bool(self.without_word) + self.needs_complement \
            + self.needs_clause + 3 * self.needs_partners + 2 * bool(self.particle) + self.needs_actor_head \
            + self.needs_object + self.no_object + 2 * bool(self.actor_sectors) + self.weapon_subject


def words(value: Any, where: str, name: str) -> tuple[str, ...]:
    """A word or a list of words, lower case; ``where`` and ``name`` say where for errors."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value.lower(),)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(v.lower() for v in value)
    raise DataFileError(f"{where}: {name} must be a word or a list of words, not {value!r}")


def _roles(value: Any, where: str, name: str) -> tuple[str, ...]:
    roles = words(value, where, name)
    for role in roles:
        if role not in ROLES and not (role.startswith("prep:") and len(role) > 5):
            raise DataFileError(f"{where}: unknown {name} role {role!r}; valid: {', '.join(ROLES)}, prep:<word>")
    return roles


def parse_pattern(entry: Any, where: str) -> Pattern:
    """Validate one pattern entry; ``where`` names the file and entry for errors.

    Raises:
        DataFileError: an unknown field, type, mode, part of speech, role or CAMEO code.
    """
    pid, where = _entry_id(entry, where)
    etype, mode = _type_and_mode(entry, where)
    construction, pos, lemmas = _trigger(entry, where)
    cameo = _cameo(entry, etype, mode, where)
    passive = _passive(entry, where)
    reverse_type, reverse_cameo = _reverse(entry, where)
    confidence = entry.get("confidence", 0.7)
    if not isinstance(confidence, (int, float)) or not 0 <= confidence <= 1:
        raise DataFileError(f"{where}: confidence must be a number from 0 to 1, not {confidence!r}")
    return Pattern(
        id=pid,
        lemmas=lemmas,
        pos=pos,
        type=etype,
        mode=mode,
        cameo=cameo,
        actor=_roles(entry.get("actor", ["subject"]), where, "actor"),
        recipient=_roles(entry.get("recipient", []), where, "recipient"),
        with_word=frozenset(words(entry.get("with_word"), where, "with_word")),
        without_word=frozenset(words(entry.get("without_word"), where, "without_word")),
        compound=frozenset(words(entry.get("compound"), where, "compound")),
        needs_complement=bool(entry.get("needs_complement")),
        needs_clause=bool(entry.get("needs_clause")),
        needs_actor_object=bool(entry.get("needs_actor_object")),
        statement=bool(entry.get("statement")),
        passive_sector=passive.get("sector"),
        passive_country_of=passive.get("country_of"),
        confidence=float(confidence),
        construction=construction,
        needs_partners=bool(entry.get("needs_partners")),
        needs_dyad=bool(entry.get("needs_dyad")),
        reverse_type=reverse_type,
        reverse_cameo=reverse_cameo,
        fallback=bool(entry.get("fallback")),
        particle=frozenset(words(entry.get("particle"), where, "particle")),
        needs_light_verb=bool(entry.get("needs_light_verb")),
        needs_recipient=bool(entry.get("needs_recipient")),
        needs_actor_head=bool(entry.get("needs_actor_head")),
        needs_object=bool(entry.get("needs_object")),
        no_object=bool(entry.get("no_object")),
        actor_sectors=_sectors(entry.get("actor_sectors"), where),
        weapon_subject=bool(entry.get("weapon_subject")),
        source=where,
    )


def _sectors(value: Any, where: str) -> frozenset[str]:
    """Actor sectors a pattern is limited to; STATE stands for a country named as a whole."""
    sectors = frozenset(w.upper() for w in words(value, where, "actor_sectors"))
    unknown = sectors - PLOVER_SECTORS - {STATE}
    if unknown:
        raise DataFileError(f"{where}: unknown actor_sectors {sorted(unknown)}; valid: {', '.join(sorted(PLOVER_SECTORS))}, {STATE}")
    return sectors


def _entry_id(entry: Any, where: str) -> tuple[str, str]:
    """The entry's id, and ``where`` extended with it; the entry must be a mapping of known fields."""
    if not isinstance(entry, dict):
        raise DataFileError(f"{where}: a pattern must be a mapping, not {entry!r}")
    pid = entry.get("id")
    if not isinstance(pid, str) or not pid:
        raise DataFileError(f"{where}: every pattern needs an id")
    where = f"{where} (id {pid!r})"
    unknown = set(entry) - FIELDS
    if unknown:
        raise DataFileError(f"{where}: unknown field(s) {sorted(unknown)}; valid: {', '.join(sorted(FIELDS))}")
    return pid, where


def _type_and_mode(entry: dict, where: str) -> tuple[str, str | None]:
    types = plover_types()
    etype = entry.get("type")
    if etype not in types:
        raise DataFileError(f"{where}: unknown type {etype!r}; valid: {', '.join(types)}")
    mode = entry.get("mode")
    if mode is not None and mode not in types[etype].modes:
        raise DataFileError(f"{where}: unknown mode {mode!r} for {etype}; valid: {', '.join(types[etype].modes)}")
    return etype, mode


def _trigger(entry: dict, where: str) -> tuple[str | None, str | None, tuple[str, ...]]:
    """The construction, part of speech and lemmas; a pattern that is no construction needs the latter two."""
    construction = entry.get("construction")
    if construction is not None and construction not in CONSTRUCTIONS:
        raise DataFileError(f"{where}: unknown construction {construction!r}; valid: {', '.join(CONSTRUCTIONS)}")
    pos = entry.get("pos")
    lemmas = words(entry.get("lemma"), where, "lemma")
    if construction is None:
        if pos not in POS:
            raise DataFileError(f"{where}: pos must be one of {', '.join(POS)}, not {pos!r}")
        if not lemmas:
            raise DataFileError(f"{where}: a pattern needs at least one lemma")
    return construction, pos, lemmas


def _cameo(entry: dict, etype: str, mode: str | None, where: str) -> str | None:
    """The entry's CAMEO code, or the most general one of its type and mode."""
    cameo = entry.get("cameo")
    if cameo is None:
        return default_cameo(etype, mode)
    cameo = str(cameo)
    if cameo not in cameo_table():
        raise DataFileError(f"{where}: unknown CAMEO code {cameo!r}")
    return cameo


def _passive(entry: dict, where: str) -> dict:
    passive = entry.get("passive_actor") or {}
    if not isinstance(passive, dict) or set(passive) - PASSIVE_FIELDS:
        raise DataFileError(f"{where}: passive_actor takes {sorted(PASSIVE_FIELDS)}, not {passive!r}")
    if passive and passive.get("country_of") not in (None, "recipient"):
        raise DataFileError(f"{where}: passive_actor.country_of can only be 'recipient'")
    return passive


def _reverse(entry: dict, where: str) -> tuple[str | None, str | None]:
    """The PLOVER type and CAMEO code of the recipient's side of a paired code, or (None, None)."""
    reverse_cameo = entry.get("reverse_cameo")
    if reverse_cameo is None:
        return None, None
    reverse_cameo = str(reverse_cameo)
    rows = [r for r in crosswalk() if r[0] == reverse_cameo]
    if reverse_cameo not in cameo_table() or not rows:
        raise DataFileError(f"{where}: reverse_cameo {reverse_cameo!r} is no CAMEO code with a PLOVER type")
    return rows[0][1], reverse_cameo
