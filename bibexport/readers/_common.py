"""Small helpers shared by the listing readers: lines and paragraphs, dates, names, records.

Nothing here knows any one site's layout; that lives in the reader of that site.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..model import DATA_FIELDS, Origin, PartialDate, Record, Source, Unparsed
from ..text import collapse_ws

MONTHS: dict[str, int] = {
    name: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for name in names
}

#: A month name as listings print it: ``Oct``, ``Oct.``, ``Sept``, ``October``.
MONTH_RE = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)

#: arXiv's computer-science subject classes (``cs.XX``), by their two-letter code.
CS_SUBJECTS: dict[str, str] = {
    "AI": "Artificial Intelligence",
    "AR": "Hardware Architecture",
    "CC": "Computational Complexity",
    "CE": "Computational Engineering, Finance, and Science",
    "CG": "Computational Geometry",
    "CL": "Computation and Language",
    "CR": "Cryptography and Security",
    "CV": "Computer Vision and Pattern Recognition",
    "CY": "Computers and Society",
    "DB": "Databases",
    "DC": "Distributed, Parallel, and Cluster Computing",
    "DL": "Digital Libraries",
    "DM": "Discrete Mathematics",
    "DS": "Data Structures and Algorithms",
    "ET": "Emerging Technologies",
    "FL": "Formal Languages and Automata Theory",
    "GL": "General Literature",
    "GR": "Graphics",
    "GT": "Computer Science and Game Theory",
    "HC": "Human-Computer Interaction",
    "IR": "Information Retrieval",
    "IT": "Information Theory",
    "LG": "Machine Learning",
    "LO": "Logic in Computer Science",
    "MA": "Multiagent Systems",
    "MM": "Multimedia",
    "MS": "Mathematical Software",
    "NA": "Numerical Analysis",
    "NE": "Neural and Evolutionary Computing",
    "NI": "Networking and Internet Architecture",
    "OH": "Other Computer Science",
    "OS": "Operating Systems",
    "PF": "Performance",
    "PL": "Programming Languages",
    "RO": "Robotics",
    "SC": "Symbolic Computation",
    "SD": "Sound",
    "SE": "Software Engineering",
    "SI": "Social and Information Networks",
    "SY": "Systems and Control",
}


# --- lines and paragraphs ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Line:
    """One input line with its 1-based number; ``text`` is stripped of outer whitespace."""

    no: int
    text: str


def numbered_lines(text: str) -> list[Line]:
    """Every line, stripped (NBSP included), with its 1-based line number."""
    return [Line(i, raw.strip()) for i, raw in enumerate(text.split("\n"), start=1)]


def paragraphs(lines: Iterable[Line]) -> list[list[Line]]:
    """Runs of non-blank lines, split at blank lines."""
    out: list[list[Line]] = []
    cur: list[Line] = []
    for ln in lines:
        if ln.text:
            cur.append(ln)
        elif cur:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def join_lines(lines: Iterable[Line]) -> str:
    """The lines' text as one paragraph, whitespace collapsed."""
    return collapse_ws(" ".join(ln.text for ln in lines))


def unparsed(file: str, reader: str, lines: list[Line], reason: str) -> Unparsed:
    """An :class:`Unparsed` chunk for ``lines`` (which must not be empty)."""
    return Unparsed(Source(file, lines[0].no, reader), "\n".join(ln.text for ln in lines), reason)


# --- dates ---------------------------------------------------------------------------------


def month_number(name: str) -> int | None:
    """``Oct``/``October``/``oct.``/``10`` → 10; anything else → None."""
    s = name.strip().rstrip(".").lower()
    if s.isdigit():
        n = int(s)
        return n if 1 <= n <= 12 else None
    return MONTHS.get(s)


def make_date(
    year: int, month: int | None = None, day: int | None = None, *, inferred: bool = False
) -> PartialDate | None:
    """A :class:`PartialDate`, dropping the parts that do not exist (Feb 30 → Feb)."""
    if not 1 <= year <= 9999:
        return None
    if month is None or not 1 <= month <= 12:
        return PartialDate(year, inferred=inferred)
    if day is not None:
        try:
            _dt.date(year, month, day)
        except ValueError:
            day = None
    return PartialDate(year, month, day, inferred=inferred)


def infer_year(month: int, day: int, today: _dt.date) -> PartialDate | None:
    """The most recent ``month``/``day`` not after ``today`` (the listing hid the year)."""
    for year in range(today.year, today.year - 9, -1):
        try:
            d = _dt.date(year, month, day)
        except ValueError:
            continue  # Feb 29 in a common year, or a day the month does not have
        if d <= today:
            return PartialDate(year, month, day, inferred=True)
    return None


_ET_AL = re.compile(r",?\s*(?:et\s+al\.?|and\s+others)\s*$", re.IGNORECASE)


def strip_et_al(text: str) -> tuple[str, bool]:
    """``A, B et al.`` → (``A, B``, True): the text without the mark, and whether it had it."""
    if m := _ET_AL.search(text):
        return text[: m.start()], True
    return text, False


def split_name_list(text: str) -> list[str]:
    """``A B, C D and E F`` → the names; empty items dropped."""
    parts = re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*", text)
    return [p.strip() for p in parts if p and p.strip()]


# --- records -------------------------------------------------------------------------------


def build_record(
    file: str,
    reader: str,
    line: int,
    fields: Mapping[str, Any],
    field_lines: Mapping[str, int] | None = None,
) -> Record:
    """A record first seen at ``line``; each data field attributed to the line it was read on."""
    rec = Record(**fields, sources=(Source(file, line, reader),))
    lines = field_lines or {}
    prov = tuple(
        Origin(f, Source(file, lines.get(f, line), reader))
        for f in DATA_FIELDS
        if _has_value(getattr(rec, f))
    )
    return dataclasses.replace(rec, provenance=prov)


def _has_value(v: object) -> bool:
    return v is not None and v is not False and v != () and v != ""
