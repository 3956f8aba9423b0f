"""Benchmark: N synthetic listing records (mixed formats) → .bib, offline.

Prints records/s and peak memory for bibexport (read + merge + write) next to bibtexparser
parsing and writing the same entries, in one run. Each measurement runs in its own process so
that peak RSS is its own.

    python bench/bench_pipeline.py            # 100,000 records
    python bench/bench_pipeline.py -n 10000   # quicker
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
WORDS = [
    "scaling",
    "learning",
    "neural",
    "language",
    "models",
    "transformers",
    "attention",
    "sparse",
    "robust",
    "causal",
    "graph",
    "reinforcement",
    "feedback",
    "alignment",
    "interpretability",
    "features",
    "circuits",
    "optimisation",
    "diffusion",
    "contrastive",
    "retrieval",
    "memory",
    "reasoning",
    "planning",
    "agents",
    "evaluation",
    "benchmark",
    "calibration",
    "uncertainty",
    "privacy",
    "federated",
    "adversarial",
    "generalisation",
    "curriculum",
]
GIVEN = [
    "Ada",
    "Alan",
    "Grace",
    "Kurt",
    "Emmy",
    "Sofia",
    "Kamilė",
    "Sören",
    "José",
    "Zoë",
    "Ming",
    "Priya",
    "Olu",
    "Lars",
]
FAMILY = [
    "Lovelace",
    "Turing",
    "Hopper",
    "Gödel",
    "Noether",
    "Kovalevskaya",
    "Lukošiūtė",
    "Mindermann",
    "Núñez",
    "Li",
    "Patel",
    "Okafor",
    "Berg",
]
CODES = ["CL", "LG", "AI", "CV", "HC", "RO"]


def _paper(rng: random.Random, i: int) -> dict:
    title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 9))).capitalize() + f" {i}"
    authors = [f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}" for _ in range(rng.randint(1, 8))]
    abstract = " ".join(rng.choice(WORDS) for _ in range(rng.randint(60, 140))).capitalize() + "."
    y, m, d = rng.randint(2008, 2025), rng.randint(1, 12), rng.randint(1, 28)
    return {
        "title": title,
        "authors": authors,
        "abstract": abstract,
        "date": (y, m, d),
        "id": f"{y % 100:02d}{m:02d}.{10000 + i % 90000:05d}",
    }


def _dump(p: dict) -> str:
    y, m, d = p["date"]
    return f"{p['abstract']}\n\narXiv:{p['id']}\nCreated: {y}-{m:02d}-{d:02d}\n\n"


def _catalyzex(p: dict) -> str:
    y, m, d = p["date"]
    return (
        f"{p['title']}\n\n{MONTHS[m - 1]} {d:02d}, {y}\n{', '.join(p['authors'])}\n\n"
        f"Figure 1 for {p['title']}\n\n{p['abstract']}\n\nViaarxiv icon\n\n"
    )


def _alphaxiv(p: dict, rng: random.Random) -> str:
    y, m, d = p["date"]
    more = " et al." if len(p["authors"]) > 3 else ""
    return (
        f"{rng.choice(CODES)}{MONTHS[m - 1]} {d}, {y}\n"
        f"{p['title']}{', '.join(p['authors'][:3])}{more}\n{p['abstract']}\n"
    )


def _aitopics(p: dict) -> str:
    return f"\n{p['title']}\n\narXiv.org Artificial Intelligence\n\n{p['abstract']}\n\n"


def _bib(p: dict, i: int) -> str:
    y = p["date"][0]
    authors = " and ".join(p["authors"])
    return (
        f"@article{{k{i},\n  title = {{{p['title']}}},\n  author = {{{authors}}},\n"
        f"  journal = {{arXiv preprint arXiv:{p['id']}}},\n  year = {{{y}}}\n}}\n\n"
    )


def make_inputs(n: int, folder: Path, seed: int = 7) -> None:
    """N records spread over six formats (one file each); one in ten papers appears twice."""
    rng = random.Random(seed)
    papers = [_paper(rng, i) for i in range(int(n * 0.9) + 1)]
    picks = [papers[i % len(papers)] for i in range(n)]
    rng.shuffle(picks)
    chunks: dict[str, list[str]] = {
        k: [] for k in ("dump", "catalyzex", "alphaxiv", "aitopics", "ids", "bib")
    }
    for i, p in enumerate(picks):
        kind = list(chunks)[i % 6]
        if kind == "dump":
            chunks[kind].append(_dump(p))
        elif kind == "catalyzex":
            chunks[kind].append(_catalyzex(p))
        elif kind == "alphaxiv":
            chunks[kind].append(_alphaxiv(p, rng))
        elif kind == "aitopics":
            chunks[kind].append(_aitopics(p))
        elif kind == "ids":
            chunks[kind].append(f"https://arxiv.org/abs/{p['id']}v{rng.randint(1, 4)}\n")
        else:
            chunks[kind].append(_bib(p, i))
    heads = {
        "catalyzex": "Alert button\nPicture for Ada Lovelace\n\nAda Lovelace\n\nAlert button\n\n",
        "aitopics": "Goto\n\nCollaborating Authors\n\n Lovelace, Ada\n\n",
    }
    for kind, parts in chunks.items():
        suffix = ".bib" if kind == "bib" else ".txt"
        (folder / f"{kind}{suffix}").write_text(
            heads.get(kind, "") + "".join(parts), encoding="utf-8"
        )


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def phase_bibexport(folder: Path, out: Path) -> dict:
    from bibexport import pipeline
    from bibexport.merge import merge
    from bibexport.model import Report

    t0 = time.perf_counter()
    report = Report()
    records = pipeline.read([folder], report=report)
    t1 = time.perf_counter()
    merged = merge(records, report)
    t2 = time.perf_counter()
    text = pipeline.write(merged)
    pipeline.write_atomic(out, text)
    t3 = time.perf_counter()
    return {
        "read": len(records),
        "written": len(merged),
        "unparsed": len(report.unparsed),
        "t_read": t1 - t0,
        "t_merge": t2 - t1,
        "t_write": t3 - t2,
        "t_total": t3 - t0,
        "peak_mib": _peak_mib(),
    }


def phase_bibtexparser(bib: Path) -> dict:
    import bibtexparser
    from bibtexparser.bparser import BibTexParser

    text = bib.read_text(encoding="utf-8")
    t0 = time.perf_counter()
    db = bibtexparser.loads(text, parser=BibTexParser(common_strings=True))
    t1 = time.perf_counter()
    bibtexparser.dumps(db)
    t2 = time.perf_counter()
    return {
        "entries": len(db.entries),
        "t_parse": t1 - t0,
        "t_write": t2 - t1,
        "t_total": t2 - t0,
        "peak_mib": _peak_mib(),
    }


def _run_phase(*args: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--phase", *args], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("-n", type=int, default=100_000, help="synthetic records (default 100000)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per tool; medians reported")
    ap.add_argument("--phase", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        kind, *paths = args.phase
        res = (
            phase_bibexport(Path(paths[0]), Path(paths[1]))
            if kind == "bibexport"
            else phase_bibtexparser(Path(paths[0]))
        )
        print(json.dumps(res))
        return

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        make_inputs(args.n, folder)
        bib = Path(tmp) / "out.bib"
        ours = [_run_phase("bibexport", str(folder), str(bib)) for _ in range(args.repeat)]
        theirs = [_run_phase("bibtexparser", str(bib)) for _ in range(args.repeat)]

    def med(rows: list[dict], k: str) -> float:
        return statistics.median(r[k] for r in rows)

    o, t = ours[0], theirs[0]
    print(
        f"input: {args.n:,} synthetic records in 6 formats; runs per tool: {args.repeat} (medians)"
    )
    print(
        f"bibexport: read {o['read']:,} records ({o['unparsed']} unparsed), wrote {o['written']:,} entries"
    )
    print(
        f"  read {med(ours, 't_read'):.2f} s, merge {med(ours, 't_merge'):.2f} s, "
        f"write {med(ours, 't_write'):.2f} s, total {med(ours, 't_total'):.2f} s "
        f"-> {o['read'] / med(ours, 't_total'):,.0f} records/s; peak RSS {med(ours, 'peak_mib'):.0f} MiB"
    )
    print(
        f"bibtexparser {_version()}: parse {med(theirs, 't_parse'):.2f} s, write {med(theirs, 't_write'):.2f} s "
        f"of the same {t['entries']:,} entries, total {med(theirs, 't_total'):.2f} s "
        f"-> {t['entries'] / med(theirs, 't_total'):,.0f} entries/s; peak RSS {med(theirs, 'peak_mib'):.0f} MiB"
    )
    print(
        f"ratio (bibexport whole pipeline time / bibtexparser parse+write time): "
        f"{med(ours, 't_total') / med(theirs, 't_total'):.2f}"
    )


def _version() -> str:
    from importlib.metadata import version

    return version("bibtexparser")


if __name__ == "__main__":
    main()
