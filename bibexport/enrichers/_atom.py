"""Reading arXiv API answers (Atom 1.0), in both the 2025-2026 format and the older one.

Hand-written on the standard library's ElementTree rather than taken from a library because:
arxiv.py's parser is a private module (``arxiv._feed``, absent before arxiv 4, which
pyproject allows) that logs a warning to stderr for every old-format placeholder entry;
feedparser is not a dependency and flattens the ``arxiv:`` extension elements. A namespace-aware
lookup reads both formats alike, wherever they declare their namespaces.

The error feed (HTTP 400, one entry titled "Error", totalResults 1) becomes ``Feed.error``,
never an entry: a parser that trusts it sees one paper called "Error".
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass
from typing import Any

from ..errors import EnrichError
from ..ids import normalize_doi, parse_arxiv_id
from ..text import collapse_ws

_NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "arxiv": "http://arxiv.org/schemas/atom",
    "opensearch": "http://a9.com/-/spec/opensearch/1.1/",
}
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_ARXIV_DOI_PREFIX = "10.48550/"


class AtomError(EnrichError):
    """An answer that is not a readable arXiv Atom feed."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One paper as arXiv describes it (plain values, so it can be cached as JSON)."""

    id: str
    """Version-less id, as arXiv spells it (``2212.08073``, ``math/0309136``)."""
    version: int | None
    """The latest version (the one arXiv answered with)."""
    title: str
    authors: tuple[str, ...]
    """Names as arXiv prints them (``Given Family``), in order."""
    summary: str
    published: str
    """``YYYY-MM-DD`` of the first version."""
    updated: str
    """``YYYY-MM-DD`` of the latest version."""
    categories: tuple[str, ...]
    """Primary category first."""
    comment: str | None = None
    journal_ref: str | None = None
    doi: str | None = None
    """The published DOI (lower-cased), never arXiv's own 10.48550 one."""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Entry:
        data = dict(data)
        data["authors"] = tuple(data["authors"])
        data["categories"] = tuple(data["categories"])
        return cls(**data)


@dataclass(frozen=True, slots=True)
class Feed:
    """One answer: its entries, how many results arXiv says exist, or arXiv's error message."""

    entries: tuple[Entry, ...]
    total: int | None
    error: str | None = None


def parse_feed(content: bytes) -> Feed:
    """An arXiv answer → :class:`Feed`. Raises :class:`AtomError` when it is not Atom at all."""
    try:
        root = ET.fromstring(content)
    except ET.ParseError as exc:
        raise AtomError(f"unreadable answer from arXiv ({exc})") from None
    if root.tag != f"{{{_NS['atom']}}}feed":
        raise AtomError(f"answer from arXiv is not an Atom feed (root element {root.tag!r})")
    total_text = _text(root, "opensearch:totalResults")
    total = int(total_text) if total_text and total_text.strip().isdigit() else None
    entries: list[Entry] = []
    for el in root.iterfind("atom:entry", _NS):
        if message := _error_message(el):
            return Feed((), total, message)
        entry = _entry(el)
        if entry is not None:
            entries.append(entry)
    return Feed(tuple(entries), total)


def _error_message(el: ET.Element) -> str | None:
    ident = _text(el, "atom:id") or ""
    title = (_text(el, "atom:title") or "").strip()
    if title == "Error" and "/api/errors" in ident:
        return collapse_ws(_text(el, "atom:summary") or "") or "arXiv API error"
    return None


def _entry(el: ET.Element) -> Entry | None:
    # The old format answered unknown ids with placeholder entries that have no <id>.
    ident = parse_arxiv_id(_text(el, "atom:id") or "")
    published = _date(_text(el, "atom:published"))
    if ident is None or published is None:
        return None
    primary = el.find("arxiv:primary_category", _NS)
    categories = [primary.get("term", "")] if primary is not None else []
    for c in el.iterfind("atom:category", _NS):
        term = c.get("term", "")
        if term and term not in categories:
            categories.append(term)
    return Entry(
        id=ident.id,
        version=ident.version,
        title=collapse_ws(_text(el, "atom:title") or ""),
        authors=tuple(
            collapse_ws(n)
            for a in el.iterfind("atom:author", _NS)
            if (n := _text(a, "atom:name")) and n.strip()
        ),
        summary=collapse_ws(_text(el, "atom:summary") or ""),
        published=published,
        updated=_date(_text(el, "atom:updated")) or published,
        categories=tuple(c for c in categories if c),
        comment=_optional(_text(el, "arxiv:comment")),
        journal_ref=_optional(_text(el, "arxiv:journal_ref")),
        doi=_published_doi(_text(el, "arxiv:doi")),
    )


def _published_doi(text: str | None) -> str | None:
    # The field may hold several DOIs separated by spaces; the first published one wins.
    for token in (text or "").split():
        doi = normalize_doi(token)
        if doi and not doi.startswith(_ARXIV_DOI_PREFIX):
            return doi
    return None


def _text(el: ET.Element, path: str) -> str | None:
    found = el.find(path, _NS)
    return found.text if found is not None else None


def _optional(text: str | None) -> str | None:
    return collapse_ws(text) if text and text.strip() else None


def _date(text: str | None) -> str | None:
    m = _DATE.match((text or "").strip())
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None
