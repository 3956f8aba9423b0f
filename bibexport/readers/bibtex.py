"""Reader for BibTeX/BibLaTeX files, through bibtexparser 1.x.

The user's key, entry type and every field the model has no place for are kept as they were
(``Record.key``, ``entry_type``, ``extra``). Fields the model has a place for are decoded
from LaTeX (:func:`bibexport.latex.latex_to_text`). bibtexparser 1.x silently skips an entry
it cannot parse, so the ``@type{key`` starts found in the text are matched against what came
back; a start with no parsed entry is reported as :class:`Unparsed` at its line.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Iterable
from typing import Any, ClassVar

from bibtexparser.bparser import BibTexParser
from bibtexparser.customization import splitname

from ..ids import find_arxiv_id, normalize_doi, parse_arxiv_id
from ..latex import latex_to_text
from ..model import PartialDate, Person, Record, Source, Unparsed
from ..names import person_from_display
from ._common import build_record, make_date, month_number

_START = re.compile(
    r"^[ \t]*@[ \t]*(?P<type>[A-Za-z][\w\-]*)[ \t]*[{(][ \t]*(?P<key>[^,\s{}()]*)", re.MULTILINE
)
_NOT_ENTRIES = frozenset({"comment", "preamble", "string"})
_FIELD_START = re.compile(r"(?:^|,)[ \t]*(?P<name>[A-Za-z][\w\-:.]*)\s*=", re.MULTILINE)
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_DATE = re.compile(r"^\s*(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?")
_YEAR = re.compile(r"^\s*\{?\s*(?P<y>\d{4})\s*\}?\s*$")
_CATEGORY = re.compile(r"^[a-z]+(?:-[a-z]+)?(?:\.[A-Za-z]{2,})?$")
# Journal names that only say "this is on arXiv": not a venue.
_ARXIV_JOURNAL = re.compile(
    r"^\s*(?:arxiv\b|corr\b|computing research repository\b)", re.IGNORECASE
)

# bibtexparser logs every malformed entry at ERROR level; we report those ourselves.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())


class BibtexReader:
    """``.bib`` text → records that keep the user's key, type and every other field."""

    name: ClassVar[str] = "bibtex"
    suffixes: ClassVar[tuple[str, ...]] = (".bib",)

    def sniff(self, text: str) -> float:
        """Sure when lines start with ``@type{key,``."""
        kinds = [m.group("type").lower() for m in _START.finditer(text)]
        entries = sum(1 for k in kinds if k not in _NOT_ENTRIES)
        if entries:
            return 0.97
        return 0.4 if kinds else 0.0

    def read(self, text: str, source: str) -> Iterable[Record | Unparsed]:
        """One record per entry, in file order; entries bibtexparser skipped are unparsed."""
        starts = list(_START.finditer(text))
        line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

        def line_of(offset: int) -> int:
            return bisect.bisect_right(line_starts, offset)

        chunks: list[tuple[str, str, int, str]] = []  # type, key, line, text
        for k, m in enumerate(starts):
            end = starts[k + 1].start() if k + 1 < len(starts) else len(text)
            chunks.append(
                (m.group("type").lower(), m.group("key"), line_of(m.start()), text[m.start() : end])
            )
        wanted = [c for c in chunks if c[0] not in _NOT_ENTRIES]

        parsed = _parse_all(text)
        if parsed is None:  # the parser itself failed: go entry by entry
            parsed = _parse_each(chunks)

        out: list[Record | Unparsed] = []
        pos = 0
        for entry in parsed:
            etype, key = str(entry.get("ENTRYTYPE", "")).lower(), str(entry.get("ID", ""))
            match = next(
                (j for j in range(pos, len(wanted)) if wanted[j][:2] == (etype, key)), None
            )
            if match is None:
                out.append(self._record(entry, source, 0, ""))
                continue
            for skipped in wanted[pos:match]:
                out.append(_unparsed(source, skipped))
            pos = match + 1
            out.append(self._record(entry, source, wanted[match][2], wanted[match][3]))
        for skipped in wanted[pos:]:
            out.append(_unparsed(source, skipped))
        return out

    def _record(self, entry: dict[str, Any], file: str, line: int, chunk: str) -> Record:
        fields = {k: str(v) for k, v in entry.items() if k not in ("ENTRYTYPE", "ID")}
        field_lines = _field_lines(chunk, line)
        out: dict[str, Any] = {
            "key": str(entry.get("ID", "")) or None,
            "entry_type": str(entry.get("ENTRYTYPE", "")).lower() or None,
        }
        used: dict[str, str] = {}  # record field → the bib field it came from

        def take(record_field: str, bib_field: str, value: Any) -> None:
            out[record_field] = value
            used.setdefault(record_field, bib_field)

        consumed: set[str] = set()
        if title := latex_to_text(fields.get("title", "")):
            take("title", "title", title)
            consumed.add("title")
        if "author" in fields:
            people, truncated = parse_authors(fields["author"])
            if people or truncated:
                take("authors", "author", tuple(people))
                out["authors_truncated"] = truncated
                consumed.add("author")
        date, date_fields = _date(fields)
        if date is not None:
            take("date", date_fields[0], date)
            consumed.update(date_fields)
        if abstract := latex_to_text(fields.get("abstract", "")):
            take("abstract", "abstract", abstract)
            consumed.add("abstract")
        consumed |= self._arxiv(fields, take)
        consumed |= self._venue(fields, take, arxiv="arxiv_id" in out)
        if "doi" not in consumed and (doi := normalize_doi(fields.get("doi", ""))):
            take("doi", "doi", doi)
            consumed.add("doi")
        if "url" in fields and "url" not in consumed:
            # An arXiv link says no more than the id does (abs_url rebuilds it).
            if not parse_arxiv_id(fields["url"]):
                take("url", "url", fields["url"].strip())
            consumed.add("url")
        # bibtexparser 1.x hands fields back in reverse; keep the user's order.
        rest = [k for k in reversed(fields) if k not in consumed]
        rest.sort(key=lambda k: field_lines.get(k, line))
        extra = tuple((k, fields[k]) for k in rest)
        if extra:
            out["extra"] = extra
        at = {rf: field_lines.get(bf, line) for rf, bf in used.items()}
        return build_record(file, self.name, line, out, at)

    def _arxiv(self, fields: dict[str, str], take: Any) -> set[str]:
        """The arXiv id, from the first field that gives one; returns the fields consumed."""
        prefix = (fields.get("archiveprefix") or fields.get("eprinttype") or "").strip().lower()
        aid = parse_arxiv_id(fields.get("eprint", "")) if prefix in ("", "arxiv") else None
        if aid:
            take("arxiv_id", "eprint", aid.id)
            take("arxiv_version", "eprint", aid.version)
            consumed = {"eprint", "archiveprefix", "eprinttype"} & fields.keys()
            cat = (fields.get("primaryclass") or fields.get("eprintclass") or "").strip()
            if _CATEGORY.match(cat):
                take("categories", "primaryclass", (cat,))
                consumed |= {"primaryclass", "eprintclass"} & fields.keys()
            return consumed
        for bib_field, own in (("doi", True), ("url", True), ("journal", False), ("note", False)):
            value = fields.get(bib_field, "")
            aid = parse_arxiv_id(value) if own else find_arxiv_id(value)
            if value and aid:
                take("arxiv_id", bib_field, aid.id)
                take("arxiv_version", bib_field, aid.version)
                # A DOI or URL that only points at arXiv carries nothing more.
                return {bib_field} if own else set()
        return set()

    def _venue(self, fields: dict[str, str], take: Any, *, arxiv: bool) -> set[str]:
        for bib_field, kind in (
            ("journal", "journal"),
            ("journaltitle", "journal"),
            ("booktitle", "proceedings"),
        ):
            raw = fields.get(bib_field, "")
            if not raw.strip():
                continue
            if _ARXIV_JOURNAL.match(raw):
                # "arXiv preprint arXiv:…" and "CoRR" name arXiv, not a venue; DBLP's
                # "volume = {abs/<id>}" only repeats the id.
                if not arxiv:
                    return set()
                volume = fields.get("volume", "")
                return {bib_field} | ({"volume"} if volume.startswith("abs/") else set())
            take("venue", bib_field, latex_to_text(raw))
            take("venue_kind", bib_field, kind)
            return {bib_field}
        return set()


