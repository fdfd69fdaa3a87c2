"""Recognising the same story republished: exact and near-duplicate article texts.

Each article gets a MinHash signature of its word 4-gram shingles. The
signature is cut into bands; articles sharing a band are candidates, and a
candidate whose estimated Jaccard similarity reaches 0.7 is a
near-duplicate. Band keys are stored in DuckDB, so duplicates are found
across runs as well as within one.

MinHash is written here rather than taken from a library: the maths is a
few lines of numpy (already installed with spaCy), and the band keys must
live in the store's own table, which in-memory LSH indexes don't offer.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

import numpy as np

N_PERM = 128
BANDS = 32
ROWS = N_PERM // BANDS
SHINGLE = 4
THRESHOLD = 0.7

_MERSENNE = np.uint64((1 << 61) - 1)
_MAX = np.uint64((1 << 32) - 1)
_rng = np.random.RandomState(1_234_567)
_A = _rng.randint(1, (1 << 31) - 1, size=N_PERM, dtype=np.int64).astype(np.uint64)
_B = _rng.randint(0, (1 << 31) - 1, size=N_PERM, dtype=np.int64).astype(np.uint64)
_WORD = re.compile(r"\w+", re.UNICODE)


def normalise(text: str) -> list[str]:
    """The words of a text, lower-cased, punctuation and spacing dropped."""
    return _WORD.findall(text.lower())


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """An article's exact-text hash, MinHash signature and band keys."""

    exact: int
    signature: np.ndarray
    bands: tuple[int, ...]

    def similarity(self, other: Fingerprint) -> float:
        """Estimated Jaccard similarity of the two texts' shingle sets."""
        if self.exact == other.exact:
            return 1.0
        return float(np.mean(self.signature == other.signature))


def fingerprint(text: str) -> Fingerprint:
    """The fingerprint of an article text."""
    words = normalise(text)
    exact = zlib.crc32(" ".join(words).encode("utf-8"))
    if len(words) < SHINGLE:
        grams = [" ".join(words)]
    else:
        grams = [" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)]
    hashes = np.fromiter((zlib.crc32(g.encode("utf-8")) for g in set(grams)), dtype=np.uint64)
    # (a*x + b) mod p for every permutation and shingle; x < 2^32 and a < 2^31 keep it inside uint64.
    permuted = (np.outer(hashes, _A) + _B) % _MERSENNE & _MAX
    signature = permuted.min(axis=0)
    bands = tuple(
        (band << 32) | zlib.crc32(signature[band * ROWS:(band + 1) * ROWS].tobytes())
        for band in range(BANDS)
    )
    return Fingerprint(exact, signature, bands)
