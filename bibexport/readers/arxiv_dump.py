"""Reader for plain arXiv dumps: abstract, optional comment, ``arXiv:<id>``, ``Created: <date>``.

Each paper is a block of paragraphs closed by an ``arXiv:`` line and its ``Created:`` (v1)
date. There is no title and no author list. Of the paragraphs before the ``arXiv:`` line the
longest is the abstract; those after it are the author's comment ("23+17 pages", links) and
those before it are text the reader cannot place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, ClassVar

from ..ids import parse_arxiv_id
from ..model import PartialDate, Record, Unparsed
from ._common import Line, build_record, join_lines, make_date, numbered_lines, unparsed

_ID_LINE = re.compile(r"^arxiv:\s*(?P<id>\S+)$", re.IGNORECASE)
_DATE_LINE = re.compile(
    r"^(?P<kind>created|updated|submitted):\s*(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$",
    re.IGNORECASE,
)


class ArxivDumpReader:
    """Abstract/comment/``arXiv:``/``Created:`` blocks → records with id, v1 date, abstract."""

    name: ClassVar[str] = "arxiv_dump"
    suffixes: ClassVar[tuple[str, ...]] = ()

    def sniff(self, text: str) -> float:
        """Sure when ``arXiv:`` lines are followed by ``Created:`` dates."""
        lines = [ln.text for ln in numbered_lines(text) if ln.text]
        ids = sum(1 for i, t in enumerate(lines) if _is_id_line(t))
        if not ids:
            return 0.0
        dated = sum(
            1 for i, t in enumerate(lines[:-1]) if _is_id_line(t) and _DATE_LINE.match(lines[i + 1])
        )
        if not dated:
            # Bare "arXiv:" lines alone are an identifier list, not a dump.
            return 0.2
        return 0.6 + 0.35 * dated / ids

    def read(self, text: str, source: str) -> Iterable[Record | Unparsed]:
        """Records (one per ``arXiv:`` line) and the text that belongs to none."""
        out: list[Record | Unparsed] = []
        pending: list[list[Line]] = []  # text paragraphs since the last entry
        current: list[Line] = []
        entry: _Entry | None = None

        def flush_paragraph() -> None:
            nonlocal current
            if current:
                pending.append(current)
                current = []

        def close_entry() -> None:
            nonlocal entry
            if entry is not None:
                out.extend(entry.emit(source, self.name))
                entry = None

        for ln in numbered_lines(text):
            if not ln.text:
                flush_paragraph()
                continue
            if _is_id_line(ln.text):
                flush_paragraph()
                close_entry()
                entry = _Entry(ln, pending)
                pending = []
                continue
            m = _DATE_LINE.match(ln.text)
            if m and entry is not None and not current and not pending:
                entry.add_date(m, ln)
                continue
            close_entry()
            current.append(ln)
        flush_paragraph()
        close_entry()
        for para in pending:
            out.append(unparsed(source, self.name, para, "text not followed by an arXiv: line"))
        return out


def _is_id_line(text: str) -> bool:
    m = _ID_LINE.match(text)
    return bool(m and parse_arxiv_id(m.group("id")))


class _Entry:
    """One paper's lines, gathered until the next text starts."""

    def __init__(self, id_line: Line, paragraphs: list[list[Line]]) -> None:
        self.id_line = id_line
        self.paragraphs = paragraphs
        self.dates: dict[str, tuple[PartialDate, int]] = {}

    def add_date(self, m: re.Match[str], ln: Line) -> None:
        kind = "updated" if m.group("kind").lower() == "updated" else "date"
        d = make_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if d is not None and kind not in self.dates:
            self.dates[kind] = (d, ln.no)

    def emit(self, file: str, reader: str) -> list[Record | Unparsed]:
        out: list[Record | Unparsed] = []
        m = _ID_LINE.match(self.id_line.text)
        aid = parse_arxiv_id(m.group("id")) if m else None
        fields: dict[str, Any] = {}
        lines: dict[str, int] = {}
        if aid is not None:
            fields.update(arxiv_id=aid.id, arxiv_version=aid.version)
            lines["arxiv_id"] = self.id_line.no
        for kind, (d, no) in self.dates.items():
            fields[kind] = d
            lines[kind] = no
        first = self.id_line.no
        if self.paragraphs:
            # The abstract is the longest paragraph: comments are a line or two, and a
            # stray chunk before the abstract must not be taken for it.
            sizes = [len(join_lines(p).split()) for p in self.paragraphs]
            k = sizes.index(max(sizes))
            for para in self.paragraphs[:k]:
                out.append(unparsed(file, reader, para, "text before an abstract"))
            abstract = self.paragraphs[k]
            fields["abstract"] = join_lines(abstract)
            lines["abstract"] = first = abstract[0].no
            comments = self.paragraphs[k + 1 :]
            if comments:
                fields["comment"] = " ".join(join_lines(p) for p in comments)
                lines["comment"] = comments[0][0].no
        out.append(build_record(file, reader, first, fields, lines))
        return out
