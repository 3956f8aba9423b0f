"""Requests and wall time of a Zotero push, against the fake Zotero server on 127.0.0.1.

For N = 23 (varied records), 500 and 5,000 new records pushed into ``Bench/Run`` of a
library that already holds other items, it prints item writes (expected ⌈N/50⌉), reads
(expected ⌈library size/100⌉ + collection look-ups), all requests, and the wall time (median
of several runs for the small N); then the same for a second push of the same records, which
must write nothing.

    python bench/bench_zotero.py [--library-size 250] [--runs 5]
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fake_zotero import FakeZotero
from sinks.zotero_helpers import synthetic, varied_records

from bibexport.model import Record, Report
from bibexport.sinks.zotero import ZoteroSink
from bibexport.sinks.zotero_items import to_item

COLLECTION = "Bench/Run"


def one_run(records: list[Record], library_size: int) -> dict[str, float]:
    with FakeZotero() as fake:
        os.environ.update(
            ZOTERO_API_KEY=fake.api_key,
            ZOTERO_LIBRARY_ID=fake.library_id,
            BIBEXPORT_ZOTERO_URL=fake.url,
        )
        for r in synthetic(library_size, offset=90000):
            fake.add_item(to_item(r))
        out: dict[str, float] = {}
        for label in ("first", "second"):
            before = fake.counts.copy()
            report = Report()
            t0 = time.perf_counter()
            ZoteroSink(collection=COLLECTION).push(records, report)
            out[f"{label}.seconds"] = time.perf_counter() - t0
            c = report.counters
            out[f"{label}.created"] = c["zotero.created"]
            out[f"{label}.already"] = c["zotero.already_there"]
            out[f"{label}.item_writes"] = c["zotero.item_writes"]
            out[f"{label}.reads"] = c["zotero.reads"]
            out[f"{label}.requests"] = c["zotero.requests"]
            out[f"{label}.collection_reads"] = sum(
                1
                for m, p, _ in fake.log[before["requests"] :]
                if m == "GET" and "/collections" in p
            )
            out[f"{label}.collection_writes"] = (
                fake.counts["collection_write"] - before["collection_write"]
            )
            assert c["zotero.failed"] == 0, report.render()
        assert len(fake.items_in(fake.collection_key(COLLECTION) or "")) == len(records)
        return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--library-size",
        type=int,
        default=250,
        help="unrelated items already in the library (default 250)",
    )
    ap.add_argument("--runs", type=int, default=5, help="runs for N < 5000 (median)")
    args = ap.parse_args()
    cases = [("23 varied", varied_records()), ("500", synthetic(500)), ("5000", synthetic(5000))]
    print(
        f"library: {args.library_size} other items; collection {COLLECTION!r} (created on "
        "the first push); fake server on 127.0.0.1"
    )
    header = (
        f"{'N':>9} {'push':>6} {'created':>7} {'item writes':>11} {'expect':>6} "
        f"{'reads':>5} {'expect':>6} {'coll.':>5} {'requests':>8} {'wall s':>7}"
    )
    print(header)
    print("-" * len(header))
    for name, records in cases:
        n = len(records)
        runs = 1 if n >= 5000 else args.runs
        results = [one_run(records, args.library_size) for _ in range(runs)]
        r0 = results[0]
        for label, size, writes in (
            ("first", args.library_size, math.ceil(n / 50)),
            ("second", args.library_size + n, 0),
        ):
            coll = int(r0[f"{label}.collection_reads"])
            expect_reads = max(1, math.ceil(size / 100)) + coll
            wall = statistics.median(r[f"{label}.seconds"] for r in results)
            print(
                f"{name:>9} {label:>6} {int(r0[f'{label}.created']):>7} "
                f"{int(r0[f'{label}.item_writes']):>11} {writes:>6} "
                f"{int(r0[f'{label}.reads']):>5} {expect_reads:>6} {coll:>5} "
                f"{int(r0[f'{label}.requests']):>8} {wall:>7.3f}"
            )
    print(
        "reads = item pages (⌈library size/100⌉, at least 1) + collection look-ups (coll.); "
        "requests also count the collection writes of the first push; wall time is the "
        f"median of {args.runs} runs (1 for 5000)"
    )


if __name__ == "__main__":
    main()
