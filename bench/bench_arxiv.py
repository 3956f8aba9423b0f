"""arXiv enrichment cost: the seeds through the whole CLI against the local stand-in API.

Prints requests made, requests per record, and the wall time the run would take at arXiv's
pace (one request every 3 s): requests × 3 s + the real processing time measured here. The
pace itself runs on a fake clock, so the script finishes in seconds. A second part does the
same for a larger synthetic input through the enricher alone.

    python bench/bench_arxiv.py [--synthetic-ids N] [--synthetic-titles N]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))  # the stand-in API lives with the tests

from fake_arxiv import FakeArxiv, FakeClock, Paper, load_papers

import bibexport.enrichers.arxiv as arxiv_enricher
from bibexport import pipeline
from bibexport.cli import main
from bibexport.model import Record, Report, Source, make_record

PACE = 3.0


def seeds_run(tmp: Path) -> None:
    clock = FakeClock()
    arxiv_enricher._default_clock = clock
    arxiv_enricher._default_sleep = clock.sleep
    with FakeArxiv(load_papers(), clock=clock) as api:
        os.environ["BIBEXPORT_ARXIV_URL"] = api.url
        rows = []
        for label in ("cold cache", "warm cache (re-run)"):
            before = len(api.hits)
            argv = ["bib", str(REPO / "seeds"), "-o", str(tmp / "seeds.bib")]
            argv += ["--cache-dir", str(tmp / "cache"), "-q"]
            start = time.perf_counter()
            with contextlib.redirect_stderr(io.StringIO()):
                code = main(argv)
            real = time.perf_counter() - start
            assert code == 0, f"bibexport exited {code}"
            records = pipeline.read([tmp / "seeds.bib"], format="bibtex")
            rows.append((label, len(api.hits) - before, records, real))
    print("seeds (5 listings → 23 papers) through `bibexport bib seeds/ -o seeds.bib`")
    for label, requests, records, real in rows:
        on_arxiv = sum(1 for r in records if r.arxiv_id)
        print(f"  {label}:")
        print(f"    records written          {len(records)} ({on_arxiv} with arXiv data)")
        print(f"    requests made            {requests}")
        print(f"    requests per record      {requests / len(records):.3f}")
        print(f"    real processing time     {real:.2f} s")
        print(f"    wall time at 3 s/request {requests * PACE + real:.2f} s")
    papers = len(rows[0][2])
    print(f"  one request per paper (the anchors' way): {papers} requests, {papers * PACE:.0f} s")


def synthetic_run(n_ids: int, n_titles: int) -> None:
    papers = [
        Paper(
            id=f"2{(i // 90000) % 9 + 1}0{(i // 10000) % 9 + 1}.{i % 10000:05d}",
            version=1,
            title=f"Synthetic study number {i} of {_word(i)} {_word(i * 7 + 3)} networks",
            authors=(f"Author{i} Family{i % 97}", "Ada Lovelace"),
            published="2021-03-04T10:00:00Z",
            updated="2021-03-04T10:00:00Z",
            categories=("cs.LG",),
            summary="Synthetic abstract.",
        )
        for i in range(n_ids + n_titles)
    ]
    src = Source("synthetic.txt", 1, "identifiers")
    records: list[Record] = [make_record(src, arxiv_id=p.id) for p in papers[:n_ids]]
    records += [make_record(src, title=p.title) for p in papers[n_ids:]]
    clock = FakeClock()
    with FakeArxiv(papers, clock=clock) as api, tempfile.TemporaryDirectory() as cache:
        enricher = arxiv_enricher.ArxivEnricher(
            base_url=api.url, cache_dir=cache, clock=clock, sleep=clock.sleep, progress=False
        )
        report = Report()
        start = time.perf_counter()
        out = enricher.enrich(records, report)
        real = time.perf_counter() - start
    done = sum(1 for r in out if r.arxiv_id and r.title)
    requests = len(api.hits)
    print(f"synthetic: {n_ids} records with ids + {n_titles} title-only records (enricher alone)")
    print(f"    enriched                 {done} of {len(records)}")
    print(
        f"    requests made            {requests} (POST: {sum(h.method == 'POST' for h in api.hits)})"
    )
    print(f"    requests per record      {requests / len(records):.4f}")
    print(f"    real processing time     {real:.2f} s")
    print(f"    wall time at 3 s/request {requests * PACE + real:.2f} s")


def _word(i: int) -> str:
    words = ["sparse", "recurrent", "graph", "spiking", "quantum", "Bayesian", "deep", "convex"]
    return words[i % len(words)]


def main_() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic-ids", type=int, default=1000)
    parser.add_argument("--synthetic-titles", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        seeds_run(Path(tmp))
    print()
    synthetic_run(args.synthetic_ids, args.synthetic_titles)


if __name__ == "__main__":
    main_()
