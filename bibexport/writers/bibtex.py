"""BibTeX / biblatex writer, and the in-place updater behind ``bibexport bib refs.bib --update``.

arXiv preprints follow arXiv's own export (``@misc`` with ``eprint``, ``archivePrefix``,
``primaryClass``); the biblatex style uses ``@online`` with ``eprinttype``/``eprintclass`` and an
ISO ``date``. Output is hand-formatted (not bibtexparser's writer) because field order, bare
month macros and byte-identical output on every run are ours to fix.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import ExportError
from ..keys import assign_keys
from ..latex import text_to_latex
from ..model import PartialDate, Person, Record, WriteOptions
from ..venues import PROCEEDINGS_TYPES, venue_kind

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


_HOWPUBLISHED_TYPES = frozenset({"misc", "online", "unpublished", "electronic", "www"})
# "King, Jr." or "King Jr." (the BibTeX reader keeps a Jr part at the end of the family name).
_JR = re.compile(r"(?:,\s*|\s+)(jr\.?|sr\.?|ii|iii|iv)$", re.IGNORECASE)

Field = tuple[str, str]
"""A field name and its value as written after ``=``: ``{…}`` or a bare month macro."""


def _balanced(value: str) -> bool:
    """Braces balanced as BibTeX counts them (backslashes do not escape braces)."""
    depth = 0
    for c in value:
        depth += (c == "{") - (c == "}")
        if depth < 0:
            return False
    return depth == 0


def _braced(latex: str) -> str:
    return "{" + latex + "}"


def _verbatim(value: str) -> str:
    """An identifier or URL as is (LaTeX escapes would corrupt it inside ``\\url{}``), with
    the characters that could break out of a BibTeX field percent-encoded."""
    table = {"{": "%7B", "}": "%7D", "\\": "%5C"}
    return "".join(table.get(c, "%20" if c.isspace() else c) for c in value.strip())


class _Encoder:
    def __init__(self, options: WriteOptions) -> None:
        self.unicode = options.unicode

    def text(self, value: str) -> str:
        return text_to_latex(value, unicode=self.unicode)

    def title(self, value: str) -> str:
        return text_to_latex(value, unicode=self.unicode, protect_case=True, math=True)

    def abstract(self, value: str) -> str:
        return text_to_latex(value, unicode=self.unicode, math=True)

    def _part(self, value: str) -> str:
        latex = self.text(value)
        # A part with "and" or a comma in it would split the name list: keep it one unit.
        if re.search(r"(^|\s)and(\s|$)", value, re.IGNORECASE) or "," in value:
            return _braced(latex)
        return latex

    def person(self, p: Person) -> str:
        if p.literal:
            return _braced(self.text(p.family))
        family, given = p.family.strip(), p.given.strip()
        if not given:
            # Without a given name BibTeX would read "Le Cun" as First Last.
            return _braced(self.text(family)) if " " in family else self._part(family)
        if jr := _JR.search(family):
            # BibTeX's three-part form: von Last, Jr, First.
            last = family[: jr.start()]
            return f"{self._part(last)}, {self.text(jr.group(1))}, {self._part(given)}"
        return f"{self._part(family)}, {self._part(given)}"

    def authors(self, record: Record) -> str | None:
        names = [self.person(p) for p in record.authors if p.family.strip()]
        if not names:
            return None
        if record.authors_truncated:
            names.append("others")
        return " and ".join(names)


def _date(record: Record, options: WriteOptions) -> PartialDate | None:
    if options.year_from == "latest" and record.updated:
        return record.updated
    return record.date


def entry_type(record: Record, options: WriteOptions) -> str:
    """The entry type: the user's own, else by venue, else arXiv's convention."""
    if record.entry_type:
        return record.entry_type
    if record.venue:
        return "inproceedings" if venue_kind(record) == "proceedings" else "article"
    if options.style == "biblatex" and (record.arxiv_id or record.url):
        return "online"
    return "misc"


def _venue_field(etype: str, options: WriteOptions) -> str:
    if etype in PROCEEDINGS_TYPES:
        return "booktitle"
    if etype in _HOWPUBLISHED_TYPES:
        return "howpublished"
    return "journaltitle" if options.style == "biblatex" else "journal"


def entry_fields(record: Record, options: WriteOptions) -> list[Field]:
    """Every field of the entry for ``record``, in the order they are written.

    The user's own fields (``record.extra``) come after the identifiers and win over a
    computed field of the same name.
    """
    enc = _Encoder(options)
    biblatex = options.style == "biblatex"
    etype = entry_type(record, options)
    head: list[Field] = []
    tail: list[Field] = []

    def add(to: list[Field], name: str, latex: str | None, bare: bool = False) -> None:
        if latex:
            to.append((name, latex if bare else _braced(latex)))

    if record.title:
        add(head, "title", enc.title(record.title))
    add(head, "author", enc.authors(record))
    if record.venue:
        add(head, _venue_field(etype, options), enc.text(record.venue))
    if date := _date(record, options):
        if biblatex:
            add(head, "date", date.iso())
        else:
            add(head, "year", f"{date.year:04d}")
            if date.month:
                add(head, "month", _MONTHS[date.month - 1], bare=True)
    if record.arxiv_id:
        primary = record.primary_category and _verbatim(record.primary_category)
        add(head, "eprint", _verbatim(record.arxiv_id))
        if biblatex:
            add(head, "eprinttype", "arxiv")
            add(head, "eprintclass", primary)
        else:
            add(head, "archivePrefix", "arXiv")
            add(head, "primaryClass", primary)
    # The published DOI is the version of record; arXiv's own DOI follows from the eprint.
    add(head, "doi", _verbatim(record.doi or record.arxiv_doi or ""))
    url = record.url if record.url and not record.arxiv_id else record.abs_url or record.url
    add(head, "url", url and _verbatim(url))
    if record.journal_ref and not record.venue:
        add(tail, "note", enc.text(record.journal_ref))
    if options.comment and record.comment:
        # Not "note": standard styles print note, and "10 pages, 4 figures" is no reference.
        add(tail, "comment", enc.text(record.comment))
    if options.abstract and record.abstract:
        add(tail, "abstract", enc.abstract(record.abstract))

    user: list[Field] = []
    for name, value in record.extra:
        # Extra values are raw BibTeX (the reader keeps them as the user wrote them).
        add(user, name, value.strip() if _balanced(value) else enc.text(value))
    user_names = {name.lower() for name, _ in record.extra}
    out: list[Field] = []
    seen: set[str] = set()
    for name, value in [
        *(f for f in head if f[0].lower() not in user_names),
        *user,
        *(f for f in tail if f[0].lower() not in user_names),
    ]:
        if name.lower() not in seen:
            seen.add(name.lower())
            out.append((name, value))
    return out


def format_entry(etype: str, key: str, fields: Sequence[Field]) -> str:
    """One entry, two-space indented, one field a line, no trailing comma."""
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@{etype}{{{key},\n{body}\n}}" if fields else f"@{etype}{{{key},\n}}"


class BibtexWriter:
    """Writes records as BibTeX (``style="bibtex"``) or biblatex (``style="biblatex"``)."""

    name = "bibtex"
    suffix = ".bib"

    def write(self, records: Sequence[Record], options: WriteOptions) -> str:
        keys = assign_keys(records, options.key_pattern)
        entries = [
            format_entry(entry_type(r, options), k, entry_fields(r, options))
            for r, k in zip(records, keys, strict=True)
        ]
        return "\n\n".join(entries) + "\n" if entries else ""


# --- in-place update ------------------------------------------------------------------------


@dataclass
class _FieldSpan:
    name: str
    start: int
    value_start: int
    value_end: int


@dataclass
class _EntrySpan:
    key: str
    start: int
    line: int
    key_end: int
    fields: list[_FieldSpan]


class _Scanner:
    """Finds entries and field positions in .bib text (bibtexparser 1.4 gives no offsets)."""

    _AT = re.compile(r"@\s*([A-Za-z][\w-]*)\s*([{(])")
    _KEY = re.compile(r"\s*([^\s,{}()]*)\s*")
    _NAME = re.compile(r"[^\s=,{}()\"#%@]+")
    _BARE = re.compile(r"[^\s,#{}()\"]+")

    def __init__(self, text: str) -> None:
        self.text = text

    def entries(self) -> list[_EntrySpan]:
        out: list[_EntrySpan] = []
        pos = 0
        while (at := self.text.find("@", pos)) >= 0:
            pos = at + 1
            m = self._AT.match(self.text, at)
            if not m:
                continue
            kind, opener = m.group(1).lower(), m.group(2)
            closer = "}" if opener == "{" else ")"
            if kind in ("comment", "string", "preamble"):
                pos = self._skip_group(m.end(2) - 1, opener, closer)
                continue
            try:
                entry, pos = self._entry(at, m.end(), closer)
            except _ScanError:
                continue
            out.append(entry)
        return out

    def _skip_group(self, start: int, opener: str, closer: str) -> int:
        depth = 0
        for i in range(start, len(self.text)):
            c = self.text[i]
            if c == opener:
                depth += 1
            elif c == closer:
                depth -= 1
                if depth == 0:
                    return i + 1
        return len(self.text)

    def _ws(self, pos: int) -> int:
        while pos < len(self.text) and self.text[pos].isspace():
            pos += 1
        return pos

    def _entry(self, at: int, pos: int, closer: str) -> tuple[_EntrySpan, int]:
        key_m = self._KEY.match(self.text, pos)
        if key_m is None:  # cannot happen (the pattern matches ""), but keeps types honest
            raise _ScanError
        key, pos = key_m.group(1), key_m.end()
        entry = _EntrySpan(key, at, self.text.count("\n", 0, at) + 1, key_m.end(1), [])
        while True:
            pos = self._ws(pos)
            if pos >= len(self.text):
                raise _ScanError
            if self.text[pos] == closer:
                return entry, pos + 1
            if self.text[pos] == ",":
                pos += 1
                continue
            name_m = self._NAME.match(self.text, pos)
            if not name_m:
                raise _ScanError
            pos = self._ws(name_m.end())
            if pos >= len(self.text) or self.text[pos] != "=":
                raise _ScanError
            value_start = self._ws(pos + 1)
            value_end = self._value(value_start)
            entry.fields.append(_FieldSpan(name_m.group(0), name_m.start(), value_start, value_end))
            pos = value_end

    def _value(self, pos: int) -> int:
        """End of a value: parts in braces, quotes or bare, joined by ``#``."""
        while True:
            if pos >= len(self.text):
                raise _ScanError
            c = self.text[pos]
            if c == "{":
                pos = self._skip_group(pos, "{", "}")
            elif c == '"':
                pos = self._quoted(pos)
            elif m := self._BARE.match(self.text, pos):
                pos = m.end()
            else:
                raise _ScanError
            after = self._ws(pos)
            if after < len(self.text) and self.text[after] == "#":
                pos = self._ws(after + 1)
                continue
            return pos

    def _quoted(self, pos: int) -> int:
        depth = 0
        for i in range(pos + 1, len(self.text)):
            c = self.text[i]
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
            elif c == '"' and depth == 0:
                return i + 1
        raise _ScanError


