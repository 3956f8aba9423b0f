"""The whole CLI on the seeds against the local stand-in arXiv (issue 3, second acceptance box)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_arxiv import FakeArxiv, FakeClock, gaps, load_papers

import bibexport.enrichers.arxiv as arxiv_enricher
from bibexport import pipeline
from bibexport.cli import main
from bibexport.model import Record

NOT_ON_ARXIV = "Implicit encoding of prior probabilities in optimal neural populations"


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeArxiv]:
    """The stand-in API, found through BIBEXPORT_ARXIV_URL, on a clock nobody waits for."""
    clock = FakeClock()
    # The CLI builds the enricher itself: inject the clock through the module defaults.
    monkeypatch.setattr(arxiv_enricher, "_default_clock", clock)
    monkeypatch.setattr(arxiv_enricher, "_default_sleep", clock.sleep)
    with FakeArxiv(load_papers(), clock=clock) as api:
        monkeypatch.setenv("BIBEXPORT_ARXIV_URL", api.url)
        yield api


def run(seeds: Path, out: Path, cache: Path) -> list[Record]:
    assert main(["bib", str(seeds), "-o", str(out), "--cache-dir", str(cache), "-q"]) == 0
    return pipeline.read([out], format="bibtex")


def test_seeds_are_enriched_in_two_requests_three_seconds_apart(
    server: FakeArxiv, seeds: Path, tmp_path: Path
) -> None:
    records = run(seeds, tmp_path / "seeds.bib", tmp_path / "cache")
    assert len(records) == 23
    enriched = [r for r in records if r.arxiv_id]
    assert len(enriched) == 22
    [alone] = [r for r in records if not r.arxiv_id]
    assert alone.title == NOT_ON_ARXIV
    # One id-list query for the ten ids of seed 000, one title query for the other papers
    # (the target is at most 4).
    assert len(server.hits) == 2
    assert all(gap >= 3.0 for gap in gaps(server.times))
    by_title = {r.title: r for r in records}
    assert by_title["The AI Index 2021 Annual Report"].arxiv_id == "2103.06312"
    gpt3 = by_title["Language Models are Few-Shot Learners"]
    assert len(gpt3.authors) == 31 and not gpt3.authors_truncated


def test_a_rerun_makes_no_request_and_writes_the_same_file(
    server: FakeArxiv, seeds: Path, tmp_path: Path
) -> None:
    run(seeds, tmp_path / "first.bib", tmp_path / "cache")
    asked = len(server.hits)
    run(seeds, tmp_path / "second.bib", tmp_path / "cache")
    assert len(server.hits) == asked
    assert (tmp_path / "second.bib").read_bytes() == (tmp_path / "first.bib").read_bytes()


def test_no_cache_asks_again(server: FakeArxiv, seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "seeds.bib"
    for _ in range(2):
        assert main(["bib", str(seeds), "-o", str(out), "--no-cache", "-q"]) == 0
    assert len(server.hits) == 4


def test_an_unreachable_api_still_writes_the_offline_file(
    monkeypatch: pytest.MonkeyPatch, seeds: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BIBEXPORT_ARXIV_URL", "http://127.0.0.1:9/api/query")  # nothing listens
    out = tmp_path / "seeds.bib"
    assert main(["bib", str(seeds), "-o", str(out), "--cache-dir", str(tmp_path / "c")]) == 0
    assert len(pipeline.read([out], format="bibtex")) == 23
    warnings = [w for w in capsys.readouterr().err.splitlines() if w.startswith("warning: arXiv")]
    assert len(warnings) == 1 and "unreachable" in warnings[0] and "offline" in warnings[0]


MY_BIB = """% my references
@article{brown2020gpt3,
  title = {Language Models are Few-Shot Learners},
  author = {Brown, Tom B. and others},
  journal = {arXiv preprint arXiv:2005.14165},
  year = {2020},
  note = {read this twice}
}

@inproceedings{mine1999,
  title = {A Paper {arXiv} Has Never Seen},
  author = {Nobody, Some},
  booktitle = {Proceedings of Nothing},
  year = {1999},
  pages = {1--10}
}
"""


def test_update_enriches_a_bib_in_place_keeping_keys_order_and_untouched_entries(
    server: FakeArxiv, tmp_path: Path
) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(MY_BIB)
    assert main(["bib", str(bib), "--update", "--cache-dir", str(tmp_path / "c"), "-q"]) == 0
    text = bib.read_text()
    assert (tmp_path / "refs.bib.bak").read_text() == MY_BIB
    # the entry arXiv does not know is byte-for-byte as it was, and so is the text around it
    assert MY_BIB[MY_BIB.index("@inproceedings") :] in text
    assert text.startswith("% my references\n@article{brown2020gpt3,")
    [gpt3, mine] = pipeline.read([bib], format="bibtex")
    assert (gpt3.key, mine.key) == ("brown2020gpt3", "mine1999")
    assert len(gpt3.authors) == 31 and not gpt3.authors_truncated
    assert gpt3.extra_field("note") == "read this twice"
    assert gpt3.entry_type == "article"


def test_update_offline_changes_nothing_and_keeps_no_backup(tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(MY_BIB)
    assert main(["bib", str(bib), "--update", "--offline", "-q"]) == 0
    assert bib.read_text() == MY_BIB
    assert not (tmp_path / "refs.bib.bak").exists()