def parse_authors(field: str) -> tuple[list[Person], bool]:
    """A BibTeX ``author`` field → people, and whether it ended in ``and others``."""
    people: list[Person] = []
    truncated = False
    for name in split_and(field):
        if name.lower() == "others":
            truncated = True
            continue
        if person := _person(name):
            people.append(person)
    return people, truncated


def split_and(field: str) -> list[str]:
    """Split at `` and `` outside braces (``{Barnes and Noble}`` is one name)."""
    names: list[str] = []
    depth = 0
    start = 0
    i = 0
    while i < len(field):
        c = field[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth = max(0, depth - 1)
        elif depth == 0 and c.isspace() and (m := _AND.match(field, i)):
            names.append(field[start:i])
            start = i = m.end()
            continue
        i += 1
    names.append(field[start:])
    return [n.strip() for n in names if n.strip()]


def _person(name: str) -> Person | None:
    if _one_group(name):
        # "{OpenAI}" or "{Google DeepMind}": braces say "never split this".
        text = latex_to_text(name)
        return Person(family=text, literal=True) if text else None
    try:
        parts = splitname(name, strict_mode=False)
    except Exception:  # noqa: BLE001 -- splitname trips over odd escapes; fall back to plain words
        return person_from_display(latex_to_text(name))
    family = latex_to_text(" ".join(parts.get("von", []) + parts.get("last", [])))
    given = latex_to_text(" ".join(parts.get("first", [])))
    jr = latex_to_text(" ".join(parts.get("jr", [])))
    if jr:
        family = f"{family} {jr}"  # the model has no "Jr." slot; keep it with the family name
    if not family:
        if not given:
            return None
        family, given = given, ""
    return Person(family=family, given=given)


def _one_group(name: str) -> bool:
    """True when the whole name is one ``{…}`` group."""
    s = name.strip()
    if not (s.startswith("{") and s.endswith("}")):
        return False
    depth = 0
    for i, c in enumerate(s):
        depth += c == "{"
        depth -= c == "}"
        if depth == 0 and i < len(s) - 1:
            return False
    return depth == 0


def _date(fields: dict[str, str]) -> tuple[PartialDate | None, list[str]]:
    """The date from ``date`` (BibLaTeX) or ``year``+``month``, and the fields used."""
    if m := _DATE.match(fields.get("date", "")):
        d = make_date(
            int(m.group("y")),
            int(m.group("m")) if m.group("m") else None,
            int(m.group("d")) if m.group("d") else None,
        )
        if d is not None:
            used = ["date"] + [f for f in ("year", "month") if f in fields]
            return d, used
    if m := _YEAR.match(fields.get("year", "")):
        month = month_number(fields["month"].strip("{} ")) if fields.get("month") else None
        d = make_date(int(m.group("y")), month)
        used = ["year"] + (["month"] if month is not None else [])
        return d, used
    return None, []


def _field_lines(chunk: str, first_line: int) -> dict[str, int]:
    """Field name → line it is written on (first occurrence)."""
    out: dict[str, int] = {}
    for m in _FIELD_START.finditer(chunk):
        out.setdefault(m.group("name").lower(), first_line + chunk.count("\n", 0, m.start("name")))
    return out


def _parse_all(text: str) -> list[dict[str, Any]] | None:
    try:
        return list(_parser().parse(text, partial=True).entries)
    except Exception:  # noqa: BLE001 -- pyparsing or a bad @string can fail the whole file
        return None


def _parse_each(chunks: list[tuple[str, str, int, str]]) -> list[dict[str, Any]]:
    parser = _parser()
    parser.expect_multiple_parse = True
    entries: list[dict[str, Any]] = []
    for _type, _key, _line, chunk in chunks:
        before = len(parser.bib_database.entries)
        try:
            parser.parse(chunk, partial=True)
        except Exception:  # noqa: BLE001 -- one bad entry must not stop the others
            del parser.bib_database.entries[before:]
            continue
        entries.extend(parser.bib_database.entries[before:])
    return entries


def _parser() -> BibTexParser:
    return BibTexParser(
        common_strings=True,
        ignore_nonstandard_types=False,
        interpolate_strings=True,
    )


def _unparsed(file: str, chunk: tuple[str, str, int, str]) -> Unparsed:
    etype, key, line, text = chunk
    return Unparsed(
        Source(file, line, BibtexReader.name),
        text.strip(),
        f"malformed @{etype} entry{f' {key!r}' if key else ''}",
    )
