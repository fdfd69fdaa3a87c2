"""eventwire: political event data from dated news text.

Who did what to whom, when, where, and who says so, coded to PLOVER.
"""

from eventwire.errors import EventwireError
from eventwire.records import (
    Actor,
    Article,
    Attribution,
    DateRef,
    Event,
    Mention,
    Place,
    Problem,
    Result,
    Sentence,
    event_json,
)
from eventwire.settings import Settings

__version__ = "0.1.0"

__all__ = [
    "Actor", "Article", "Attribution", "DateRef", "Event", "EventwireError",
    "Mention", "Place", "Problem", "Result", "Sentence", "Settings", "event_json",
]
