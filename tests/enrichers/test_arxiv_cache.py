"""The SQLite cache: a re-run makes no request, entries expire, --no-cache bypasses it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import responses
from arxiv_support import URL, fixture

from bibexport.enrichers.arxiv import ArxivEnricher
from bibexport.enrichers.cache import FILENAME, ArxivCache
from bibexport.model import Person, Record, Report, Source, make_record

Make = Callable[..., ArxivEnricher]
SRC = Source("refs.txt", 1, "identifiers")


@pytest.fixture
def api() -> Iterator[responses.RequestsMock]:
    def answer(request: requests.PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        ids = "id_list" in parse_qs(urlsplit(str(request.url)).query)
        return (
            200,
            {},
            fixture("new_idlist_one_unknown.xml" if ids else "new_title_batch_decoys.xml"),
        )

    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        rsps.add_callback(responses.GET, URL, callback=answer)
        yield rsps


def records() -> list[Record]:
    return [
        make_record(SRC, arxiv_id="2001.08361"),
        make_record(SRC, arxiv_id="2301.99999"),  # unknown: a cached "no"
        make_record(SRC, title="The AI Index 2021 Annual Report", authors=(Person("Zhang", "D."),)),
        make_record(SRC, title="A title arXiv has never seen"),  # no candidate: a cached "no"
    ]


def test_a_rerun_of_the_same_inputs_makes_no_request(api, make_enricher: Make) -> None:
    first, second = Report(), Report()
    out1 = make_enricher().enrich(records(), first)
    out2 = make_enricher().enrich(records(), second)
    assert first.counters["arxiv.requests"] == 2
    assert second.counters["arxiv.requests"] == 0
    assert second.counters["arxiv.cache_hits"] == 4
    assert out2 == out1
    assert second.notes == first.notes


def test_entries_expire_after_max_age(api, tmp_path: Path, make_enricher: Make) -> None:
    now = [1_000_000.0]
    cache = ArxivCache(tmp_path / "c.sqlite3", max_age=3600, now=lambda: now[0])
    make_enricher(cache=cache).enrich(records()[:2], Report())
    now[0] += 3599
    fresh = Report()
    make_enricher(cache=cache).enrich(records()[:2], fresh)
    now[0] += 2
    stale = Report()
    make_enricher(cache=cache).enrich(records()[:2], stale)
    assert fresh.counters["arxiv.requests"] == 0
    assert stale.counters["arxiv.requests"] == 1


def test_no_cache_neither_reads_nor_writes(api, tmp_path: Path, make_enricher: Make) -> None:
    reports = [Report(), Report()]
    for report in reports:
        make_enricher(use_cache=False, cache_dir=tmp_path / "c").enrich(records(), report)
    assert [r.counters["arxiv.requests"] for r in reports] == [2, 2]
    assert not (tmp_path / "c").exists()


def test_offline_still_uses_cached_answers(api, make_enricher: Make) -> None:
    online = make_enricher().enrich(records(), Report())
    report = Report()
    assert make_enricher(offline=True).enrich(records(), report) == online
    assert report.counters["arxiv.requests"] == 0


def test_cache_dir_comes_from_the_environment(
    api, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_enricher: Make
) -> None:
    monkeypatch.setenv("BIBEXPORT_CACHE_DIR", str(tmp_path / "from-env"))
    make_enricher(cache_dir=None).enrich(records()[:1], Report())
    assert (tmp_path / "from-env" / FILENAME).is_file()


def test_an_unusable_cache_is_a_warning_not_a_failure(
    api, tmp_path: Path, make_enricher: Make
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache directory should be")
    report = Report()
    out = make_enricher(cache_dir=blocker).enrich(records()[:1], report)
    assert out[0].title == "Scaling Laws for Neural Language Models"
    assert report.warnings[0].startswith("arXiv cache unavailable")
