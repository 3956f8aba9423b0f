"""Reader for plain lists of identifiers, one per line.

Accepted: arXiv ids (``2212.08073``, ``arXiv:2212.08073v2``, ``hep-th/9711200``), arXiv
abs/pdf URLs, arXiv's own DOIs (``10.48550/arXiv.…``, also as doi.org URLs) and any other
DOI. Blank lines and ``#`` comments are skipped; any other line is reported as unparsed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from ..ids import normalize_doi, parse_arxiv_id
from ..model import Record, Source, Unparsed
from ._common import build_record, numbered_lines


class IdentifierReader:
    """One arXiv id, arXiv URL or DOI per line → one record each."""

    name: ClassVar[str] = "identifiers"
    suffixes: ClassVar[tuple[str, ...]] = ()

    def sniff(self, text: str) -> float:
        """The share of meaningful lines that are identifiers, when that is most of them."""
        lines = [_strip_comment(ln.text) for ln in numbered_lines(text)]
        lines = [t for t in lines if t]
        if not lines:
            return 0.0
        share = sum(1 for t in lines if _fields(t)) / len(lines)
        # A listing that merely mentions ids ("arXiv:…" under each abstract) stays low.
        return share if share >= 0.8 else share / 3

    def read(self, text: str, source: str) -> Iterable[Record | Unparsed]:
        """A record per identifier line, an unparsed chunk per other non-comment line."""
        out: list[Record | Unparsed] = []
        for ln in numbered_lines(text):
            item = _strip_comment(ln.text)
            if not item:
                continue
            fields = _fields(item)
            if fields is None:
                out.append(
                    Unparsed(Source(source, ln.no, self.name), ln.text, "not an arXiv id or DOI")
                )
            else:
                out.append(build_record(source, self.name, ln.no, fields))
        return out


def _strip_comment(line: str) -> str:
    """The line without a ``#`` comment (whole-line, or after whitespace)."""
    if line.startswith("#"):
        return ""
    for sep in (" #", "\t#"):
        line = line.split(sep, 1)[0]
    return line.strip()


def _fields(item: str) -> dict[str, Any] | None:
    if aid := parse_arxiv_id(item):
        return {"arxiv_id": aid.id, "arxiv_version": aid.version}
    if doi := normalize_doi(item):
        return {"doi": doi}
    return None
