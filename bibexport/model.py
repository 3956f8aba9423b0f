"""The one record model every stage takes and gives.

Records are frozen: a stage that changes a record returns a new one (``dataclasses.replace``
or :meth:`Record.evolve`). Provenance says, for every field, which file and line it came from.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

#: Field names of :class:`Record` that carry bibliographic data (and so have provenance).
DATA_FIELDS = (
    "title",
    "authors",
    "date",
    "updated",
    "abstract",
    "arxiv_id",
    "doi",
    "venue",
    "journal_ref",
    "categories",
    "comment",
    "url",
    "on_arxiv",
    "key",
    "entry_type",
    "extra",
)


@dataclass(frozen=True, slots=True)
class Person:
    """One author. An organisation ("OpenAI") is a single ``literal`` name in ``family``."""

    family: str
    """Family name, or the whole name of an organisation."""
    given: str = ""
    """Given names, as written (may hold initials and middle names)."""
    literal: bool = False
    """True for a name that must never be split (organisations, collaborations)."""

    @property
    def display(self) -> str:
        """The name as a reader would write it: ``Given Family``."""
        return f"{self.given} {self.family}".strip() if not self.literal else self.family


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known only as far as the source said: year, year+month, or a full day."""

    year: int
    month: int | None = None
    day: int | None = None
    inferred: bool = False
    """True when part of the date was guessed (e.g. a listing gave ``May 28`` with no year)."""

    def iso(self) -> str:
        """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, as far as known."""
        out = f"{self.year:04d}"
        if self.month:
            out += f"-{self.month:02d}"
            if self.day:
                out += f"-{self.day:02d}"
        return out

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)


@dataclass(frozen=True, slots=True)
class Source:
    """Where something was read: a file (or ``<stdin>``, ``arxiv``) and a 1-based line."""

    file: str
    line: int = 0
    reader: str = ""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass(frozen=True, slots=True)
class Origin:
    """Provenance of one field: which source gave its current value."""

    field: str
    source: Source


@dataclass(frozen=True, slots=True)
class Record:
    """One paper, as far as it is known. Every field is optional except provenance."""

    title: str | None = None
    authors: tuple[Person, ...] = ()
    authors_truncated: bool = False
    """The source cut the author list short ("et al."): more authors exist."""
    date: PartialDate | None = None
    """Date of the first version (arXiv v1) or of publication."""
    updated: PartialDate | None = None
    """Date of the latest version, when known (arXiv ``updated``)."""
    abstract: str | None = None
    arxiv_id: str | None = None
    """Version-less arXiv identifier: ``2212.08073`` or ``hep-th/9711200``."""
    arxiv_version: int | None = None
    """The version the source showed (``v2`` → 2), kept aside from the id."""
    doi: str | None = None
    """The published DOI (lower-cased), never arXiv's own ``10.48550/arXiv.…`` DOI."""
    venue: str | None = None
    """Journal or proceedings name, when published."""
    venue_kind: Literal["journal", "proceedings"] | None = None
    journal_ref: str | None = None
    categories: tuple[str, ...] = ()
    """arXiv categories, primary first."""
    comment: str | None = None
    url: str | None = None
    on_arxiv: bool = False
    """The source says the paper is on arXiv although it gave no id (e.g. an AITopics feed)."""
    key: str | None = None
    """The citation key the source had (a .bib entry's key); never changed by bibexport."""
    entry_type: str | None = None
    """The BibTeX entry type the source had (``article``, ``misc`` …), lower-case."""
    extra: tuple[tuple[str, str], ...] = ()
    """Other fields from the source, kept as (name, value) pairs (``pages``, ``volume`` …)."""
    sources: tuple[Source, ...] = ()
    """Every place this record was seen (several after a merge)."""
    provenance: tuple[Origin, ...] = ()
    """For every field that has a value: which source gave it."""

    # --- helpers -----------------------------------------------------------------------------

    def evolve(self, source: Source | None = None, **changes: Any) -> Record:
        """A copy with ``changes``; with ``source``, the changed fields are attributed to it."""
        new = dataclasses.replace(self, **changes)
        if source is None:
            return new
        changed = [f for f in changes if f in DATA_FIELDS]
        prov = tuple(o for o in new.provenance if o.field not in changed)
        prov += tuple(Origin(f, source) for f in changed if _has_value(getattr(new, f)))
        sources = new.sources if source in new.sources else new.sources + (source,)
        return dataclasses.replace(new, provenance=prov, sources=sources)

    def origin(self, field_name: str) -> Source | None:
        """The source of ``field_name``'s current value, if it has one."""
        for o in self.provenance:
            if o.field == field_name:
                return o.source
        return None

    def extra_field(self, name: str) -> str | None:
        for k, v in self.extra:
            if k == name:
                return v
        return None

    @property
    def arxiv_doi(self) -> str | None:
        """arXiv's own DOI for this paper (``10.48550/arXiv.<id>``)."""
        return f"10.48550/arXiv.{self.arxiv_id}" if self.arxiv_id else None

    @property
    def primary_category(self) -> str | None:
        return self.categories[0] if self.categories else None

    @property
    def abs_url(self) -> str | None:
        return f"https://arxiv.org/abs/{self.arxiv_id}" if self.arxiv_id else None

    @property
    def first_source(self) -> Source | None:
        return self.sources[0] if self.sources else None

    def label(self) -> str:
        """A short human label for messages: arXiv id, DOI or a title prefix."""
        if self.arxiv_id:
            return f"arXiv:{self.arxiv_id}"
        if self.doi:
            return f"doi:{self.doi}"
        if self.title:
            return repr(self.title[:60])
        return f"record at {self.first_source}" if self.sources else "record"


