"""The ``bibexport`` command: wires the stages and prints the report. No logic of its own."""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import __version__, pipeline
from .errors import BibexportError
from .merge import merge
from .model import Record, Report, WriteOptions
from .plugins import Registry


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files, directories, or - for stdin")
    p.add_argument(
        "--format", metavar="NAME", help="reader to use for every input (default: detect)"
    )
    p.add_argument("--offline", action="store_true", help="no network: cached answers only")
    p.add_argument(
        "--enricher",
        action="append",
        metavar="NAME",
        help="enricher plugin(s) to run (default: arxiv); repeat for several",
    )
    p.add_argument("--no-enrich", action="store_true", help="skip enrichment entirely")
    p.add_argument(
        "--arxiv-url", metavar="URL", help="arXiv API base URL (env BIBEXPORT_ARXIV_URL)"
    )
    p.add_argument("--cache-dir", metavar="DIR", help="cache directory (env BIBEXPORT_CACHE_DIR)")
    p.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    p.add_argument(
        "--key-pattern",
        default="{auth}{year}{word}",
        metavar="P",
        help="citation key pattern (default: {auth}{year}{word})",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="print only warnings and errors")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bibexport",
        description="Scraped paper listings, arXiv ids and .bib files → clean BibTeX or Zotero.",
    )
    parser.add_argument("--version", action="version", version=f"bibexport {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    bib = sub.add_parser("bib", help="write BibTeX (or another writer's format)")
    _common(bib)
    bib.add_argument("-o", "--output", metavar="FILE", help="output file (default: stdout)")
    bib.add_argument(
        "--writer", metavar="NAME", help="writer plugin (default: from -o suffix, else bibtex)"
    )
    bib.add_argument("--style", choices=("bibtex", "biblatex"), default="bibtex")
    bib.add_argument("--unicode", action="store_true", help="keep non-ASCII as UTF-8")
    bib.add_argument("--no-abstract", action="store_true", help="leave abstracts out")
    bib.add_argument("--no-comment", action="store_true", help="leave arXiv comments out")
    bib.add_argument(
        "--year",
        choices=("first", "latest"),
        default="first",
        help="year of the first arXiv version (default) or of the latest",
    )
    bib.add_argument(
        "--update",
        action="store_true",
        help="enrich one .bib file in place (keeps keys, order and your fields; writes FILE.bak)",
    )

    show = sub.add_parser("show", help="print the parsed, merged records")
    _common(show)
    show.add_argument("--json", action="store_true", help="JSON instead of a table")

    zot = sub.add_parser("zotero", help="push items into a Zotero collection")
    _common(zot)
    where = zot.add_mutually_exclusive_group(required=True)
    where.add_argument(
        "--collection", metavar="PATH", help='collection name or path "Parent/Child"'
    )
    where.add_argument("--collection-key", metavar="KEY", help="collection key")
    zot.add_argument("--library-id", metavar="ID", help="library id (env ZOTERO_LIBRARY_ID)")
    zot.add_argument(
        "--library-type", choices=("user", "group"), help="library type (env ZOTERO_LIBRARY_TYPE)"
    )
    zot.add_argument("--zotero-url", metavar="URL", help="API base URL (env BIBEXPORT_ZOTERO_URL)")
    zot.add_argument("--dry-run", action="store_true", help="show what would change, write nothing")

    sub.add_parser("plugins", help="list the installed plugins")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status."""
    args = build_parser().parse_args(argv)
    report = Report()
    try:
        registry = Registry.from_entry_points()
        handler = {"bib": _bib, "show": _show, "zotero": _zotero, "plugins": _plugins}[args.command]
        status = handler(args, registry, report)
    except BibexportError as exc:
        _print_report(report, args)
        print(f"bibexport: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("bibexport: interrupted", file=sys.stderr)
        return 130
    _print_report(report, args)
    return status


# --- commands ----------------------------------------------------------------------------


def _records(
    args: argparse.Namespace, registry: Registry, report: Report, *, enrich: bool
) -> list[Record]:
    records = pipeline.read(args.inputs, report=report, registry=registry, format=args.format)
    records = merge(records, report)
    if enrich and not args.no_enrich and records:
        records = pipeline.enrich(
            records,
            report=report,
            registry=registry,
            enrichers=args.enricher or ("arxiv",),
            options=_enricher_options(args),
        )
    return records


def _enricher_options(args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    arxiv: dict[str, Any] = {"offline": args.offline, "use_cache": not args.no_cache}
    if args.arxiv_url:
        arxiv["base_url"] = args.arxiv_url
    if args.cache_dir:
        arxiv["cache_dir"] = args.cache_dir
    if args.quiet:
        arxiv["progress"] = False
    return {"arxiv": arxiv}


def _write_options(args: argparse.Namespace) -> WriteOptions:
    return WriteOptions(
        style=args.style,
        unicode=args.unicode,
        key_pattern=args.key_pattern,
        abstract=not args.no_abstract,
        comment=not args.no_comment,
        year_from=args.year,
    )


def _nothing(report: Report, what: str) -> int:
    reason = report.errors[0] if len(report.errors) == 1 else f"{len(report.errors)} input error(s)"
    print(
        f"bibexport: nothing to {what}: no records read"
        + (f" ({reason})" if report.errors else ""),
        file=sys.stderr,
    )
    return 1


def _bib(args: argparse.Namespace, registry: Registry, report: Report) -> int:
    if args.update:
        return _update(args, registry, report)
    records = _records(args, registry, report, enrich=True)
    if not records:
        return _nothing(report, "write")
    writer = args.writer or (
        "csljson" if args.output and args.output.endswith(".json") else "bibtex"
    )
    text = pipeline.write(records, writer=writer, options=_write_options(args), registry=registry)
    if args.output:
        pipeline.write_atomic(args.output, text)
        report.note("written", f"{len(records)} entries to {args.output} ({writer})")
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
        report.note("written", f"{len(records)} entries to stdout ({writer})")
    return 0


def _update(args: argparse.Namespace, registry: Registry, report: Report) -> int:
    from .writers.bibtex import update_bib  # --update is a BibTeX-only operation

    if len(args.inputs) != 1 or args.inputs[0] == "-" or not Path(args.inputs[0]).is_file():
        raise BibexportError("--update takes exactly one .bib file")
    path = Path(args.inputs[0])
    before = pipeline.read([path], report=report, registry=registry, format=args.format or "bibtex")
    if not before:
        return _nothing(report, "update")
    after = before
    if not args.no_enrich:
        after = pipeline.enrich(
            before,
            report=report,
            registry=registry,
            enrichers=args.enricher or ("arxiv",),
            options=_enricher_options(args),
            remerge=False,
        )
    original = pipeline.load_input(path).text
    text = update_bib(original, before, after, _write_options(args))
    changed = sum(1 for a, b in zip(before, after, strict=True) if a != b)
    if text != original:
        shutil.copy2(path, path.with_name(path.name + ".bak"))
        pipeline.write_atomic(path, text)
    report.note(
        "updated",
        f"{changed} of {len(before)} entries changed in {path}"
        + (f" (backup: {path.name}.bak)" if text != original else ""),
    )
    return 0


def _show(args: argparse.Namespace, registry: Registry, report: Report) -> int:
    records = _records(args, registry, report, enrich=False)
    if not records:
        return _nothing(report, "show")
    if args.json:
        json.dump([_as_json(r) for r in records], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(_table(records))
    return 0


def _zotero(args: argparse.Namespace, registry: Registry, report: Report) -> int:
    records = _records(args, registry, report, enrich=True)
    if not records:
        return _nothing(report, "push")
    options: dict[str, Any] = {
        "library_id": args.library_id,
        "library_type": args.library_type,
        "collection": args.collection,
        "collection_key": args.collection_key,
        "key_pattern": args.key_pattern,
    }
    if args.zotero_url:
        options["base_url"] = args.zotero_url
    pipeline.push(
        records, sink="zotero", report=report, registry=registry, dry_run=args.dry_run, **options
    )
    return 1 if report.counters.get("zotero.failed") else 0


def _plugins(args: argparse.Namespace, registry: Registry, report: Report) -> int:
    for role in ("readers", "enrichers", "writers", "sinks"):
        print(f"{role}: {', '.join(registry.names(role))}")
    return 0


# --- output helpers ----------------------------------------------------------------------


def _as_json(r: Record) -> dict[str, Any]:
    d = dataclasses.asdict(r)
    d["sources"] = [str(s) for s in r.sources]
    d["provenance"] = {o.field: str(o.source) for o in r.provenance}
    d["extra"] = dict(r.extra)
    return d


def _table(records: Sequence[Record]) -> str:
    rows = [("#", "date", "arXiv", "authors", "title", "seen in")]
    for i, r in enumerate(records, 1):
        first = r.authors[0].family if r.authors else ""
        if len(r.authors) > 1 or r.authors_truncated:
            first += " et al."
        title = r.title or "(no title)"
        rows.append(
            (
                str(i),
                r.date.iso() if r.date else "",
                r.arxiv_id or "",
                first[:22],
                title[:60] + ("…" if len(title) > 60 else ""),
                str(len(r.sources)),
            )
        )
    widths = [max(len(row[c]) for row in rows) for c in range(len(rows[0]))]
    return "".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() + "\n"
        for row in rows
    )


def _print_report(report: Report, args: argparse.Namespace) -> None:
    if getattr(args, "quiet", False):
        lines = [f"warning: {w}" for w in report.warnings] + [f"error: {e}" for e in report.errors]
        lines += [f"unparsed: {u}" for u in report.unparsed]
        text = "\n".join(lines)
    else:
        text = report.render()
    if text:
        print(text, file=sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
