"""CSL-JSON writer: a JSON array of CSL 1.0.2 items, as Pandoc and Zotero read them.

Types follow Zotero's own CSL mapping: an arXiv preprint is ``article`` with
``publisher = "arXiv"`` and ``number = "arXiv:<id>"`` (Zotero's preprint ``repository`` and
``archiveID``), a journal paper ``article-journal``, a proceedings paper ``paper-conference``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from ..keys import assign_keys
from ..model import Person, Record, WriteOptions
from ..venues import venue_kind

_BY_ENTRY_TYPE = {
    "book": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "online": "webpage",
    "www": "webpage",
    "electronic": "webpage",
    "unpublished": "manuscript",
    "manual": "report",
    "software": "software",
    "dataset": "dataset",
}


def csl_type(record: Record) -> str:
    """The CSL item type for ``record``."""
    etype = record.entry_type or ""
    if record.venue:
        return "paper-conference" if venue_kind(record) == "proceedings" else "article-journal"
    if etype in _BY_ENTRY_TYPE:
        return _BY_ENTRY_TYPE[etype]
    if record.arxiv_id or record.on_arxiv:
        return "article"
    return "document"


_SUFFIX = re.compile(r"(?:,\s*|\s+)((?:jr|sr)\.?|ii|iii|iv)$", re.IGNORECASE)


def _name(p: Person) -> dict[str, str]:
    if p.literal:
        return {"literal": p.family.strip()}
    name: dict[str, str] = {"family": p.family.strip()}
    if m := _SUFFIX.search(name["family"]):
        name["family"] = name["family"][: m.start()]
        name["suffix"] = m.group(1)
    if p.given.strip():
        name["given"] = p.given.strip()
    return name


def csl_item(record: Record, key: str, options: WriteOptions) -> dict[str, Any]:
    """One CSL-JSON item. (A truncated author list cannot be said in CSL: known names only.)"""
    ctype = csl_type(record)
    item: dict[str, Any] = {"id": key, "citation-key": key, "type": ctype}
    if record.title:
        item["title"] = record.title
    authors = [_name(p) for p in record.authors if p.family.strip()]
    if authors:
        item["author"] = authors
    date = record.updated if options.year_from == "latest" and record.updated else record.date
    if date:
        parts = [date.year] + ([date.month] if date.month else [])
        parts += [date.day] if date.month and date.day else []
        item["issued"] = {"date-parts": [parts]}
    if record.venue and ctype in ("article-journal", "paper-conference"):
        item["container-title"] = record.venue
    notes: list[str] = []
    if ctype == "article" and record.arxiv_id:
        item["publisher"] = "arXiv"
        item["number"] = f"arXiv:{record.arxiv_id}"
    elif record.arxiv_id:
        notes.append(f"arXiv:{record.arxiv_id}")
    if doi := record.doi or record.arxiv_doi:
        item["DOI"] = doi
    url = record.url if record.url and not record.arxiv_id else record.abs_url or record.url
    if url:
        item["URL"] = url
    if options.abstract and record.abstract:
        item["abstract"] = record.abstract
    if record.journal_ref and not record.venue:
        notes.append(record.journal_ref)
    if options.comment and record.comment:
        notes.append(record.comment)
    if notes:
        item["note"] = "\n".join(notes)
    return item


class CslJsonWriter:
    """Writes records as a CSL-JSON array (UTF-8, two-space indent, input order)."""

    name = "csljson"
    suffix = ".json"

    def write(self, records: Sequence[Record], options: WriteOptions) -> str:
        keys = assign_keys(records, options.key_pattern)
        items = [csl_item(r, k, options) for r, k in zip(records, keys, strict=True)]
        return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
