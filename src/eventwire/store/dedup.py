"""One event from many reports.

Two steps:

1. At ingest, :class:`Deduplicator` drops articles already stored with the
   same id and content (incremental runs) and recognises copies of a story
   (the same wire text republished, exact or near: estimated Jaccard
   similarity of word 4-grams >= 0.7). Copies are recorded as duplicates of
   the first article seen and are not coded again.
2. As each batch is stored, :mod:`eventwire.store.clusters` groups event
   mentions that report the same real-world event into clusters with GDELT's
   counts, copies included.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from eventwire.errors import InputError
from eventwire.records import Article, Problem
from eventwire.batches import batched
from eventwire.store.fingerprint import THRESHOLD, Fingerprint, fingerprint

log = logging.getLogger(__name__)


@dataclass
class Counts:
    """What the deduplicator did with the articles it saw.

    ``replaced`` counts earlier copies of an id that a later record of the same run replaced.
    """

    unchanged: int = 0
    duplicates: int = 0
    to_code: int = 0
    replaced: int = 0


@dataclass(slots=True)
class _Seen:
    """The latest copy of an id read in this run: where it was read, its content hash, what became of it."""

    origin: str | None
    content_hash: str
    state: str = "read"  # then unchanged, duplicate or coded


@dataclass
class Deduplicator:
    """Filters a stream of articles down to those that need coding.

    ``store`` is an open :class:`eventwire.store.duckdb.Store`; ``force``
    recodes articles even when stored unchanged. An id read twice in one run
    keeps its last copy: each earlier copy is reported to ``on_replaced``
    (a :class:`Problem` at the earlier record), or, when ``strict``, stops the
    run with :class:`InputError`.
    """

    store: Any
    force: bool = False
    batch_size: int = 256
    strict: bool = False
    on_replaced: Callable[[Problem], None] | None = None
    counts: Counts = field(default_factory=Counts)
    fingerprints: dict[str, Fingerprint] = field(default_factory=dict)
    _bands: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    _seen: dict[str, _Seen] = field(default_factory=dict)
    _pending: Counter[str] = field(default_factory=Counter)

    def filter(self, articles: Iterable[Article]) -> Iterator[Article]:
        """The articles that need coding; copies are written to the store as duplicates."""
        for batch in batched(articles, self.batch_size):
            yield from self._filter_batch(batch)

    def _filter_batch(self, batch: list[Article]) -> list[Article]:
        batch, recode = self._repeats(batch)
        if not self.force:
            # A later copy is compared with what the store held before the run only when the earlier
            # copy changed nothing; otherwise that copy is stored by now, or about to be.
            same = self.store.unchanged([(a.id, a.content_hash) for a in batch if a.id not in recode]) - recode
            for article_id in same:
                self._seen[article_id].state = "unchanged"
            self.counts.unchanged += len(same)
            batch = [a for a in batch if a.id not in same]
        prints = {a.id: fingerprint(a.text) for a in batch}
        stored = self.store.band_candidates([k for fp in prints.values() for k in fp.bands])
        keep: list[Article] = []
        copies: list[dict[str, Any]] = []
        for article in batch:
            fp = prints[article.id]
            original, similarity = self._best_match(article.id, fp, stored)
            if original is not None:
                copies.append({
                    "id": article.id, "duplicate_of": original, "similarity": similarity,
                    "published": article.published, "source": article.source, "url": article.url,
                    "origin": article.origin, "content_hash": article.content_hash,
                })
                self._seen[article.id].state = "duplicate"
                continue
            self._seen[article.id].state = "coded"
            self._unindex(article.id)
            self._pending[article.id] += 1
            self.fingerprints[article.id] = fp
            for key in fp.bands:
                self._bands[key].append(article.id)
            keep.append(article)
        self.store.write_duplicates(copies)
        self.counts.duplicates += len(copies)
        self.counts.to_code += len(keep)
        return keep

    def _repeats(self, batch: list[Article]) -> tuple[list[Article], set[str]]:
        """Keep each id's last copy; report, uncount and drop the copies it replaces.

        Returns the batch with one copy of each id, and the ids whose copy must be
        coded whatever the store held (the earlier copy was coded in this run, or
        its text changed).
        """
        last = {a.id: a for a in batch}
        keep: list[Article] = []
        recode: set[str] = set()
        for article in batch:
            latest = last[article.id]
            if article is not latest:
                self._report_replaced(_Seen(article.origin, article.content_hash), latest)
                continue
            earlier = self._seen.get(article.id)
            self._seen[article.id] = _Seen(article.origin, article.content_hash)
            if earlier is not None:
                self._report_replaced(earlier, article)
                if earlier.state == "unchanged":
                    self.counts.unchanged -= 1
                elif earlier.state == "duplicate":
                    self.counts.duplicates -= 1
                if earlier.content_hash != article.content_hash or earlier.state == "coded":
                    recode.add(article.id)
            keep.append(article)
        return keep, recode

    def _report_replaced(self, earlier: _Seen, article: Article) -> None:
        later = article.origin or "a later record"
        if self.strict:
            raise InputError(f"{later}: id {article.id!r} was already read at {earlier.origin or 'an earlier record'}; "
                             "--strict stops at a repeated id (batches stored before it stay stored)")
        same = " (the same text)" if earlier.content_hash == article.content_hash else ""
        path, _, line = (earlier.origin or "").rpartition(":")
        where = (path, int(line)) if line.isdigit() else (earlier.origin or "input", None)
        self.counts.replaced += 1
        if self.on_replaced is not None:
            self.on_replaced(Problem(*where, f"replaced by the later copy at {later}{same}", article.id))

    def _unindex(self, article_id: str) -> None:
        """Take an id out of the in-run index (before a later copy of it goes in)."""
        fp = self.fingerprints.pop(article_id, None)
        if fp is None:
            return
        for key in fp.bands:
            ids = self._bands.get(key)
            if ids and article_id in ids:
                ids.remove(article_id)
                if not ids:
                    del self._bands[key]

    def _best_match(self, article_id: str, fp: Fingerprint, stored: dict[str, bytes]) -> tuple[str | None, float]:
        best, best_sim = None, 0.0
        seen: set[str] = {article_id}
        for key in fp.bands:
            for other in self._bands.get(key, ()):
                if other not in seen:
                    seen.add(other)
                    sim = fp.similarity(self.fingerprints[other])
                    if sim > best_sim:
                        best, best_sim = other, sim
        for other, signature in stored.items():
            if other not in seen:
                seen.add(other)
                sim = float(np.mean(fp.signature == np.frombuffer(signature, dtype=np.uint64)))
                if sim > best_sim:
                    best, best_sim = other, sim
        return (best, best_sim) if best_sim >= THRESHOLD else (None, best_sim)

    def take_fingerprints(self, article_ids: Iterable[str]) -> dict[str, Fingerprint]:
        """Fingerprints of coded articles, to store with them; they leave the in-run index
        once stored, where :meth:`Store.band_candidates` finds them."""
        out = {}
        for article_id in article_ids:
            fp = self.fingerprints.get(article_id)
            if fp is not None:
                out[article_id] = fp
                self._pending[article_id] -= 1
                if self._pending[article_id] <= 0:  # a later copy still being coded keeps its print indexed
                    del self._pending[article_id]
                    self._unindex(article_id)
        return out
