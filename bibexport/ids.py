"""Recognising and normalising identifiers: arXiv ids (new and old style), DOIs.

Shared by readers, merge, enrichers and sinks, so that every stage agrees on what
"the same id" means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# New-style ids: YYMM.NNNN (2007-2014) or YYMM.NNNNN (2015-).
_NEW = r"(?P<new>\d{2}(?:0[1-9]|1[0-2])\.\d{4,5})"
# Old-style ids: archive(.SUBJ)/YYMMNNN, e.g. hep-th/9711200, math.GT/0309136.
_OLD = r"(?P<old>[a-z]+(?:-[a-z]+)?(?:\.[A-Z]{2})?/\d{2}(?:0[1-9]|1[0-2])\d{3})"
_VERSION = r"(?:v(?P<version>\d+))?"

ARXIV_ID_RE = re.compile(rf"(?:{_NEW}|{_OLD}){_VERSION}")
_BARE = re.compile(rf"^(?:arxiv:\s*)?(?:{_NEW}|{_OLD}){_VERSION}$", re.IGNORECASE)
_URL = re.compile(
    rf"^(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/(?:{_NEW}|{_OLD}){_VERSION}(?:\.pdf)?/?(?:[?#].*)?$",
    re.IGNORECASE,
)
_ARXIV_DOI = re.compile(rf"^10\.48550/arxiv\.(?:{_NEW}|{_OLD}){_VERSION}$", re.IGNORECASE)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
# An arXiv id anywhere in free text ("arXiv preprint arXiv:2212.08073", a URL, a DOI).
_IN_TEXT = re.compile(
    rf"(?:arxiv(?:\.org/(?:abs|pdf)/|:\s*|\s+preprint\s+(?:arxiv:)?\s*|\.)|10\.48550/arxiv\.)(?:{_NEW}|{_OLD}){_VERSION}",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class ArxivId:
    """A version-less arXiv id and the version seen, if any."""

    id: str
    version: int | None = None

    def __str__(self) -> str:
        return f"{self.id}v{self.version}" if self.version else self.id


def _from_match(m: re.Match[str]) -> ArxivId:
    ident = m.group("new") or m.group("old")
    if m.group("old"):
        archive, num = ident.split("/")
        # Archive names are lower case; the subject class (math.GT) keeps its case.
        arch, _, subj = archive.partition(".")
        ident = f"{arch.lower()}{'.' + subj.upper() if subj else ''}/{num}"
    v = m.group("version")
    return ArxivId(ident, int(v) if v else None)


def parse_arxiv_id(text: str) -> ArxivId | None:
    """An arXiv id from a bare id, ``arXiv:`` id, abs/pdf URL or arXiv DOI; else None."""
    s = text.strip()
    for rx in (_BARE, _URL, _ARXIV_DOI):
        if m := rx.match(s):
            return _from_match(m)
    s2 = _DOI_PREFIX.sub("", s)
    if s2 != s and (m := _ARXIV_DOI.match(s2)):
        return _from_match(m)
    return None


def find_arxiv_id(text: str) -> ArxivId | None:
    """The first arXiv id mentioned in free text (a journal field, a URL, a note)."""
    if m := _IN_TEXT.search(text):
        return _from_match(m)
    return parse_arxiv_id(text)


def is_valid_arxiv_id(ident: str) -> bool:
    """True for a version-less or versioned id arXiv would accept in ``id_list``."""
    return bool(_BARE.match(ident)) and not ident.lower().startswith("arxiv:")


def normalize_doi(text: str) -> str | None:
    """``10.xxxx/…`` lower-cased, from a bare DOI, ``doi:`` or doi.org URL; else None."""
    s = _DOI_PREFIX.sub("", text.strip()).strip()
    if _DOI.match(s):
        return s.lower().rstrip(".")
    return None
