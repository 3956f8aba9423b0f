"""Citation keys: one pure function shared by the BibTeX and CSL-JSON writers and the Zotero sink.

A key pattern is literal text with placeholders in braces. The default ``{auth}{year}{word}``
gives Google-Scholar-style keys (``bai2022constitutional``). Placeholders:

``{auth}`` / ``{Auth}``
    first author's family name, ASCII-folded, letters only (``lukosiute`` / ``Lukosiute``),
    without a von part or Jr (``van den Oord`` → ``oord``); ``anon`` without authors.
``{authors}``
    family names of the first three authors, then ``etal`` if there are more (or the list
    was truncated).
``{year}``
    year of the first version, ``nd`` when unknown.
``{word}`` / ``{Word}``
    first title word that is not a stop word (``constitutional``).
``{title}`` / ``{Title}``
    first three such words run together (``constitutionalaiharmlessness`` /
    ``ConstitutionalAiHarmlessness``).
``{arxiv}``
    the arXiv id, ``/`` turned into ``_`` (``2212.08073``, ``hep-th_9711200``).

Keys a record already has (from the user's .bib) are kept and reserve their name; generated
keys that collide get ``a``, ``b``, ``c`` … suffixes in an order that does not depend on the
input order.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from itertools import count, product
from string import ascii_lowercase

from .errors import ExportError
from .model import Person, Record
from .text import ascii_fold, normalize_name, normalize_title

DEFAULT_PATTERN = "{auth}{year}{word}"

_STOP_WORDS_TEXT = """a an the on of in for and to with from is are at by as or via into onto
toward towards about over under through between be its it"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
# Literal text allowed in a pattern: characters BibTeX, biber and Pandoc all accept in keys.
_LITERAL_OK = re.compile(r"^[A-Za-z0-9_\-:.+/]*$")


_JR = re.compile(r"(?:,\s*|\s+)(?:jr|sr|ii|iii|iv)\.?$", re.IGNORECASE)


def _family(person: Person) -> str:
    """The family name as Google Scholar keys it: no von part, no Jr (``van den Oord`` → oord)."""
    name = person.family.strip()
    if person.literal:
        return _letters(normalize_name(name))
    name = _JR.sub("", name)
    words = name.split()
    while len(words) > 1 and words[0][:1].islower():
        words.pop(0)
    return _letters(normalize_name(" ".join(words)))


def _auth(record: Record) -> str:
    return (_family(record.authors[0]) if record.authors else "") or "anon"


def _authors(record: Record) -> str:
    names = [_family(p) for p in record.authors[:3]]
    more = len(record.authors) > 3 or record.authors_truncated
    return "".join(names) + ("etal" if more and names else "") or "anon"


def _letters(s: str) -> str:
    return "".join(c for c in s if c.isalpha())


def _significant_words(record: Record) -> list[str]:
    words = normalize_title(record.title or "").split()
    return [w for w in words if w not in STOP_WORDS]


def _year(record: Record) -> str:
    return str(record.date.year) if record.date else "nd"


def _word(record: Record) -> str:
    words = _significant_words(record)
    return words[0] if words else ""


def _title(record: Record) -> str:
    return "".join(_significant_words(record)[:3])


def _title_camel(record: Record) -> str:
    return "".join(w.capitalize() for w in _significant_words(record)[:3])


def _arxiv(record: Record) -> str:
    return ascii_fold(record.arxiv_id or "").replace("/", "_")


PLACEHOLDERS: dict[str, Callable[[Record], str]] = {
    "auth": _auth,
    "Auth": lambda r: _auth(r).capitalize(),
    "authors": _authors,
    "year": _year,
    "word": _word,
    "Word": lambda r: _word(r).capitalize(),
    "title": _title,
    "Title": _title_camel,
    "arxiv": _arxiv,
}


def _compile(pattern: str) -> list[str | Callable[[Record], str]]:
    """The pattern as literal strings and placeholder functions; ExportError if invalid."""
    parts: list[str | Callable[[Record], str]] = []
    pos = 0
    for m in _PLACEHOLDER.finditer(pattern):
        parts.append(pattern[pos : m.start()])
        name = m.group(1)
        if name not in PLACEHOLDERS:
            known = ", ".join("{" + n + "}" for n in PLACEHOLDERS)
            raise ExportError(
                f"unknown placeholder {{{name}}} in key pattern {pattern!r} (known: {known})"
            )
        parts.append(PLACEHOLDERS[name])
        pos = m.end()
    parts.append(pattern[pos:])
    for lit in parts:
        if isinstance(lit, str) and not _LITERAL_OK.match(lit):
            raise ExportError(
                f"key pattern {pattern!r} contains characters not allowed in a citation key "
                "(allowed besides placeholders: letters, digits and _ - : . + /)"
            )
    if not any(callable(p) for p in parts):
        raise ExportError(f"key pattern {pattern!r} has no placeholder: every key would be equal")
    return parts


def base_key(record: Record, pattern: str = DEFAULT_PATTERN) -> str:
    """The key ``pattern`` gives for ``record``, before any a/b/c suffix."""
    parts = _compile(pattern)
    return "".join(p if isinstance(p, str) else p(record) for p in parts) or "ref"


def _suffixes() -> Iterator[str]:
    for n in count(1):
        for letters in product(ascii_lowercase, repeat=n):
            yield "".join(letters)


def _stable_order(record: Record) -> tuple[object, ...]:
    """Sort key for colliding records, so that suffixes do not follow the input order."""
    date = record.date.sort_key() if record.date else (9999, 0, 0)
    return (
        record.arxiv_id is None,
        record.arxiv_id or "",
        date,
        normalize_title(record.title or ""),
        record.doi or "",
        tuple(normalize_name(p.family) for p in record.authors),
        record.venue or "",
        record.url or "",
    )


def assign_keys(records: Sequence[Record], pattern: str = DEFAULT_PATTERN) -> list[str]:
    """One citation key per record, in the same order; unique (case-insensitively).

    ``record.key`` is kept as it is. A pure function of the records and the pattern.
    """
    parts = _compile(pattern)
    keys: list[str | None] = [r.key or None for r in records]
    used = {k.casefold() for k in keys if k}
    groups: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        if keys[i] is None:
            base = "".join(p if isinstance(p, str) else p(r) for p in parts) or "ref"
            groups[base].append(i)
    # Bases that are unique and free first, so that a suffixed key never takes one of them.
    for base, members in groups.items():
        if len(members) == 1 and base.casefold() not in used:
            keys[members[0]] = base
            used.add(base.casefold())
    for base in sorted(groups):
        members = groups[base]
        if keys[members[0]] is not None:
            continue
        members = sorted(members, key=lambda i: _stable_order(records[i]))
        suffixes = _suffixes()
        for i in members:
            key = base + next(suffixes)
            while key.casefold() in used:
                key = base + next(suffixes)
            keys[i] = key
            used.add(key.casefold())
    return [k for k in keys if k is not None]
