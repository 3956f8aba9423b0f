"""Records → Zotero item JSON, and the identity (arXiv id, DOI, title) of items already there.

Items are shaped as Zotero's own arXiv.org translator makes them: an arXiv paper is a
``preprint`` with ``repository`` "arXiv", ``archiveID`` "arXiv:<id>", arXiv's DOI, the abs
page as ``url``, ``extra`` "arXiv:<id> [<primary category>]" and ``libraryCatalog``
"arXiv.org"; a paper with a venue is a ``journalArticle`` or ``conferencePaper``.

No HTTP here: this module only builds and reads dictionaries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..ids import find_arxiv_id, normalize_doi, parse_arxiv_id
from ..latex import latex_to_text
from ..model import Person, Record
from ..text import normalize_title
from ..venues import guess_venue_kind

# The fields this project may set, per item type: a small subset of each type's fields in
# Zotero's schema (v41), written out here so that the sink never sends a field the type does
# not have (the server would reject the whole item). tests/sinks check every name against the
# real schema when it is available.
_COMMON = frozenset(
    {"title", "abstractNote", "date", "url", "extra", "citationKey", "DOI", "libraryCatalog"}
)
ITEM_FIELDS: Mapping[str, frozenset[str]] = {
    "preprint": _COMMON | {"repository", "archiveID", "genre", "place", "series"},
    "journalArticle": _COMMON
    | {"publicationTitle", "volume", "issue", "pages", "publisher", "place", "ISSN"},
    "conferencePaper": _COMMON
    | {"proceedingsTitle", "volume", "pages", "publisher", "place", "series", "ISBN", "ISSN"},
    "book": _COMMON | {"publisher", "place", "volume", "edition", "series", "ISBN", "numPages"},
    "bookSection": _COMMON
    | {"bookTitle", "publisher", "place", "volume", "edition", "series", "pages", "ISBN"},
    "thesis": _COMMON | {"university", "thesisType", "place", "numPages"},
    "report": _COMMON | {"institution", "reportNumber", "reportType", "place", "pages"},
    "manuscript": _COMMON | {"manuscriptType", "place", "numPages"},
    "document": _COMMON | {"publisher", "place"},
    # webpage has no libraryCatalog in the schema
    "webpage": (_COMMON - {"libraryCatalog"}) | {"websiteTitle", "websiteType"},
}

#: Keys of item JSON that are not fields of the type (structure, not data).
STRUCTURAL_KEYS = frozenset(
    {"key", "version", "itemType", "creators", "tags", "collections", "relations"}
)

#: The creator type used for every author; every type above has it.
CREATOR_TYPE = "author"

# BibTeX entry types → the closest Zotero type, for records that are neither arXiv papers nor
# have a venue.
_BY_ENTRY_TYPE: Mapping[str, str] = {
    "article": "journalArticle",
    "inproceedings": "conferencePaper",
    "conference": "conferencePaper",
    "proceedings": "book",
    "book": "book",
    "inbook": "bookSection",
    "incollection": "bookSection",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "unpublished": "manuscript",
    "online": "webpage",
    "electronic": "webpage",
    "www": "webpage",
    "misc": "document",
}
# Types whose kind is fixed by the entry type even when the record has a venue.
_FIXED_TYPES = frozenset({"book", "bookSection", "thesis", "report"})
_THESIS_TYPE = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis"}

# The field that holds the venue, per type.
_VENUE_FIELD = {
    "journalArticle": "publicationTitle",
    "conferencePaper": "proceedingsTitle",
    "bookSection": "bookTitle",
    "thesis": "university",
    "report": "institution",
}

# Fields a .bib file may carry (Record.extra) → candidate Zotero fields, first allowed wins.
_FROM_EXTRA: Mapping[str, tuple[str, ...]] = {
    "volume": ("volume",),
    "number": ("issue", "reportNumber", "series"),
    "pages": ("pages",),
    "publisher": ("publisher",),
    "address": ("place",),
    "isbn": ("ISBN",),
    "issn": ("ISSN",),
    "edition": ("edition",),
    "series": ("series",),
    "school": ("university",),
    "institution": ("institution",),
    "organization": ("publisher", "institution"),
}


def item_type(record: Record) -> str:
    """The Zotero item type closest to what the record is."""
    by_entry = _BY_ENTRY_TYPE.get(record.entry_type or "")
    if by_entry in _FIXED_TYPES:
        return by_entry
    if record.venue:
        if record.venue_kind == "journal":
            return "journalArticle"
        if record.venue_kind == "proceedings":
            return "conferencePaper"
        if by_entry in ("journalArticle", "conferencePaper"):
            return by_entry
        return (
            "conferencePaper"
            if guess_venue_kind(record.venue) == "proceedings"
            else "journalArticle"
        )
    if is_arxiv(record):
        return "preprint"
    if by_entry and by_entry != "journalArticle":  # an @article with no journal is no article
        return by_entry
    return "preprint" if record.categories else "document"


def is_arxiv(record: Record) -> bool:
    """The record is (or says it is) an arXiv paper."""
    return bool(record.arxiv_id or record.on_arxiv)


def arxiv_extra_line(record: Record) -> str | None:
    """``arXiv:<id> [<primary category>]`` as the translator writes it (no category for
    old-style ids, which carry their archive in the id)."""
    if not record.arxiv_id:
        return None
    if "/" in record.arxiv_id or not record.primary_category:
        return f"arXiv:{record.arxiv_id}"
    return f"arXiv:{record.arxiv_id} [{record.primary_category}]"


def creator(person: Person) -> dict[str, str]:
    """One author: first/last name, or a single ``name`` for an organisation."""
    if person.literal:
        return {"creatorType": CREATOR_TYPE, "name": person.family}
    return {"creatorType": CREATOR_TYPE, "firstName": person.given, "lastName": person.family}


def to_item(
    record: Record, *, citation_key: str | None = None, collections: Sequence[str] = ()
) -> dict[str, Any]:
    """The Zotero item JSON for a record; only fields valid for its type are set."""
    itype = item_type(record)
    allowed = ITEM_FIELDS[itype]
    f: dict[str, str] = {}
    extra: list[str] = []

    f["title"] = record.title or ""
    if record.abstract:
        f["abstractNote"] = record.abstract
    if record.date:
        f["date"] = record.date.iso()
    if citation_key:
        f["citationKey"] = citation_key

    if arxiv_line := arxiv_extra_line(record):
        extra.append(arxiv_line)
    if itype == "preprint" and is_arxiv(record):
        f["repository"] = "arXiv"
        if record.arxiv_id:
            f["archiveID"] = f"arXiv:{record.arxiv_id}"
            f["DOI"] = record.arxiv_doi or ""
            f["url"] = record.abs_url or ""
            f["libraryCatalog"] = "arXiv.org"
        if record.doi:  # a published DOI has no field of its own on a preprint
            extra.append(f"DOI: {record.doi}")
    else:
        if record.doi:
            f["DOI"] = record.doi
        if record.arxiv_id:
            f["libraryCatalog"] = "arXiv.org"
    f.setdefault("url", record.url or record.abs_url or "")

    if record.venue and (venue_field := _VENUE_FIELD.get(itype)):
        f[venue_field] = record.venue
    if itype == "thesis" and (ttype := _THESIS_TYPE.get(record.entry_type or "")):
        f["thesisType"] = ttype
    for name, value in record.extra:
        for target in _FROM_EXTRA.get(name.lower(), ()):
            if target in allowed and not f.get(target):
                # Record.extra keeps the user's raw BibTeX ("1--10", "Springer {\\&} Co").
                text = latex_to_text(value)
                f[target] = text.replace("\u2013", "-") if target == "pages" else text
                break

    if extra:
        f["extra"] = "\n".join(extra)

    item: dict[str, Any] = {"itemType": itype}
    item.update({k: v for k, v in f.items() if v and k in allowed})
    item["creators"] = [creator(p) for p in record.authors]
    item["tags"] = [{"tag": c} for c in record.categories]
    item["collections"] = list(collections)
    item["relations"] = {}
    return item


# --- identity of items already in a library ----------------------------------------------


@dataclass(frozen=True, slots=True)
class Identity:
    """What makes two entries the same paper: arXiv ids, DOIs, normalised title."""

    arxiv_ids: frozenset[str] = frozenset()
    dois: frozenset[str] = frozenset()
    title: str = ""

    def contradicts(self, other: Identity) -> bool:
        """Both carry arXiv ids (or DOIs) and none is shared: different papers."""
        if self.arxiv_ids and other.arxiv_ids and not self.arxiv_ids & other.arxiv_ids:
            return True
        return bool(self.dois and other.dois and not self.dois & other.dois)

    @property
    def empty(self) -> bool:
        return not (self.arxiv_ids or self.dois or self.title)


def record_identity(record: Record) -> Identity:
    dois = {d for d in (normalize_doi(record.doi or ""),) if d}
    return Identity(
        arxiv_ids=frozenset({record.arxiv_id} if record.arxiv_id else ()),
        dois=frozenset(dois),
        title=normalize_title(record.title or ""),
    )


_DOI_LINE = re.compile(r"^\s*DOI:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


def item_identity(data: Mapping[str, Any]) -> Identity:
    """The identity of an item's ``data`` as read from the API, however it was made (by this
    sink, by Zotero's translators, by hand)."""
    arxiv: set[str] = set()
    dois: set[str] = set()
    for name in ("archiveID", "url", "DOI"):
        value = data.get(name)
        if isinstance(value, str) and value and (aid := parse_arxiv_id(value)):
            arxiv.add(aid.id)
    for name in ("extra", "publicationTitle", "number", "reportNumber"):
        value = data.get(name)
        if isinstance(value, str) and value:
            arxiv.update(_ids_in(value.splitlines()))
    doi = normalize_doi(str(data.get("DOI") or ""))
    if doi and not parse_arxiv_id(doi):
        dois.add(doi)
    for m in _DOI_LINE.finditer(str(data.get("extra") or "")):
        if (d := normalize_doi(m.group(1))) and not parse_arxiv_id(d):
            dois.add(d)
    return Identity(
        frozenset(arxiv), frozenset(dois), normalize_title(str(data.get("title") or ""))
    )


def _ids_in(lines: Iterable[str]) -> set[str]:
    return {aid.id for line in lines if (aid := find_arxiv_id(line))}
