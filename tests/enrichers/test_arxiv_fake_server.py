"""The enricher against the local stand-in API (real HTTP on 127.0.0.1, injected clock)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from fake_arxiv import FakeArxiv, FakeClock, gaps, load_papers

from bibexport.enrichers.arxiv import ArxivEnricher
from bibexport.model import PartialDate, Person, Report, Source, make_record

SRC = Source("list.txt", 1, "alphaxiv")


@pytest.fixture
def server(clock: FakeClock) -> Iterator[FakeArxiv]:
    with FakeArxiv(load_papers(), clock=clock) as api:
        yield api


def test_enricher_finds_the_api_through_the_environment(
    server: FakeArxiv, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BIBEXPORT_ARXIV_URL", server.url)
    records = [
        make_record(SRC, arxiv_id="2212.08073"),
        make_record(SRC, arxiv_id="2005.14165"),
        make_record(SRC, arxiv_id="2301.99999"),
        make_record(SRC, title="Toy Models of Superposition", authors=(Person("Elhage", "Nelson"),)),
        make_record(SRC, title="The AI Index 2021 Annual Report", date=PartialDate(2021, 3, 9)),
        make_record(SRC, title="Implicit encoding of prior probabilities in optimal neural populations"),
    ]  # fmt: skip
    enricher = ArxivEnricher(
        cache_dir=tmp_path, clock=clock, sleep=clock.sleep, progress=False, id_batch_size=2
    )
    report = Report()
    out = enricher.enrich(records, report)
    assert [r.arxiv_id for r in out] == [
        "2212.08073", "2005.14165", "2301.99999", "2209.10652", "2103.06312", None,
    ]  # fmt: skip
    assert len(server.hits) == 3  # two id batches, one title query
    assert all(g >= 3.0 for g in gaps(server.times))  # on the injected clock: nobody slept
    assert report.counters["arxiv.ambiguous"] == 1 and report.counters["arxiv.not_found"] == 1

    again = Report()
    enricher.enrich(records, again)
    assert len(server.hits) == 3 and again.counters["arxiv.cache_hits"] == 6


def test_a_scripted_503_is_retried_against_the_server(
    server: FakeArxiv, clock: FakeClock, tmp_path: Path
) -> None:
    server.fail_next(503, retry_after="5")
    enricher = ArxivEnricher(
        base_url=server.url, use_cache=False, clock=clock, sleep=clock.sleep, progress=False
    )
    [out] = enricher.enrich([make_record(SRC, arxiv_id="2001.08361")], Report())
    assert out.title == "Scaling Laws for Neural Language Models"
    assert [h.status for h in server.hits] == [503, 200]
    assert gaps(server.times) == [5.0]


def test_server_answers_like_arxiv(server: FakeArxiv) -> None:
    def get(**params: str) -> requests.Response:
        return requests.get(server.url, params=params, timeout=5)

    assert get(id_list="abc").status_code == 400
    assert "<title>Error</title>" in get(id_list="abc").text
    assert get(search_query='ti:"unbalanced').status_code == 400
    assert get(search_query="ti:(scaling").status_code == 400
    some = get(id_list="2212.08073,2301.99999,2005.14165", max_results="1")
    assert some.text.count("<entry>") == 1 and "<opensearch:totalResults>2<" in some.text
    post = requests.post(server.url, data={"id_list": "2212.08073"}, timeout=5)
    assert "Constitutional AI" in post.text
    assert [h.method for h in server.hits][-1] == "POST"
