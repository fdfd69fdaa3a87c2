"""The codes an actor dictionary may use: countries, PLOVER non-state codes, sectors.

Country codes are ISO 3166 alpha-3 (from pycountry), one of PLOVER's
international non-state codes, or the code PLOVER gives a country ISO does
not list (Kosovo's KOS, in ``data/actors/territories.yaml``); sectors are PLOVER's sector codes. CAMEO
codes read from TABARI/PETRARCH dictionaries are split into a country and
a PLOVER sector through ``data/actors/cameo_sectors.yaml``.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path

import pycountry

from eventwire.errors import DataFileError
from eventwire.knowledge.datafile import node_child, node_line, read_yaml
from eventwire.records import NON_STATE, PLOVER_SECTORS
from eventwire.settings import DATA_DIR

log = logging.getLogger(__name__)

CAMEO_SECTORS_FILE = DATA_DIR / "actors" / "cameo_sectors.yaml"
TERRITORIES_FILE = DATA_DIR / "actors" / "territories.yaml"


@functools.cache
def unlisted_countries(path: Path = TERRITORIES_FILE) -> dict[str, str]:
    """Countries ISO 3166 has no code for: PLOVER's code -> the gazetteers' alpha-2 code (KOS -> XK).

    Raises:
        DataFileError: naming file and line, for an entry that is not ``{name, alpha2}``.
    """
    data, nodes = read_yaml(path, "territory table")
    listed = (data or {}).get("unlisted_countries") or {}
    out = {}
    for code, spec in listed.items():
        if not isinstance(spec, dict) or set(spec) != {"name", "alpha2"}:
            line = node_line(node_child(nodes, "unlisted_countries"), code)
            raise DataFileError(f"{path}:{line}: expected {{name, alpha2}} for {code}, got {spec!r}")
        out[str(code)] = str(spec["alpha2"])
    return out


@functools.cache
def non_iso_codes() -> frozenset[str]:
    """The country codes outside ISO 3166 a dictionary may use: PLOVER's non-state codes and the unlisted countries."""
    return NON_STATE | frozenset(unlisted_countries())


@functools.cache
def iso_countries() -> frozenset[str]:
    """Every ISO 3166-1 alpha-3 code pycountry knows, with former ones (SUN, YUG) for dated entries."""
    current = {c.alpha_3 for c in pycountry.countries}
    former = {c.alpha_3 for c in pycountry.historic_countries if getattr(c, "alpha_3", None)}
    return frozenset(current | former)


def is_country_code(code: str) -> bool:
    """True if ``code`` is an ISO alpha-3 country or a PLOVER code outside ISO (non-state, unlisted country)."""
    return code in non_iso_codes() or code in iso_countries()


def is_sector_code(code: str) -> bool:
    """True if ``code`` is one of PLOVER's sector codes."""
    return code in PLOVER_SECTORS


@dataclass(frozen=True, slots=True)
class CameoSectors:
    """CAMEO three-letter segments that name a PLOVER sector.

    ``roles`` are CAMEO role (agent) codes; ``religions`` are CAMEO religion
    codes, all read as PLOVER's REL, used only where no role code is present.
    """

    roles: dict[str, str | None]
    religions: frozenset[str]

    def sector(self, segments: list[str]) -> str | None:
        """The PLOVER sector the CAMEO segments name, or None."""
        for seg in segments:
            if self.roles.get(seg):
                return self.roles[seg]
        for seg in segments:
            if seg in self.religions:
                return "REL"
        return None


@functools.cache
def cameo_sectors(path: Path = CAMEO_SECTORS_FILE) -> CameoSectors:
    """Read the CAMEO-to-PLOVER sector table (cached)."""
    data, _ = read_yaml(path, "CAMEO sector table")
    if not isinstance(data, dict) or set(data) != {"roles", "religions"}:
        raise DataFileError(f"{path}:1: expected the keys 'roles' and 'religions'")
    roles = data["roles"] or {}
    for cameo, plover in roles.items():
        if plover is not None and plover not in PLOVER_SECTORS:
            raise DataFileError(
                f"{path}: CAMEO code {cameo!r} maps to {plover!r}, not a PLOVER sector; "
                f"valid: {', '.join(sorted(PLOVER_SECTORS))}"
            )
    return CameoSectors(roles={str(k): v for k, v in roles.items()},
                        religions=frozenset(str(r) for r in data["religions"] or ()))


def split_cameo(code: str, *, agent: bool = False) -> tuple[str | None, str | None]:
    """Split a CAMEO actor or agent code into (country, PLOVER sector).

    Actor codes lead with a three-letter country ("USAGOV" -> USA, GOV);
    agent codes are sector-only ("GOVFRM" -> None, GOV) unless they lead
    with a PLOVER non-state code ("NGO" -> NGO, None). Codes that are not
    plain letters ("---", "ELR/GAL") give (None, None).
    """
    if not code.isalpha() or len(code) < 3:
        return None, None
    segments = [code[i:i + 3] for i in range(0, len(code), 3)]
    if agent:
        if segments[0] in non_iso_codes():
            return segments[0], cameo_sectors().sector(segments[1:])
        return None, cameo_sectors().sector(segments)
    return segments[0], cameo_sectors().sector(segments[1:])
