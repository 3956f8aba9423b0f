"""Reader for alphaXiv listings, as copied from the browser.

Per paper three lines: a header that runs an arXiv category code into the date
(``CLApr 12, 2022``; trending papers add a score and drop the year: ``99.8AIMay 28``), one
line with the title run straight into the authors (``…Human FeedbackYuntao Bai, Andy Jones
et al. · berkeley, openai``), and the abstract. The ``· org`` tag is the site's guess at
affiliations and is dropped.

Where the title ends and the first author begins is found by trying every place where a
capital letter follows a non-space and keeping the last one after which the rest reads as
a list of names (so "Chain-of-Thought ReasoningTamera Lanham" splits before "Tamera", while
"Sam McCandlish" is not cut inside). When no list of people fits, a single word run in at a
natural word boundary is taken as an organisation (``…FeedbackOpenAI``).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from ..model import Person, Record, Unparsed
from ..names import PARTICLES, person_from_display
from ..text import collapse_ws
from ._common import (
    CS_SUBJECTS,
    MONTH_RE,
    Line,
    build_record,
    infer_year,
    make_date,
    month_number,
    numbered_lines,
    strip_et_al,
    unparsed,
)

_HEADER = re.compile(
    rf"^(?:(?P<score>\d+(?:\.\d+)?)\s*)?(?P<code>(?:[a-z]+(?:-[a-z]+)?\.)?[A-Z]{{2}})?\s*"
    rf"(?P<mon>{MONTH_RE})\s+(?P<day>\d{{1,2}})(?:,\s*(?P<year>\d{{4}}))?$"
)
_INITIAL = re.compile(r"^(?:[^\W\d_]\.-?)+$")
# Short capitalised prefixes of surnames and given names (McCandlish, DeAndre, LeCun).
_NAME_PREFIXES = frozenset({"Mc", "Mac", "De", "Di", "Da", "Das", "Le", "La", "Van", "Von"})
# A title with three names and tags is a few hundred characters; longer is prose.
_MAX_LINE = 2000
_ORG = re.compile(r"^[^\W_][\w&.\-]*$")

#: Codes alphaXiv shows outside computer science, when they name one archive only.
_OTHER_CODES: dict[str, str] = {
    "ML": "stat.ML",
    "ME": "stat.ME",
    "AS": "eess.AS",
    "IV": "eess.IV",
    "NC": "q-bio.NC",
}


def category_for(code: str) -> str | None:
    """``CL`` → ``cs.CL``, ``ML`` → ``stat.ML``, a full ``math.OC`` kept; unknown → None."""
    if "." in code:
        return code
    if code in CS_SUBJECTS:
        return f"cs.{code}"
    return _OTHER_CODES.get(code)


@dataclass(frozen=True, slots=True)
class TitleAuthors:
    """The two halves of an alphaXiv title line."""

    title: str
    authors: tuple[Person, ...]
    truncated: bool


def split_title_authors(line: str) -> TitleAuthors | None:
    """Split ``<title><authors>[ et al.][ · orgs]``; None when no reading fits."""
    s = collapse_ws(line)
    head, sep, _tags = s.rpartition(" · ")
    for candidate in [head, s] if sep else [s]:
        if found := _split(candidate):
            return found
    return None


def _split(s: str) -> TitleAuthors | None:
    if len(s) > _MAX_LINE:
        return None
    s, truncated = strip_et_al(s)
    cuts = [i for i in range(1, len(s)) if s[i].isupper() and _may_cut_before(s, i)]
    for i in reversed(cuts):
        title, names = s[:i].strip(), [n.strip() for n in s[i:].split(",")]
        if (
            title
            and _is_person(names[0])
            and all(_is_person(n) or _is_single_name(n) for n in names[1:])
            and not _inside_name(s, i, cuts)
        ):
            people = tuple(p for n in names if (p := person_from_display(n)))
            return TitleAuthors(title, people, truncated)
    # No list of people fits: one organisation, run in at the first natural word boundary.
    last_word = s.rfind(" ") + 1
    for i in cuts:
        if i > last_word and _natural_boundary(s, i) and _ORG.match(s[i:]):
            return TitleAuthors(s[:i].strip(), (Person(family=s[i:], literal=True),), truncated)
    return None


def _may_cut_before(s: str, i: int) -> bool:
    # Never inside "Jean-Baptiste" or "O'Brien": the title cannot end in a hyphen.
    prev = s[i - 1]
    return not prev.isspace() and prev not in "-'’"


def _natural_boundary(s: str, i: int) -> bool:
    prev = s[i - 1]
    if prev.isupper():  # "RLHFOpenAI": an acronym ends where a capitalised word begins
        return i + 1 < len(s) and s[i + 1].islower()
    return True


def _inside_name(s: str, i: int, cuts: list[int]) -> bool:
    """True when ``s[i]`` continues a name begun by a prefix run in just before (DeAndre)."""
    for j in cuts:
        if j < i and s[j:i] in _NAME_PREFIXES:
            return True
    return False


def _is_person(name: str) -> bool:
    words = name.split()
    if not 2 <= len(words) <= 5:
        return False
    if not (_is_name_word(words[-1]) and (_is_name_word(words[0]) or _INITIAL.match(words[0]))):
        return False
    return all(
        _is_name_word(w) or bool(_INITIAL.match(w)) or w.lower() in PARTICLES for w in words[1:-1]
    )


def _is_single_name(name: str) -> bool:
    """A one-word author after the first: an organisation or a mononym ("OpenAI", "Plato")."""
    return " " not in name and name[:1].isupper() and bool(_ORG.match(name))


def _is_name_word(word: str) -> bool:
    """A capitalised word; at most one inner capital, after a lower-case letter (McCandlish)."""
    for part in re.split(r"[-'’]", word):
        if not part or not part[0].isupper() or not all(c.isalpha() for c in part):
            return False
        inner = [j for j in range(1, len(part)) if part[j].isupper()]
        if len(inner) > 1:
            return False
        for j in inner:
            if not (part[j - 1].islower() and j + 1 < len(part) and part[j + 1].islower()):
                return False
    return True


class AlphaxivReader:
    """alphaXiv listing → records with title, first authors (truncated), date, category."""

    name: ClassVar[str] = "alphaxiv"
    suffixes: ClassVar[tuple[str, ...]] = ()

    def __init__(self, today: _dt.date | None = None) -> None:
        self.today = today
        """The day a year-less date (``May 28``) is counted back from; default today."""

    def sniff(self, text: str) -> float:
        """Sure when category-and-date headers are each followed by a title/author line."""
        lines = [ln.text for ln in numbered_lines(text) if ln.text]
        heads = [i for i, t in enumerate(lines) if _strong_header(t)]
        if not heads:
            return 0.0
        split = sum(1 for i in heads if i + 1 < len(lines) and split_title_authors(lines[i + 1]))
        return 0.5 + 0.45 * split / len(heads)

    def read(self, text: str, source: str) -> Iterable[Record | Unparsed]:
        """One record per header; a header whose title line will not split is unparsed."""
        today = self.today or _dt.date.today()
        lines = [ln for ln in numbered_lines(text) if ln.text]
        heads = [
            i
            for i, ln in enumerate(lines)
            if _strong_header(ln.text)
            or (
                _HEADER.match(ln.text)
                and i + 1 < len(lines)
                and split_title_authors(lines[i + 1].text) is not None
            )
        ]
        out: list[Record | Unparsed] = []
        if not heads:
            if lines:
                out.extend(_runs(lines, source, self.name, "no alphaXiv header line"))
            return out
        out.extend(_runs(lines[: heads[0]], source, self.name, "text before the first paper"))
        for k, h in enumerate(heads):
            end = heads[k + 1] if k + 1 < len(heads) else len(lines)
            out.extend(self._paper(lines[h:end], source, today))
        return out

    def _paper(self, chunk: list[Line], source: str, today: _dt.date) -> list[Record | Unparsed]:
        header = chunk[0]
        parts = split_title_authors(chunk[1].text) if len(chunk) > 1 else None
        if parts is None:
            return [unparsed(source, self.name, chunk, "title line without an author list")]
        fields: dict[str, Any] = {
            "title": parts.title,
            "authors": parts.authors,
            "authors_truncated": parts.truncated,
            "on_arxiv": True,
        }
        at = {"title": chunk[1].no, "authors": chunk[1].no}
        m = _HEADER.match(header.text)
        if m:
            month, day = month_number(m.group("mon")), int(m.group("day"))
            if month is not None:
                if m.group("year"):
                    fields["date"] = make_date(int(m.group("year")), month, day)
                else:
                    fields["date"] = infer_year(month, day, today)
            if m.group("code") and (cat := category_for(m.group("code"))):
                fields["categories"] = (cat,)
        if len(chunk) > 2:
            fields["abstract"] = collapse_ws(chunk[2].text)
            at["abstract"] = chunk[2].no
        out: list[Record | Unparsed] = [build_record(source, self.name, header.no, fields, at)]
        out.extend(_runs(chunk[3:], source, self.name, "text after an abstract"))
        return out


def _strong_header(text: str) -> bool:
    """A header with a category code or a score: a bare date could be any listing's."""
    m = _HEADER.match(text)
    return bool(m and (m.group("code") or m.group("score")))


def _runs(chunk: list[Line], source: str, reader: str, reason: str) -> list[Unparsed]:
    """One unparsed chunk per run of consecutive lines."""
    out: list[Unparsed] = []
    run: list[Line] = []
    for ln in chunk:
        if run and ln.no != run[-1].no + 1:
            out.append(unparsed(source, reader, run, reason))
            run = []
        run.append(ln)
    if run:
        out.append(unparsed(source, reader, run, reason))
    return out
