"""Personal names as listings write them (``Given [von] Family``) → :class:`Person`.

Shared by the readers and the arXiv enricher so both split names the same way.
"""

from __future__ import annotations

from .model import Person
from .text import collapse_ws

PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "di", "da", "das", "dos", "du", "le"}
    | {"la", "ter", "ten", "bin", "ibn", "al", "el", "y", "zu"}
)
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
_ORG_WORDS = frozenset(
    {"team", "collaboration", "consortium", "group", "lab", "labs", "laboratory", "inc"}
    | {"inc.", "ltd", "corporation", "university", "institute", "project", "committee"}
)


def person_from_display(name: str) -> Person | None:
    """``Given [von] Family`` → Person; one word or an organisation → a literal Person."""
    words = collapse_ws(name).split(" ")
    words = [w for w in words if w]
    if not words:
        return None
    if len(words) == 1 or any(w.lower() in _ORG_WORDS for w in words):
        return Person(family=" ".join(words), literal=True)
    suffix = ""
    if len(words) > 2 and words[-1].lower() in _SUFFIXES:
        suffix = words.pop()
    # The family name is the last word plus the particles before it ("van", "De", "El"),
    # but the first word is always a given name.
    i = len(words) - 1
    while i > 1 and words[i - 1].lower() in PARTICLES:
        i -= 1
    family = " ".join(words[i:] + ([suffix] if suffix else []))
    return Person(family=family, given=" ".join(words[:i]))
