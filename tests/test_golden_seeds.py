"""Golden outputs of the seeds (offline), and the seeds' BibTeX through real bibtex and biber.

Regenerate after an intended change with ``BIBEXPORT_UPDATE_GOLDEN=1 pytest tests/test_golden_seeds.py``
and review the diff.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from writers.test_tex_compile import compile_with, needs_tex

from bibexport import pipeline
from bibexport.merge import merge
from bibexport.model import Record, Report, WriteOptions
from bibexport.plugins import Registry
from bibexport.readers.alphaxiv import AlphaxivReader

GOLDEN = Path(__file__).parent / "fixtures" / "golden"
# alphaXiv gives some dates without a year; pin "today" so the inferred years are stable.
TODAY = dt.date(2026, 11, 21)


def _seed_records(seeds: Path) -> list[Record]:
    registry = Registry.from_entry_points()
    registry.add("readers", "alphaxiv", lambda: AlphaxivReader(today=TODAY))
    report = Report()
    records = merge(pipeline.read([seeds], report=report, registry=registry), report)
    assert not report.unparsed and not report.errors
    return records


CASES = {
    "seeds.offline.bib": ("bibtex", WriteOptions()),
    "seeds.offline.biblatex.bib": ("bibtex", WriteOptions(style="biblatex")),
    "seeds.offline.unicode.bib": ("bibtex", WriteOptions(unicode=True)),
    "seeds.offline.json": ("csljson", WriteOptions()),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_seed_output_matches_golden_file(name: str, seeds: Path) -> None:
    writer, options = CASES[name]
    text = pipeline.write(_seed_records(seeds), writer=writer, options=options)
    golden = GOLDEN / name
    if os.environ.get("BIBEXPORT_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


@needs_tex
@pytest.mark.tex
@pytest.mark.parametrize(
    ("style", "options"),
    [
        ("plain", WriteOptions()),
        ("plainnat", WriteOptions()),
        ("biblatex", WriteOptions(style="biblatex")),
    ],
)
def test_seed_bibtex_compiles_under_real_tools(
    style: str, options: WriteOptions, seeds: Path, tmp_path: Path
) -> None:
    text = pipeline.write(_seed_records(seeds), writer="bibtex", options=options)
    compile_with(text, style, tmp_path)