def make_record(source: Source, **fields: Any) -> Record:
    """Build a record whose every given field is attributed to ``source`` (for readers)."""
    rec = Record(**fields, sources=(source,))
    prov = tuple(Origin(f, source) for f in DATA_FIELDS if _has_value(getattr(rec, f)))
    return dataclasses.replace(rec, provenance=prov)


def _has_value(v: object) -> bool:
    return v is not None and v is not False and v != () and v != ""


@dataclass(frozen=True, slots=True)
class Unparsed:
    """A chunk of input a reader could not turn into a record. Reported, never dropped."""

    source: Source
    text: str
    reason: str

    def __str__(self) -> str:
        snippet = " ".join(self.text.split())[:70]
        return f"{self.source}: {self.reason}: {snippet!r}"


@dataclass(frozen=True, slots=True)
class MergeNote:
    """Two or more records were found to be the same paper."""

    label: str
    sources: tuple[Source, ...]
    reason: str
    """What matched: ``arXiv id``, ``DOI``, ``title`` or ``abstract``."""


@dataclass
class Report:
    """What happened during a run; every stage adds to it, the CLI prints it at the end.

    Mutable on purpose: it is the run's log, not data that flows between stages.
    """

    read_counts: dict[str, int] = field(default_factory=dict)
    """Records read per input file, in input order."""
    formats: dict[str, str] = field(default_factory=dict)
    """Reader used per input file."""
    unparsed: list[Unparsed] = field(default_factory=list)
    merges: list[MergeNote] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    """Per-file failures (a binary or empty file): the other files still go through."""
    papers: int | None = None
    """Distinct papers after the last merge."""
    counters: Counter[str] = field(default_factory=Counter)
    """Numeric figures by stage, e.g. ``arxiv.requests``, ``zotero.created``."""
    notes: dict[str, list[str]] = field(default_factory=dict)
    """Detail lines by section, e.g. ``arxiv.ambiguous`` → one line per record."""

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def note(self, section: str, line: str) -> None:
        self.notes.setdefault(section, []).append(line)

    def count(self, name: str, n: int = 1) -> None:
        self.counters[name] += n

    def render(self) -> str:
        """The end-of-run report, as printed on stderr."""
        lines: list[str] = []
        for name, n in self.read_counts.items():
            fmt = self.formats.get(name, "")
            lines.append(
                f"read {n:4d} record{'s' if n != 1 else ''} from {name}"
                + (f" ({fmt})" if fmt else "")
            )
        for e in self.errors:
            lines.append(f"error: {e}")
        if self.unparsed:
            lines.append(f"{len(self.unparsed)} chunk(s) could not be parsed:")
            lines.extend(f"  {u}" for u in self.unparsed)
        if self.merges:
            total = sum(self.read_counts.values())
            papers = f" into {self.papers} papers" if self.papers is not None else ""
            lines.append(
                f"merged {total} records{papers}; {len(self.merges)} paper(s) seen more than once:"
            )
            for m in self.merges:
                where = ", ".join(str(s) for s in m.sources)
                lines.append(f"  {m.label} ({m.reason}): {where}")
        for section, items in self.notes.items():
            lines.append(f"{section}:")
            lines.extend(f"  {i}" for i in items)
        stages: dict[str, list[str]] = {}
        for k, v in sorted(self.counters.items()):
            if v:
                stage, _, what = k.partition(".")
                stages.setdefault(stage, []).append(f"{what.replace('_', ' ')} {v}")
        lines.extend(f"{stage}: {', '.join(items)}" for stage, items in stages.items())
        for w in self.warnings:
            lines.append(f"warning: {w}")
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class WriteOptions:
    """Options every writer receives; a writer ignores those it has no use for."""

    style: Literal["bibtex", "biblatex"] = "bibtex"
    unicode: bool = False
    """Keep non-ASCII as UTF-8 instead of LaTeX macros."""
    key_pattern: str = "{auth}{year}{word}"
    abstract: bool = True
    comment: bool = True
    year_from: Literal["first", "latest"] = "first"
    """Which arXiv version's year goes in ``year``: the first (v1) or the latest."""
