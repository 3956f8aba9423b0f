"""Wiring of the stages: inputs → readers → merge → enrichers → writers / sinks.

Each function takes records and gives records (or text); the report collects what happened.
The CLI is a thin shell over these; ``bibexport/__init__.py`` re-exports them as the API.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import BibexportError, PluginError, ReadError
from .merge import merge
from .model import Record, Report, Unparsed, WriteOptions
from .plugins import Reader, Registry

#: Below this sniff score no reader claims a file: it is reported, not guessed at.
MIN_SNIFF = 0.2
STDIN = "-"


@dataclass(frozen=True, slots=True)
class Input:
    """One input's decoded text and the name it is reported under."""

    name: str
    text: str
    path: Path | None = None


def expand_inputs(inputs: Iterable[str | os.PathLike[str]], report: Report) -> list[Path | str]:
    """Files as given; directories become their files (sorted, hidden ones skipped)."""
    out: list[Path | str] = []
    for item in inputs:
        if str(item) == STDIN:
            out.append(STDIN)
            continue
        p = Path(item)
        if p.is_dir():
            files = sorted(
                f
                for f in p.rglob("*")
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            if not files:
                report.errors.append(f"{p}: directory holds no files")
            out.extend(files)
        elif p.exists():
            out.append(p)
        else:
            report.errors.append(f"{p}: no such file or directory")
    return out


def decode(data: bytes, name: str) -> str:
    """Bytes of a text input → ``str`` with ``\\n`` line ends.

    Accepts UTF-8 (with or without BOM), UTF-16 with BOM, and falls back to Windows-1252 /
    Latin-1 for legacy bytes. Binary or empty input is a :class:`ReadError` for that file.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        if b"\x00" in data[:8192]:
            raise ReadError(name, "looks like a binary file, not text")
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            # cp1252 is a superset of Latin-1's printable range; latin-1 never fails.
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReadError(name, "is empty")
    control = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\n\t\f")
    if control > max(8, len(text[:8192]) // 100):
        raise ReadError(name, "looks like a binary file, not text")
    return text


def load_input(item: Path | str) -> Input:
    """Read and decode one input (``-`` is standard input)."""
    if item == STDIN:
        return Input("<stdin>", decode(sys.stdin.buffer.read(), "<stdin>"))
    path = Path(item)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(str(path), f"cannot be read: {exc.strerror or exc}") from None
    return Input(str(path), decode(data, str(path)), path)


def choose_reader(inp: Input, registry: Registry, format: str | None = None) -> Reader:
    """``format`` if given; else a reader claiming the file suffix; else the best sniff."""
    if format:
        return registry.create("readers", format)
    readers = registry.readers()
    if inp.path is not None:
        suffix = inp.path.suffix.lower()
        for r in readers:
            if suffix and suffix in getattr(r, "suffixes", ()):
                return r
    scored = sorted(((r.sniff(inp.text), r.name, r) for r in readers), key=lambda t: -t[0])
    if not scored or scored[0][0] < MIN_SNIFF:
        names = ", ".join(registry.names("readers"))
        raise ReadError(inp.name, f"format not recognised (use --format, one of: {names})", 1)
    return scored[0][2]


def read(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    report: Report | None = None,
    registry: Registry | None = None,
    format: str | None = None,
) -> list[Record]:
    """Read every input; records in input order. Per-file failures go in ``report.errors``."""
    report = report if report is not None else Report()
    registry = registry or Registry.from_entry_points()
    if format:
        registry.load("readers", format)  # an unknown --format fails the run, not each file
    records: list[Record] = []
    for item in expand_inputs(inputs, report):
        try:
            inp = load_input(item)
            reader = choose_reader(inp, registry, format)
        except ReadError as exc:
            report.errors.append(str(exc))
            continue
        n = 0
        for out in reader.read(inp.text, inp.name):
            if isinstance(out, Unparsed):
                report.unparsed.append(out)
            else:
                records.append(out)
                n += 1
        report.read_counts[inp.name] = n
        report.formats[inp.name] = reader.name
    return records


def enrich(
    records: Sequence[Record],
    *,
    report: Report | None = None,
    registry: Registry | None = None,
    enrichers: Sequence[str] = ("arxiv",),
    options: dict[str, dict[str, Any]] | None = None,
    remerge: bool = True,
) -> list[Record]:
    """Run each named enricher in turn, then merge again (enrichment can reveal duplicates).

    ``options`` maps an enricher's name to its constructor's keyword arguments.
    """
    report = report if report is not None else Report()
    registry = registry or Registry.from_entry_points()
    out = list(records)
    for name in enrichers:
        enricher = registry.create("enrichers", name, **(options or {}).get(name, {}))
        out = enricher.enrich(out, report)
    return merge(out, report) if enrichers and remerge else out


def write(
    records: Sequence[Record],
    *,
    writer: str = "bibtex",
    options: WriteOptions | None = None,
    registry: Registry | None = None,
) -> str:
    """Render records with the named writer."""
    registry = registry or Registry.from_entry_points()
    return registry.create("writers", writer).write(records, options or WriteOptions())


def push(
    records: Sequence[Record],
    *,
    sink: str = "zotero",
    report: Report | None = None,
    registry: Registry | None = None,
    dry_run: bool = False,
    **sink_options: Any,
) -> Report:
    """Push records to the named sink; returns the report."""
    report = report if report is not None else Report()
    registry = registry or Registry.from_entry_points()
    registry.create("sinks", sink, **sink_options).push(records, report, dry_run=dry_run)
    return report


def write_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename (never half a file)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


__all__ = [
    "BibexportError",
    "PluginError",
    "choose_reader",
    "decode",
    "enrich",
    "expand_inputs",
    "merge",
    "push",
    "read",
    "write",
    "write_atomic",
]
