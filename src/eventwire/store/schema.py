"""The store's tables: their columns, and records to and from rows.

Events are stored flat (one column per field, ``actor_country`` rather than
a nested struct) so that filters and group-bys are plain SQL; the PLOVER
record is rebuilt from a row by :func:`plover_from_row`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyarrow as pa

from eventwire.records import Actor, Event, Mention, Result, Sentence, iso_text

_ENTITY = ("code", "country", "sector", "entity_text", "name", "title")
_PLACE = ("extracted_place", "resolved_place", "country_code", "admin1", "lat", "lon", "geonameid", "resolution")


def _entity_fields(prefix: str) -> list[pa.Field]:
    return [pa.field(f"{prefix}_{name}", pa.string()) for name in _ENTITY]


ARTICLES = pa.schema([
    pa.field("id", pa.string(), nullable=False),
    pa.field("published", pa.date32()),
    pa.field("title", pa.string()),
    pa.field("url", pa.string()),
    pa.field("source", pa.string()),
    pa.field("lang", pa.string()),
    pa.field("origin", pa.string()),
    pa.field("content_hash", pa.string()),
    pa.field("text", pa.string()),
    pa.field("n_sentences", pa.int32()),
    pa.field("n_events", pa.int32()),
    pa.field("coded_at", pa.timestamp("s")),
])

SENTENCES = pa.schema([
    pa.field("article_id", pa.string(), nullable=False),
    pa.field("sequence", pa.int32()),
    pa.field("start_char", pa.int32()),
    pa.field("end_char", pa.int32()),
    pa.field("text", pa.string()),
])

ACTORS = pa.schema([
    pa.field("article_id", pa.string(), nullable=False),
    pa.field("start_char", pa.int32()),
    pa.field("end_char", pa.int32()),
    pa.field("text", pa.string()),
    pa.field("kind", pa.string()),
    *[pa.field(name, pa.string()) for name in _ENTITY if name != "entity_text"],
])

EVENTS = pa.schema([
    pa.field("id", pa.string(), nullable=False),
    pa.field("article_id", pa.string(), nullable=False),
    pa.field("date", pa.date32()),
    pa.field("date_precision", pa.string()),
    pa.field("date_text", pa.string()),
    pa.field("date_method", pa.string()),
    pa.field("event", pa.string()),
    pa.field("mode", pa.string()),
    pa.field("context", pa.list_(pa.string())),
    *_entity_fields("actor"),
    *_entity_fields("recipient"),
    pa.field("place_extracted_place", pa.string()),
    pa.field("place_resolved_place", pa.string()),
    pa.field("place_country_code", pa.string()),
    pa.field("place_admin1", pa.string()),
    pa.field("place_lat", pa.float64()),
    pa.field("place_lon", pa.float64()),
    pa.field("place_geonameid", pa.int64()),
    pa.field("place_resolution", pa.int8()),
    pa.field("status", pa.string()),
    pa.field("speaker", pa.string()),
    pa.field("cue", pa.string()),
    *_entity_fields("reported_by"),
    pa.field("cameo", pa.string()),
    pa.field("goldstein", pa.float64()),
    pa.field("quad_code", pa.int8()),
    pa.field("event_text", pa.string()),
    pa.field("text", pa.string()),
    pa.field("sentence", pa.int32()),
    pa.field("sentence_start", pa.int32()),
    pa.field("sentence_end", pa.int32()),
    pa.field("trigger_start", pa.int32()),
    pa.field("trigger_end", pa.int32()),
    pa.field("actor_start", pa.int32()),
    pa.field("actor_end", pa.int32()),
    pa.field("recipient_start", pa.int32()),
    pa.field("recipient_end", pa.int32()),
    pa.field("date_start", pa.int32()),
    pa.field("date_end", pa.int32()),
    pa.field("place_start", pa.int32()),
    pa.field("place_end", pa.int32()),
    pa.field("confidence", pa.float64()),
])

DUPLICATES = pa.schema([
    pa.field("id", pa.string(), nullable=False),
    pa.field("duplicate_of", pa.string(), nullable=False),
    pa.field("similarity", pa.float64()),
    pa.field("published", pa.date32()),
    pa.field("source", pa.string()),
    pa.field("url", pa.string()),
    pa.field("origin", pa.string()),
    pa.field("content_hash", pa.string()),
])

FINGERPRINTS = pa.schema([
    pa.field("article_id", pa.string(), nullable=False),
    pa.field("exact", pa.int64()),
    pa.field("signature", pa.binary()),
])

BANDS = pa.schema([
    pa.field("article_id", pa.string(), nullable=False),
    pa.field("band_key", pa.int64()),
])

# Tables keyed by article: coding an article again replaces its rows in each.
TABLES: dict[str, pa.Schema] = {
    "articles": ARTICLES,
    "sentences": SENTENCES,
    "actors": ACTORS,
    "events": EVENTS,
    "fingerprints": FINGERPRINTS,
    "bands": BANDS,
}
# Derived tables and their columns, rebuilt by eventwire.store.dedup.
CLUSTERS = pa.schema([
    pa.field("cluster_id", pa.string(), nullable=False),
    pa.field("cluster_key", pa.string()),
    pa.field("event", pa.string()),
    pa.field("mode", pa.string()),
    pa.field("actor_code", pa.string()),
    pa.field("actor_country", pa.string()),
    pa.field("recipient_code", pa.string()),
    pa.field("recipient_country", pa.string()),
    pa.field("place_country_code", pa.string()),
    pa.field("date", pa.date32()),
    pa.field("date_precision", pa.string()),
    pa.field("negated", pa.bool_()),
    pa.field("first_event_id", pa.string()),
    pa.field("num_mentions", pa.int32()),
    pa.field("num_sources", pa.int32()),
    pa.field("num_articles", pa.int32()),
])
CLUSTER_MENTIONS = pa.schema([
    pa.field("cluster_id", pa.string(), nullable=False),
    pa.field("event_id", pa.string(), nullable=False),
    pa.field("article_id", pa.string(), nullable=False),
    pa.field("via_duplicate", pa.string()),
])
DERIVED: dict[str, pa.Schema] = {
    "duplicates": DUPLICATES,
    "event_clusters": CLUSTERS,
    "event_mentions": CLUSTER_MENTIONS,
}


def _entity_row(prefix: str, actor: Actor | None) -> dict[str, Any]:
    return {f"{prefix}_{name}": (getattr(actor, name) if actor else None) for name in _ENTITY}


def event_row(event: Event) -> dict[str, Any]:
    """The events-table row of an event."""
    date, place, att = event.date, event.place, event.attribution
    row: dict[str, Any] = {
        "id": event.id,
        "article_id": event.article_id,
        "date": date.value if date else None,
        "date_precision": date.precision if date else None,
        "date_text": date.text if date else None,
        "date_method": date.method if date else None,
        "event": event.event,
        "mode": event.mode,
        "context": list(event.context),
        **_entity_row("actor", event.actor),
        **_entity_row("recipient", event.recipient),
        **{f"place_{name}": (getattr(place, name) if place else None) for name in _PLACE},
        "status": att.status,
        "speaker": att.speaker,
        "cue": att.cue,
        **_entity_row("reported_by", att.reported_by),
        "cameo": event.cameo,
        "goldstein": event.goldstein,
        "quad_code": event.quad_code,
        "event_text": event.event_text,
        "text": event.text,
        "sentence": event.sentence,
        "sentence_start": event.sentence_start,
        "sentence_end": event.sentence_end,
        "trigger_start": event.trigger_start,
        "trigger_end": event.trigger_end,
        "actor_start": event.actor_span[0] if event.actor_span else None,
        "actor_end": event.actor_span[1] if event.actor_span else None,
        "recipient_start": event.recipient_span[0] if event.recipient_span else None,
        "recipient_end": event.recipient_span[1] if event.recipient_span else None,
        "date_start": date.start_char if date else None,
        "date_end": date.end_char if date else None,
        "place_start": place.start_char if place else None,
        "place_end": place.end_char if place else None,
        "confidence": event.confidence,
    }
    return row


def mention_row(article_id: str, mention: Mention) -> dict[str, Any]:
    """The actors-table row of a mention."""
    a = mention.actor
    return {
        "article_id": article_id,
        "start_char": mention.start_char,
        "end_char": mention.end_char,
        "text": mention.text,
        "kind": mention.kind,
        "code": a.code,
        "country": a.country,
        "sector": a.sector,
        "name": a.name,
        "title": a.title,
    }


def sentence_row(sentence: Sentence) -> dict[str, Any]:
    """The sentences-table row of a sentence."""
    return {
        "article_id": sentence.article_id,
        "sequence": sentence.sequence,
        "start_char": sentence.start,
        "end_char": sentence.end,
        "text": sentence.text,
    }


def article_row(result: Result, coded_at: dt.datetime) -> dict[str, Any]:
    """The articles-table row of a coded article."""
    a = result.article
    return {
        "id": a.id,
        "published": a.published,
        "title": a.title,
        "url": a.url,
        "source": a.source,
        "lang": a.lang,
        "origin": a.origin,
        "content_hash": a.content_hash,
        "text": a.text,
        "n_sentences": len(result.sentences),
        "n_events": len(result.events),
        "coded_at": coded_at,
    }


def tables_of(results: list[Result], fingerprints: dict[str, Any] | None = None,
              coded_at: dt.datetime | None = None) -> dict[str, pa.Table]:
    """Arrow tables for a batch of results, one per article-keyed store table.

    ``fingerprints`` maps article ids to :class:`eventwire.store.fingerprint.Fingerprint`.
    The last result of an id wins within a batch, as it does across batches.
    """
    coded_at = coded_at or dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for result in {r.article.id: r for r in results}.values():
        rows["articles"].append(article_row(result, coded_at))
        rows["sentences"].extend(sentence_row(s) for s in result.sentences)
        rows["actors"].extend(mention_row(result.article.id, m) for m in result.mentions)
        rows["events"].extend(event_row(e) for e in result.events)
    for article_id, fp in (fingerprints or {}).items():
        rows["fingerprints"].append({"article_id": article_id, "exact": fp.exact, "signature": fp.signature.tobytes()})
        rows["bands"].extend({"article_id": article_id, "band_key": key} for key in fp.bands)
    return {name: pa.Table.from_pylist(rows[name], schema=TABLES[name]) for name in TABLES}


def _entity_json(row: dict[str, Any], prefix: str) -> dict[str, Any] | None:
    values = {name: row.get(f"{prefix}_{name}") for name in _ENTITY}
    if all(v is None for v in values.values()):
        return None
    return {
        "entity_text": values["entity_text"],
        "code": values["code"],
        "country": values["country"],
        "sector": values["sector"],
        "name": values["name"],
        "title": values["title"],
    }


def event_json(event: Event) -> dict[str, Any]:
    """The PLOVER JSON record of an event (the export contract of DESIGN.md).

    Built through the store's row, so a coded event and the same event read
    back from the store give one and the same record.
    """
    return plover_from_row(event_row(event))


def plover_from_row(row: dict[str, Any]) -> dict[str, Any]:
    """The PLOVER JSON record (as :func:`event_json` writes it) of an events-table row."""
    place = None
    if row.get("place_extracted_place") is not None:
        place = {name: row.get(f"place_{name}") for name in _PLACE}
    return {
        "id": row["id"],
        "article_id": row["article_id"],
        "date": iso_text(row.get("date")),
        "date_precision": row.get("date_precision"),
        "date_text": row.get("date_text"),
        "event": row["event"],
        "mode": row.get("mode"),
        "context": list(row.get("context") or []),
        "actor": _entity_json(row, "actor"),
        "recipient": _entity_json(row, "recipient"),
        "event_loc": place,
        "attribution": {
            "status": row.get("status"),
            "speaker": row.get("speaker"),
            "cue": row.get("cue"),
            "reported_by": _entity_json(row, "reported_by"),
        },
        "cameo": row.get("cameo"),
        "goldstein": row.get("goldstein"),
        "quad_code": row.get("quad_code"),
        "event_text": row.get("event_text"),
        "text": row.get("text"),
        "text_info": {
            "sequence": row.get("sentence"),
            "start": row.get("sentence_start"),
            "end": row.get("sentence_end"),
        },
        "confidence": row.get("confidence"),
    }