class _ScanError(Exception):
    """Internal: the text at this ``@`` is not an entry the scanner can follow."""


def _find_entry(entries: list[_EntrySpan], used: set[int], record: Record) -> _EntrySpan:
    src = record.first_source
    candidates = [i for i in range(len(entries)) if i not in used]
    by_line = [i for i in candidates if src and src.line and entries[i].line == src.line]
    by_key = [i for i in candidates if record.key and entries[i].key == record.key]
    # Prefer the entry at the recorded line that also has the key, then line, then key.
    for pool in ([i for i in by_line if i in by_key], by_line, by_key):
        if pool:
            used.add(pool[0])
            return entries[pool[0]]
    where = f" (line {src.line})" if src and src.line else ""
    raise ExportError(f"cannot find the entry {record.key or record.label()}{where} to update")


def update_bib(
    original: str, before: Sequence[Record], after: Sequence[Record], options: WriteOptions
) -> str:
    """``original`` with the changes from ``before`` to ``after`` written into its entries.

    Keys, order, the user's fields and everything between entries stay as they were; an
    entry whose record did not change is left byte for byte. A field whose value changed is
    rewritten in place; a new field is added at the end of its entry. No field is removed.
    """
    if len(before) != len(after):
        raise ExportError(f"update: {len(before)} records read but {len(after)} enriched")
    entries = _Scanner(original).entries()
    used: set[int] = set()
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in original
    for old, new in zip(before, after, strict=True):
        if old == new:
            try:  # claim its entry, so that a duplicate key further down matches its own
                _find_entry(entries, used, old)
            except ExportError:
                pass
            continue
        entry = _find_entry(entries, used, old)
        edits.extend(_entry_edits(original, entry, old, new, options))
    out = original
    for start, end, text in sorted(edits, reverse=True):
        out = out[:start] + text + out[end:]
    return out


