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
_PLACE = ("extracted_place", "resolved_place", "country_code", "admin1", "lat", "lon", "geonameid", "resolution",
          "parent")


# Arrow types by the names the column lists below give them; a column given none is a string.
_TYPES = {
    "": pa.string(), "date": pa.date32(), "int8": pa.int8(), "int32": pa.int32(), "int64": pa.int64(),
    "float64": pa.float64(), "timestamp": pa.timestamp("s"), "bool": pa.bool_(), "binary": pa.binary(),
    "list": pa.list_(pa.string()),
}


def _schema(*columns: str) -> pa.Schema:
    """A table's schema from comma-separated ``name[:type][!]`` columns, in order: a string unless typed, ``!`` NOT NULL."""
    fields = []
    for column in (c.strip() for c in ",".join(columns).split(",")):
        name, _, type_name = column.rstrip("!").partition(":")
        fields.append(pa.field(name, _TYPES[type_name], nullable=not column.endswith("!")))
    return pa.schema(fields)


def _entity(prefix: str) -> str:
    return ", ".join(f"{prefix}_{name}" for name in _ENTITY)


ARTICLES = _schema("id!, published:date, title, url, source, lang, origin, content_hash, text, n_sentences:int32, "
                   "n_events:int32, coded_at:timestamp")
SENTENCES = _schema("article_id!, sequence:int32, start_char:int32, end_char:int32, text")
ACTORS = _schema("article_id!, start_char:int32, end_char:int32, text, kind, code, country, sector, name, title")
EVENTS = _schema(
    "id!, article_id!, date:date, date_precision, date_text, date_method, event, mode, context:list",
    _entity("actor"), _entity("recipient"),
    "place_extracted_place, place_resolved_place, place_country_code, place_admin1, place_lat:float64, "
    "place_lon:float64, place_geonameid:int64, place_resolution:int8, place_parent",
    "status, speaker, cue", _entity("reported_by"),
    "cameo, goldstein:float64, quad_code:int8, event_text, text, sentence:int32, sentence_start:int32, "
    "sentence_end:int32, trigger_start:int32, trigger_end:int32, actor_start:int32, actor_end:int32, "
    "recipient_start:int32, recipient_end:int32, date_start:int32, date_end:int32, place_start:int32, "
    "place_end:int32, confidence:float64",
)
DUPLICATES = _schema("id!, duplicate_of!, similarity:float64, published:date, source, url, origin, content_hash")
FINGERPRINTS = _schema("article_id!, exact:int64, signature:binary")
BANDS = _schema("article_id!, band_key:int64")

# Tables keyed by article: coding an article again replaces its rows in each.
TABLES: dict[str, pa.Schema] = {
    "articles": ARTICLES,
    "sentences": SENTENCES,
    "actors": ACTORS,
    "events": EVENTS,
    "fingerprints": FINGERPRINTS,
    "bands": BANDS,
}
# Derived tables and their columns, kept by eventwire.store.dedup and eventwire.store.clusters.
CLUSTERS = _schema(
    "cluster_id!, cluster_key, event, mode, actor_code, actor_country, recipient_code, recipient_country, "
    "place_country_code, date:date, date_precision, negated:bool, first_event_id, num_mentions:int32, "
    "num_sources:int32, num_articles:int32",
)
CLUSTER_MENTIONS = _schema("cluster_id!, event_id!, article_id!, via_duplicate")
# Each event's clustering key and the period its date may mean, so a batch re-clusters only what it touches.
EVENT_KEYS = _schema("event_id!, article_id!, cluster_key, date:date, date_precision, period_end:date")
DERIVED: dict[str, pa.Schema] = {
    "duplicates": DUPLICATES,
    "event_clusters": CLUSTERS,
    "event_mentions": CLUSTER_MENTIONS,
    "event_keys": EVENT_KEYS,
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


_JSON_TYPES = {pa.string(): "string", pa.float64(): "number", pa.int64(): "integer", pa.int8(): "integer"}
_PLACE_DOCS = {
    "extracted_place": "The place name as the text gives it.",
    "resolution": "1 country, 2 first-level division, 3 second-level division, 4 city, 5 below a city; "
                  "a place lent by the article's dateline is one level coarser than the place itself.",
    "parent": "The place it lies in, one level up: a neighbourhood's city, a town's province, a province's country.",
}


def event_loc_schema() -> dict[str, Any]:
    """The JSON Schema of a PLOVER record's ``event_loc`` (null when the event has no place)."""
    fields = {f.name.removeprefix("place_"): f for f in EVENTS if f.name.removeprefix("place_") in _PLACE}
    props: dict[str, Any] = {}
    for name in _PLACE:
        kind = _JSON_TYPES[fields[name].type]
        props[name] = {"type": kind if name == "extracted_place" else [kind, "null"]}
        if name in _PLACE_DOCS:
            props[name]["description"] = _PLACE_DOCS[name]
    place = {"type": "object", "description": "Where the event happened.", "properties": props,
             "required": list(_PLACE)}
    return {"anyOf": [place, {"type": "null"}]}


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
