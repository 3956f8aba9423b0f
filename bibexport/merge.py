"""Same-paper detection and field precedence.

Records are grouped when they share an arXiv id (any version), a DOI, a normalised title, or
— for records without a title, like an arXiv abstract dump — a near-identical abstract.
Two records with different arXiv ids or different DOIs are never grouped, however alike
their titles. A group becomes one record keeping the most complete value of each field and
every source.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Sequence

from rapidfuzz import fuzz

from .model import MergeNote, Origin, Record, Report
from .text import normalize_title

#: Abstracts of the same paper differ a little between sources and versions.
ABSTRACT_MIN_SCORE = 90.0
#: Titles must be near-identical after normalisation to merge without an id in common.
TITLE_MIN_SCORE = 97.0
_SHINGLE = 6
_NUM = re.compile(r"\d+")


class _Groups:
    """Union-find that refuses to join groups with conflicting identifiers."""

    def __init__(self, records: Sequence[Record]) -> None:
        self.parent = list(range(len(records)))
        self.ids: list[set[str]] = [{r.arxiv_id} if r.arxiv_id else set() for r in records]
        self.dois: list[set[str]] = [{r.doi} if r.doi else set() for r in records]
        self.reason: dict[int, set[str]] = defaultdict(set)

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int, reason: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if _conflict(self.ids[ra], self.ids[rb]) or _conflict(self.dois[ra], self.dois[rb]):
            return False
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.ids[ra] |= self.ids[rb]
        self.dois[ra] |= self.dois[rb]
        self.reason[ra] |= self.reason.pop(rb, set()) | {reason}
        return True


def _conflict(a: set[str], b: set[str]) -> bool:
    return bool(a and b and a != b)


def _norm_abstract(text: str) -> str:
    return normalize_title(text)


def _shingles(words: list[str]) -> set[int]:
    """A sample of word 6-grams (about one in four), enough to find candidate pairs."""
    out: set[int] = set()
    for i in range(len(words) - _SHINGLE + 1):
        h = zlib.crc32(" ".join(words[i : i + _SHINGLE]).encode())
        if h % 4 == 0:
            out.add(h)
    # Short texts may sample nothing: fall back to the whole text.
    return out or {zlib.crc32(" ".join(words).encode())}


def same_title(a: str, b: str) -> bool:
    """Normalised titles that are equal or near-identical with the same numbers."""
    if a == b:
        return True
    if _NUM.findall(a) != _NUM.findall(b):
        return False
    return fuzz.ratio(a, b) >= TITLE_MIN_SCORE


def merge(records: Sequence[Record], report: Report | None = None) -> list[Record]:
    """Group records of the same paper; one merged record per group, in first-seen order."""
    groups = _Groups(records)
    by_key: dict[tuple[str, str], int] = {}
    titles: dict[str, int] = {}
    for i, r in enumerate(records):
        keys = []
        if r.arxiv_id:
            keys.append(("arxiv", r.arxiv_id.lower()))
        if r.doi:
            keys.append(("doi", r.doi.lower()))
        for k in keys:
            if k in by_key:
                groups.union(by_key[k], i, "arXiv id" if k[0] == "arxiv" else "DOI")
            else:
                by_key[k] = i
        if r.title:
            t = normalize_title(r.title)
            if t in titles:
                groups.union(titles[t], i, "title")
            elif t:
                titles[t] = i
    _merge_near_titles(titles, groups)
    _merge_by_abstract(records, groups)

    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(records)):
        members[groups.find(i)].append(i)
    out: list[Record] = []
    for root in sorted(members):
        idx = members[root]
        if len(idx) == 1:
            out.append(records[idx[0]])
            continue
        merged = combine([records[i] for i in idx])
        out.append(merged)
        if report is not None:
            reasons = ", ".join(sorted(groups.reason.get(root, set()))) or "same paper"
            report.merges.append(MergeNote(merged.label(), merged.sources, reasons))
    if report is not None:
        report.papers = len(out)
    return out


def _merge_near_titles(titles: dict[str, int], groups: _Groups) -> None:
    """Near-identical titles (a typo, a dropped hyphen) — blocked on the first two words."""
    blocks: dict[str, list[str]] = defaultdict(list)
    for t in titles:
        blocks[" ".join(t.split()[:2])].append(t)
    for block in blocks.values():
        for i, a in enumerate(block):
            for b in block[i + 1 :]:
                if same_title(a, b):
                    groups.union(titles[a], titles[b], "title")


def _merge_by_abstract(records: Sequence[Record], groups: _Groups) -> None:
    """Attach title-less records to the paper whose abstract is near-identical to theirs."""
    needy = [i for i, r in enumerate(records) if not r.title and r.abstract]
    if not needy:
        return
    index: dict[int, list[int]] = defaultdict(list)
    norm: dict[int, str] = {}
    for i, r in enumerate(records):
        if r.abstract:
            norm[i] = _norm_abstract(r.abstract)
            for h in _shingles(norm[i].split()):
                index[h].append(i)
    for i in needy:
        seen: Counter[int] = Counter()
        for h in _shingles(norm[i].split()):
            for j in index[h]:
                if j != i:
                    seen[j] += 1
        for j, _ in seen.most_common(20):
            if fuzz.ratio(norm[i], norm[j]) >= ABSTRACT_MIN_SCORE:
                groups.union(j, i, "abstract")


# --- field precedence --------------------------------------------------------------------


def combine(group: Sequence[Record]) -> Record:
    """One record from several of the same paper, keeping the most complete value per field.

    The user's own .bib (a record with a citation key) comes first for fields where a choice
    is a matter of taste (venue, DOI, URL, entry type, extra fields): bibexport never
    overrides what the user wrote by hand.
    """
    ordered = sorted(group, key=lambda r: 0 if r.key else 1)  # stable: input order otherwise
    chosen: dict[str, Record] = {}

    def first(field: str) -> Record | None:
        for r in ordered:
            if getattr(r, field) not in (None, (), "", False):
                return r
        return None

    for field in ("arxiv_id", "doi", "venue", "journal_ref", "comment", "url", "key", "entry_type"):
        if (r := first(field)) is not None:
            chosen[field] = r

    with_title = [r for r in ordered if r.title]
    if with_title:
        votes = Counter(" ".join(r.title.split()) for r in with_title)  # type: ignore[union-attr]
        best = max(votes.values())
        winner = next(r for r in with_title if votes[" ".join(r.title.split())] == best)  # type: ignore[union-attr]
        chosen["title"] = winner

    with_authors = [r for r in ordered if r.authors]
    if with_authors:
        chosen["authors"] = max(
            with_authors, key=lambda r: (not r.authors_truncated, len(r.authors))
        )

    dated = [r for r in ordered if r.date]
    if dated:
        # A read date beats an inferred one; then the earliest (the first version).
        chosen["date"] = min(
            dated,
            key=lambda r: (r.date.inferred, r.date.month is None, r.date.sort_key()),  # type: ignore[union-attr]
        )
    updated = [r for r in ordered if r.updated]
    if updated:
        chosen["updated"] = max(updated, key=lambda r: r.updated.sort_key())  # type: ignore[union-attr]

    with_abstract = [r for r in ordered if r.abstract]
    if with_abstract:
        chosen["abstract"] = max(with_abstract, key=lambda r: len(r.abstract or ""))

    categories: list[str] = []
    for r in ordered:
        categories += [c for c in r.categories if c not in categories]

    extra: dict[str, str] = {}
    for r in ordered:
        for k, v in r.extra:
            extra.setdefault(k, v)

    values = {f: getattr(r, f) for f, r in chosen.items()}
    venue_src = chosen.get("venue")
    authors_src = chosen.get("authors")
    versions = [r.arxiv_version for r in group if r.arxiv_version]
    sources: list = []
    for r in ordered:
        sources += [s for s in r.sources if s not in sources]
    sources.sort(key=lambda s: next(i for i, r in enumerate(group) if s in r.sources))

    provenance = [o for f, r in chosen.items() for o in r.provenance if o.field == f]
    for field, value in (("categories", categories), ("extra", extra), ("on_arxiv", True)):
        for r in ordered:
            if getattr(r, field):
                provenance += [o for o in r.provenance if o.field == field]
                break
    return Record(
        **values,
        authors_truncated=authors_src.authors_truncated if authors_src else False,
        venue_kind=venue_src.venue_kind if venue_src else None,
        arxiv_version=max(versions) if versions else None,
        categories=tuple(categories),
        extra=tuple(extra.items()),
        on_arxiv=any(r.on_arxiv for r in group),
        sources=tuple(sources),
        provenance=tuple(_dedupe(provenance)),
    )


def _dedupe(items: list[Origin]) -> list[Origin]:
    seen: set[Origin] = set()
    out = []
    for o in items:
        if o not in seen:
            seen.add(o)
            out.append(o)
    return out