def _entry_edits(
    original: str, entry: _EntrySpan, old: Record, new: Record, options: WriteOptions
) -> list[tuple[int, int, str]]:
    # Render both with the user's entry type so that both use the same field names.
    etype = old.entry_type or entry_type(old, options)
    old_fields = {n.lower(): v for n, v in entry_fields(_typed(old, etype), options)}
    new_fields = entry_fields(_typed(new, etype), options)
    present = {f.name.lower(): f for f in reversed(entry.fields)}  # first occurrence wins
    edits: list[tuple[int, int, str]] = []
    added: list[Field] = []
    for name, value in new_fields:
        # Unchanged: leave it — unless it is an arXiv identifier field the entry lacks (an
        # id the user kept only in `journal` or `url` gains eprint, archivePrefix, doi …).
        if old_fields.get(name.lower()) == value and (
            name.lower() in present or name.lower() not in _ARXIV_FIELDS or not new.arxiv_id
        ):
            continue
        if span := present.get(name.lower()):
            edits.append((span.value_start, span.value_end, value))
        else:
            added.append((name, value))
    if added:
        # After the last value (a trailing comma, if any, then follows the new fields).
        anchor = entry.fields[-1].value_end if entry.fields else entry.key_end
        indent = _indent(original, entry)
        edits.append((anchor, anchor, "".join(f",\n{indent}{n} = {v}" for n, v in added)))
    return edits


_ARXIV_FIELDS = frozenset(
    {"eprint", "archiveprefix", "primaryclass", "eprinttype", "eprintclass", "doi", "url"}
)


def _typed(record: Record, etype: str) -> Record:
    return record if record.entry_type == etype else record.evolve(entry_type=etype)


def _indent(original: str, entry: _EntrySpan) -> str:
    if entry.fields:
        start = entry.fields[-1].start
        line_start = original.rfind("\n", 0, start) + 1
        prefix = original[line_start:start]
        if line_start > entry.start and not prefix.strip():
            return prefix
    return "  "
