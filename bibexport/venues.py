"""Which kind of venue a name is: a journal or a proceedings (conference, workshop).

One place for the guess, shared by the readers that see venue names and by the writers and
sinks that must choose an entry or item type when no stage said.
"""

from __future__ import annotations

import re
from typing import Literal

from .model import Record

VenueKind = Literal["journal", "proceedings"]

PROCEEDINGS_TYPES = frozenset({"inproceedings", "conference", "incollection", "proceedings"})
_PROCEEDINGS_HINT = re.compile(
    r"\b(?:proceedings|proc\.|conferences?|conf\.|workshops?|symposium|meeting|congress"
    r"|information processing systems"
    r"|neurips|nips|icml|iclr|acl|emnlp|naacl|cvpr|iccv|eccv|aaai|ijcai|kdd|aistats|colm|facct)\b",
    re.IGNORECASE,
)


def guess_venue_kind(venue: str) -> VenueKind:
    """``proceedings`` for conference-like names ("Neural Information Processing Systems",
    "Proc. of ICML", "… Workshop"), else ``journal``."""
    return "proceedings" if _PROCEEDINGS_HINT.search(venue) else "journal"


def venue_kind(record: Record) -> VenueKind:
    """As a stage said; else as the user's entry type says; else guessed from the name."""
    if record.venue_kind:
        return record.venue_kind
    if record.entry_type == "article":
        return "journal"
    if record.entry_type in PROCEEDINGS_TYPES:
        return "proceedings"
    return guess_venue_kind(record.venue or "")
