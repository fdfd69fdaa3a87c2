"""What the learned model reads of a sentence besides its words: the patterns' triggers and types."""

from __future__ import annotations

from collections.abc import Iterable

from eventwire.records import Event


def trigger_text(events: Iterable[Event]) -> str:
    """The pattern events' trigger words and types as one text ("condemned accuse ; talks consult"),
    in the order of their triggers, each pair once; empty when the patterns found nothing."""
    seen: dict[str, None] = {}
    for e in sorted(events, key=lambda e: (e.trigger_start, e.event)):
        seen.setdefault(f"{e.event_text} {e.event.lower()}", None)
    return " ; ".join(seen)
