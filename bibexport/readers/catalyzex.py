"""Reader for CatalyzeX author pages, as copied from the browser.

Layout: page chrome ("Alert button", "Picture for <owner>", the owner's name), then per
paper a title, a ``Mon DD, YYYY`` date, the full comma-separated author list, "Figure N for
<title>" thumbnails, the abstract, an optional ``* comment`` line and "Viaarxiv icon" when
the paper is on arXiv. A paper is found by its date line: the line before is the title, the
line after the authors.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, ClassVar

from ..model import Person, Record, Unparsed
from ..names import person_from_display
from ..text import collapse_ws
from ._common import (
    MONTH_RE,
    Line,
    build_record,
    make_date,
    month_number,
    numbered_lines,
    paragraphs,
    split_name_list,
    strip_et_al,
    unparsed,
)

_DATE = re.compile(rf"^(?P<mon>{MONTH_RE})\s+(?P<day>\d{{1,2}}),\s*(?P<year>\d{{4}})$")
_FIGURE = re.compile(r"^Figure\s+\d+\s+for\s+\S")
_PICTURE = re.compile(r"^Picture for\s+(?P<who>.+)$")
_ON_ARXIV = re.compile(r"^Via\s*arxiv\s+icon$", re.IGNORECASE)
_CHROME = frozenset({"alert button"})
# A name in an author list: capitalised words, initials, hyphens, apostrophes, particles.
_NAME = re.compile(r"^[^\W\d_][\w.'’\- ]*$")


class CatalyzexReader:
    """CatalyzeX author page → records with title, v1 date, full authors, abstract."""

    name: ClassVar[str] = "catalyzex"
    suffixes: ClassVar[tuple[str, ...]] = ()

    def sniff(self, text: str) -> float:
        """Sure when date lines sit between a title and an author list, with site chrome."""
        lines = [ln.text for ln in numbered_lines(text) if ln.text]
        papers = sum(
            1
            for i in range(1, len(lines) - 1)
            if _DATE.match(lines[i]) and _looks_like_authors(lines[i + 1])
        )
        marks = sum(
            1
            for t in lines
            if _ON_ARXIV.match(t) or _FIGURE.match(t) or t.lower() in _CHROME or _PICTURE.match(t)
        )
        if not papers:
            return 0.1 if marks else 0.0
        return 0.55 + (0.4 if marks else 0.0)

    def read(self, text: str, source: str) -> Iterable[Record | Unparsed]:
        """One record per dated paper; chrome skipped; unknown text reported."""
        lines = [ln for ln in numbered_lines(text) if ln.text]
        starts: list[int] = []
        for i in range(1, len(lines) - 1):
            title = lines[i - 1].text
            if (
                _DATE.match(lines[i].text)
                and _looks_like_authors(lines[i + 1].text)
                and not (_ON_ARXIV.match(title) or _FIGURE.match(title) or _is_chrome(title, set()))
                and (not starts or i - 1 >= starts[-1] + 3)
            ):
                starts.append(i - 1)
        out: list[Record | Unparsed] = []
        owner: set[str] = set()
        head_end = starts[0] if starts else len(lines)
        out.extend(self._chrome(lines[:head_end], source, owner))
        for k, start in enumerate(starts):
            end = starts[k + 1] if k + 1 < len(starts) else len(lines)
            out.extend(self._paper(lines, start, end, source, owner))
        return out

    def _chrome(self, head: list[Line], source: str, owner: set[str]) -> list[Unparsed]:
        """The page header: learn the owner's name, report anything else."""
        for ln in head:
            if m := _PICTURE.match(ln.text):
                owner.add(collapse_ws(m.group("who")))
        rest = [ln for ln in head if not _is_chrome(ln.text, owner)]
        return _runs(rest, source, self.name, "text before the first paper")

    def _paper(
        self,
        lines: list[Line],
        start: int,
        end: int,
        source: str,
        owner: set[str],
    ) -> list[Record | Unparsed]:
        title, date_ln, authors_ln = lines[start], lines[start + 1], lines[start + 2]
        fields: dict[str, Any] = {"title": collapse_ws(title.text)}
        at: dict[str, int] = {"title": title.no}
        m = _DATE.match(date_ln.text)
        if m:
            fields["date"] = make_date(
                int(m.group("year")), month_number(m.group("mon")), int(m.group("day"))
            )
            at["date"] = date_ln.no
        names, truncated = strip_et_al(authors_ln.text)
        people = _parse_authors(names)
        if people:
            fields["authors"] = tuple(people)
            fields["authors_truncated"] = truncated
            at["authors"] = authors_ln.no

        out: list[Record | Unparsed] = []
        body = lines[start + 3 : end]
        leftovers: list[Line] = []
        closed = False  # "Viaarxiv icon" ends a paper; text after it belongs to none
        abstract: list[Line] = []
        for ln in body:
            t = ln.text
            if _ON_ARXIV.match(t):
                fields["on_arxiv"] = True
                at["on_arxiv"] = ln.no
                closed = True
            elif _FIGURE.match(t) or _is_chrome(t, owner):
                continue
            elif closed:
                leftovers.append(ln)
            elif t.startswith("* ") or t == "*":
                comment = collapse_ws(t[1:])
                if comment:
                    fields["comment"] = (
                        f"{fields['comment']} {comment}" if "comment" in fields else comment
                    )
                    at.setdefault("comment", ln.no)
            elif not abstract or ln.no == abstract[-1].no + 1:
                abstract.append(ln)  # a wrapped abstract continues on the next line
            else:
                leftovers.append(ln)
        if abstract:
            fields["abstract"] = collapse_ws(" ".join(ln.text for ln in abstract))
            at["abstract"] = abstract[0].no
        out.append(build_record(source, self.name, title.no, fields, at))
        out.extend(_runs(leftovers, source, self.name, "text between papers"))
        return out


def _is_chrome(text: str, owner: set[str]) -> bool:
    return text.lower() in _CHROME or bool(_PICTURE.match(text)) or collapse_ws(text) in owner


def _looks_like_authors(text: str) -> bool:
    names = split_name_list(strip_et_al(text)[0])
    return bool(names) and all(_NAME.match(n) and len(n.split()) <= 6 for n in names)


def _parse_authors(text: str) -> list[Person]:
    if not _looks_like_authors(text):
        return []
    return [p for n in split_name_list(text) if (p := person_from_display(n)) is not None]


def _runs(chunk: list[Line], source: str, reader: str, reason: str) -> list[Unparsed]:
    """Unparsed chunks, one per paragraph of ``chunk``."""
    if not chunk:
        return []
    return [unparsed(source, reader, para, reason) for para in paragraphs(_with_gaps(chunk))]


def _with_gaps(chunk: list[Line]) -> list[Line]:
    """Re-insert blank lines where line numbers jump, so paragraphs() can split on them."""
    out: list[Line] = []
    for ln in chunk:
        if out and ln.no != out[-1].no + 1:
            out.append(Line(out[-1].no + 1, ""))
        out.append(ln)
    return out
