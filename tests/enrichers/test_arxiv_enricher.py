"""The arXiv enricher against replayed answers (``responses``), in both Atom formats."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import responses
from arxiv_support import URL, fixture
from fake_arxiv import FakeClock, Paper, atom_feed, gaps
from responses import matchers
from responses.registries import OrderedRegistry

from bibexport import __version__
from bibexport.enrichers._atom import parse_feed
from bibexport.enrichers.arxiv import (
    ARXIV_SOURCE,
    ArxivEnricher,
    judge,
    sanitize_phrase,
    title_query,
)
from bibexport.model import PartialDate, Person, Record, Report, Source, make_record

Make = Callable[..., ArxivEnricher]
SEED = Source("listing.txt", 3, "alphaxiv")


@pytest.fixture
def api() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=True) as rsps:
        yield rsps


@pytest.fixture
def ordered_api() -> Iterator[responses.RequestsMock]:
    """Answers given in the order they were added (for retry sequences)."""
    with responses.RequestsMock(
        assert_all_requests_are_fired=True, registry=OrderedRegistry
    ) as rsps:
        yield rsps


def ids_query(*ids: str) -> list[Callable[..., Any]]:
    return [matchers.query_param_matcher({"id_list": ",".join(ids), "max_results": str(len(ids))})]


def by_id(ident: str, **fields: object) -> Record:
    return make_record(SEED, arxiv_id=ident, **fields)


def by_title(title: str, **fields: object) -> Record:
    return make_record(SEED, title=title, **fields)


# --- by id ------------------------------------------------------------------------------------


def test_ids_go_in_one_batch_with_max_results_equal_to_its_size(api, make_enricher: Make) -> None:
    api.get(URL, body=fixture("new_idlist_shuffled.xml"), match=ids_query(
        "2212.08073", "2204.05862", "hep-th/9711200"))  # fmt: skip
    records = [by_id("2212.08073"), by_id("2204.05862"), by_id("hep-th/9711200")]
    report = Report()
    make_enricher().enrich(records, report)
    assert len(api.calls) == 1
    assert report.counters["arxiv.requests"] == 1
    assert report.counters["arxiv.enriched_by_id"] == 3


def test_answers_in_another_order_go_back_to_their_own_records(api, make_enricher: Make) -> None:
    api.get(URL, body=fixture("new_idlist_shuffled.xml"))
    records = [by_id("2212.08073"), by_id("2204.05862"), by_id("hep-th/9711200")]
    out = make_enricher().enrich(records, Report())
    assert [r.title for r in out] == [
        "Constitutional AI: Harmlessness from AI Feedback",
        "Training a Helpful and Harmless Assistant with Reinforcement Learning from Human Feedback",
        "The Large N Limit of Superconformal Field Theories and Supergravity",
    ]
    assert [r.arxiv_id for r in out] == ["2212.08073", "2204.05862", "hep-th/9711200"]


def test_arxiv_fields_complete_the_record(api, make_enricher: Make) -> None:
    api.get(URL, body=fixture("new_idlist_shuffled.xml"))
    scraped = by_id(
        "hep-th/9711200",
        title="The large N limit of superconformal field theories",
        authors=(Person("Maldacena", "J."), Person("Someone", "Else")),
        authors_truncated=True,
        arxiv_version=1,
        comment="scraped comment",
    )
    # The answer holds two papers not asked for in this call: they must be ignored.
    [rec] = make_enricher().enrich([scraped], Report())
    assert rec.title == "The Large N Limit of Superconformal Field Theories and Supergravity"
    assert rec.authors == (Person("Maldacena", "Juan M."),)
    assert rec.authors_truncated is False
    assert rec.date == PartialDate(1997, 11, 27)
    assert rec.updated == PartialDate(1998, 1, 22)
    assert rec.arxiv_version == 3
    assert rec.categories == ("hep-th",)
    assert rec.comment.startswith("20 pages, harvmac")
    assert rec.journal_ref.startswith("Adv.Theor.Math.Phys.2:231-252,1998")
    assert rec.doi == "10.1023/a:1026654312961"
    assert rec.arxiv_doi == "10.48550/arXiv.hep-th/9711200"
    assert rec.url == "https://arxiv.org/abs/hep-th/9711200"
    assert rec.abstract.startswith("We show that the large N limit")
    assert rec.on_arxiv is True
    assert rec.origin("title") == ARXIV_SOURCE and rec.origin("doi") == ARXIV_SOURCE
    assert ARXIV_SOURCE in rec.sources and SEED in rec.sources


def test_the_users_key_venue_doi_and_fields_are_kept(api, make_enricher: Make) -> None:
    api.get(URL, body=fixture("new_idlist_shuffled.xml"))
    mine = Source("refs.bib", 12, "bibtex")
    user = make_record(
        mine,
        key="maldacena1999",
        arxiv_id="hep-th/9711200",
        title="The large N limit of superconformal field theories and supergravity",
        venue="International Journal of Theoretical Physics",
        venue_kind="journal",
        entry_type="article",
        date=PartialDate(1999),
        doi="10.4310/atmp.1998.v2.n2.a1",
        url="https://link.springer.com/article/10.1023/A:1026654312961",
        extra=(("pages", "1113--1133"), ("volume", "38")),
    )
    [out] = make_enricher().enrich([user], Report())
    assert (out.key, out.venue, out.entry_type, out.extra) == (
        user.key, user.venue, user.entry_type, user.extra)  # fmt: skip
    assert out.doi == user.doi and out.url == user.url
    assert out.date == PartialDate(1999)  # the published version's year
    assert out.title == "The Large N Limit of Superconformal Field Theories and Supergravity"
    assert out.origin("venue") == mine


def test_unknown_id_is_reported_and_the_rest_of_the_batch_counts(api, make_enricher: Make) -> None:
    api.get(URL, body=fixture("new_idlist_one_unknown.xml"))
    report = Report()
    out = make_enricher().enrich([by_id("2301.99999"), by_id("2001.08361")], report)
    assert out[0] == by_id("2301.99999")
    assert out[1].title == "Scaling Laws for Neural Language Models"
    assert report.counters["arxiv.not_found"] == 1
    assert report.counters["arxiv.enriched_by_id"] == 1
    assert report.notes["arxiv: not found"] == ["arXiv:2301.99999: unknown id"]


def test_old_format_placeholder_entries_are_not_papers(api, make_enricher: Make) -> None:
    api.get(URL, body=fixture("old_idlist_placeholders.xml"))
    records = [by_id("2212.08073"), by_id("2301.99999"), by_id("2001.08361")]
    report = Report()
    out = make_enricher().enrich(records, report)
    assert out[0].title == "Constitutional AI: Harmlessness from AI Feedback"  # unwrapped
    assert out[1] == records[1]
    assert out[2].abstract.startswith("We study empirical scaling laws for language model perf")
    assert "\n" not in out[2].abstract
    assert report.counters["arxiv.not_found"] == 1


@pytest.mark.parametrize("name", ["new_empty.xml", "old_empty_total1.xml"])
def test_empty_answer_means_not_found(api, make_enricher: Make, name: str) -> None:
    api.get(URL, body=fixture(name))
    report = Report()
    out = make_enricher().enrich([by_id("2301.99999")], report)
    assert out == [by_id("2301.99999")]
    assert report.counters["arxiv.not_found"] == 1


def test_malformed_id_is_never_sent(api, make_enricher: Make) -> None:
    api.get(URL, body=fixture("new_idlist_one_unknown.xml"), match=ids_query("2001.08361"))
    records = [by_id("2212.0807x"), by_id("2001.08361")]
    report = Report()
    out = make_enricher().enrich(records, report)
    assert out[0] == records[0]
    assert out[1].title == "Scaling Laws for Neural Language Models"
    assert report.notes["arxiv: not found"] == ["arXiv:2212.0807x: malformed arXiv id, not sent"]


def test_only_malformed_ids_make_no_request(api, make_enricher: Make) -> None:
    report = Report()
    make_enricher().enrich([by_id("abc"), by_id("2212.08073v")], report)
    assert report.counters["arxiv.requests"] == 0
    assert report.counters["arxiv.not_found"] == 2


def test_error_feed_is_an_error_not_a_paper(api, make_enricher: Make) -> None:
    api.get(URL, status=400, body=fixture("new_error_bad_id.xml"))
    records = [by_id("2212.08073")]
    report = Report()
    out = make_enricher().enrich(records, report)
    assert out == records
    assert all(r.title != "Error" for r in out)
    assert len(api.calls) == 1  # a 400 is not retried
    assert report.warnings == [
        "arXiv refused the id-list query (HTTP 400: incorrect id format for 2212.0807x);"
        + " those records are kept as parsed"
    ]


def test_error_feed_answered_with_200_is_still_an_error(api, make_enricher: Make) -> None:
    api.get(URL, status=200, body=fixture("new_error_bad_query.xml"))
    report = Report()
    out = make_enricher().enrich([by_title("Scaling laws")], report)
    assert out[0].title == "Scaling laws" and out[0].arxiv_id is None
    assert "Invalid query string" in report.warnings[0]


def test_long_id_lists_are_split_and_sent_as_a_post_body(api, make_enricher: Make) -> None:
    papers = {f"2101.{n:05d}": _paper(f"2101.{n:05d}", f"Paper number {n}") for n in range(450)}

    def answer(request: requests.PreparedRequest) -> tuple[int, dict[str, str], str]:
        raw = request.body if request.method == "POST" else urlsplit(request.url).query
        params = {k: v[0] for k, v in parse_qs(str(raw)).items()}
        ids = params["id_list"].split(",")
        assert int(params["max_results"]) == len(ids)
        found = [papers[i] for i in reversed(ids)]
        return 200, {}, atom_feed(found, query="", total=len(found))

    api.add_callback(responses.POST, URL, callback=answer)
    api.add_callback(responses.GET, URL, callback=answer)
    report = Report()
    out = make_enricher(id_batch_size=200).enrich([by_id(i) for i in papers], report)
    assert [c.request.method for c in api.calls] == ["POST", "POST", "GET"]
    assert [r.title for r in out] == [p.title for p in papers.values()]
    assert report.counters["arxiv.enriched_by_id"] == 450


# --- by title ---------------------------------------------------------------------------------


def test_several_titles_go_in_one_or_query(api, make_enricher: Make) -> None:
    api.get(URL, body=fixture("new_title_batch_decoys.xml"), match=[matchers.query_param_matcher({
        "search_query": 'ti:"the ai index 2021 annual report" OR '
        'ti:"implicit encoding of prior probabilities in optimal neural populations" OR '
        'ti:"scaling laws for neural language models"',
        "max_results": "30",
    })])  # fmt: skip
    records = [
        by_title("The AI Index 2021 Annual Report", authors=(Person("Ganguli", "Deep"),)),
        by_title("Implicit encoding of prior probabilities in optimal neural populations"),
        by_title("Scaling Laws for Neural Language Models", date=PartialDate(2020, 1, 23)),
    ]
    report = Report()
    make_enricher().enrich(records, report)
    assert report.counters["arxiv.requests"] == 1


def test_ai_index_2021_takes_its_own_report_not_the_2022_one(api, make_enricher: Make) -> None:
    api.get(URL, body=fixture("new_title_batch_decoys.xml"))
    record = by_title("The AI Index 2021 Annual Report", authors=(Person("Ganguli", "Deep"),))
    report = Report()
    [out] = make_enricher().enrich([record], report)
    assert out.arxiv_id == "2103.06312"
    assert report.notes["arxiv: enriched by title"] == [
        "'The AI Index 2021 Annual Report' → arXiv:2103.06312 (score 1.00)"
    ]


def test_a_2023_report_takes_neither_the_2021_nor_the_2022_one(api, make_enricher: Make) -> None:
    api.get(URL, body=fixture("new_title_batch_decoys.xml"))
    record = by_title("The AI Index 2023 Annual Report")
    report = Report()
    assert make_enricher().enrich([record], report) == [record]
    [line] = report.notes["arxiv: ambiguous"]
    assert "numbers differ" in line and "not applied" in line


def test_neurips_2010_paper_does_not_take_the_2012_arxiv_paper(api, make_enricher: Make) -> None:
    api.get(URL, body=fixture("new_title_batch_decoys.xml"))
    record = make_record(
        Source("aitopics.txt", 40, "aitopics"),
        title="Implicit encoding of prior probabilities in optimal neural populations",
        authors=(Person("Ganguli", "Deep"),),  # the same author: only the title tells them apart
        authors_truncated=True,
        venue="Neural Information Processing Systems",
    )
    report = Report()
    assert make_enricher().enrich([record], report) == [record]
    assert report.counters["arxiv.ambiguous"] == 1
    [line] = report.notes["arxiv: ambiguous"]
    assert "best candidate arXiv:1209.5006" in line and "score 0.88" in line


def test_title_match_needs_the_authors_to_agree(api, make_enricher: Make) -> None:
    api.get(URL, body=fixture("new_title_batch_decoys.xml"))
    record = by_title("Scaling Laws for Neural Language Models", authors=(
        Person("Smith", "Alice"), Person("Jones", "Bob")))  # fmt: skip
    report = Report()
    assert make_enricher().enrich([record], report) == [record]
    assert "authors differ" in report.notes["arxiv: ambiguous"][0]


def test_title_match_needs_the_year_to_agree(api, make_enricher: Make) -> None:
    api.get(URL, body=fixture("new_title_batch_decoys.xml"))
    record = by_title("Scaling Laws for Neural Language Models", date=PartialDate(2016))
    report = Report()
    assert make_enricher().enrich([record], report) == [record]
    assert "year differs" in report.notes["arxiv: ambiguous"][0]


def test_an_inferred_year_neither_confirms_nor_refutes(api, make_enricher: Make) -> None:
    api.get(URL, body=fixture("new_title_batch_decoys.xml"))
    record = by_title(
        "Scaling laws for neural language models",
        authors=(Person("Kaplan", "Jared"),),
        date=PartialDate(2025, 1, 23, inferred=True),
    )
    [out] = make_enricher().enrich([record], Report())
    assert out.arxiv_id == "2001.08361"
    assert out.date == PartialDate(2020, 1, 23)


def test_old_format_title_search_enriches(api, make_enricher: Make) -> None:
    api.get(URL, body=fixture("old_title_search.xml"))
    record = by_title(
        "Red Teaming Language Models to Reduce Harms: Methods, Scaling Behaviors, and Lessons "
        "Learned",
        authors=(Person("Ganguli", "Deep"), Person("Lovitt", "Liane")),
        authors_truncated=True,
    )
    [out] = make_enricher().enrich([record], Report())
    assert out.arxiv_id == "2209.07858" and out.arxiv_version == 2
    assert out.date == PartialDate(2022, 8, 23)
    assert len(out.authors) == 4 and not out.authors_truncated


def test_title_query_is_sanitised() -> None:
    phrase = sanitize_phrase(
        'Scaling Monosemanticity: "Features" (Claude 3) — Lukošiūtė’s Chain-of-Thought'
    )
    assert phrase == "scaling monosemanticity features claude 3 lukosiutes chain of thought"
    assert title_query(["A: (b)", "", "A (b)", 'C "d"']) == 'ti:"a b" OR ti:"c d"'


def test_two_acceptable_candidates_make_the_record_ambiguous() -> None:
    entries = parse_feed(fixture("new_title_batch_decoys.xml")).entries
    twin = dataclasses.replace(entries[4], id="2001.99999")
    verdict = judge(by_title("Scaling Laws for Neural Language Models"), [entries[4], twin])
    assert verdict.kind == "ambiguous" and "fits too" in verdict.reason


def test_title_alone_must_be_near_exact() -> None:
    entries = parse_feed(fixture("new_title_batch_decoys.xml")).entries
    assert judge(by_title("Scaling laws for neural language modeling"), entries).kind == "ambiguous"
    assert judge(by_title("Scaling laws for neural language models"), entries).kind == "match"


def test_records_without_title_or_id_come_back_unchanged(api, make_enricher: Make) -> None:
    record = make_record(SEED, abstract="Only an abstract.")
    report = Report()
    assert make_enricher().enrich([record], report) == [record]
    assert report.counters["arxiv.requests"] == 0


# --- politeness, retries, no network ----------------------------------------------------------


def test_requests_are_three_seconds_apart_and_name_bibexport(
    api, make_enricher: Make, clock: FakeClock
) -> None:
    api.get(URL, body=fixture("new_idlist_shuffled.xml"))
    api.get(URL, body=fixture("new_title_batch_decoys.xml"))
    enricher = make_enricher(use_cache=False)
    enricher.enrich([by_id("2212.08073"), by_title("The AI Index 2021 Annual Report")], Report())
    enricher.enrich([by_id("2212.08073")], Report())  # the pace holds across runs too
    assert len(enricher.request_times) == 3
    assert all(g >= 3.0 for g in gaps(enricher.request_times))
    agent = api.calls[0].request.headers["User-Agent"]
    assert agent.startswith(f"bibexport/{__version__}")


def test_429_then_success_honours_retry_after(
    ordered_api, make_enricher: Make, clock: FakeClock
) -> None:
    ordered_api.get(URL, status=429, headers={"Retry-After": "17"}, body="slow down")
    ordered_api.get(URL, body=fixture("new_idlist_one_unknown.xml"))
    report = Report()
    enricher = make_enricher()
    out = enricher.enrich([by_id("2001.08361")], report)
    assert out[0].title == "Scaling Laws for Neural Language Models"
    assert clock.slept == [17.0]
    assert gaps(enricher.request_times) == [17.0]
    assert report.counters["arxiv.requests"] == 2 and not report.warnings


def test_503_then_success_backs_off(ordered_api, make_enricher: Make, clock: FakeClock) -> None:
    ordered_api.get(URL, status=503)
    ordered_api.get(URL, status=503)
    ordered_api.get(URL, body=fixture("new_idlist_one_unknown.xml"))
    report = Report()
    out = make_enricher().enrich([by_id("2001.08361")], report)
    assert out[0].arxiv_version == 1
    assert clock.slept == [3.0, 6.0]  # growing back-off
    assert report.counters["arxiv.requests"] == 3


def test_timeout_then_success(ordered_api, make_enricher: Make, clock: FakeClock) -> None:
    ordered_api.get(URL, body=requests.exceptions.ReadTimeout("read timed out"))
    ordered_api.get(URL, body=fixture("new_idlist_one_unknown.xml"))
    out = make_enricher().enrich([by_id("2001.08361")], Report())
    assert out[0].title == "Scaling Laws for Neural Language Models"
    assert clock.slept == [3.0]


def test_retries_are_bounded_then_the_run_goes_offline(
    ordered_api, make_enricher: Make, clock: FakeClock
) -> None:
    for _ in range(4):
        ordered_api.get(URL, status=503)
    records = [by_id("2001.08361"), by_title("Some title")]
    report = Report()
    assert make_enricher().enrich(records, report) == records
    assert report.counters["arxiv.requests"] == 4  # 1 + 3 retries, then no title query
    assert sum(clock.slept) <= 60
    assert report.warnings == [
        "arXiv unreachable (HTTP 503, gave up after 4 tries); continuing offline"
        + " — records not yet looked up are kept as parsed"
    ]
    assert report.counters["arxiv.not_looked_up"] == 2


def test_a_huge_retry_after_gives_up_instead_of_waiting(
    ordered_api, make_enricher: Make, clock: FakeClock
) -> None:
    ordered_api.get(URL, status=429, headers={"Retry-After": "3600"})
    report = Report()
    make_enricher().enrich([by_id("2001.08361")], report)
    assert clock.slept == [] and len(report.warnings) == 1


@pytest.mark.parametrize(
    "failure",
    [
        requests.exceptions.ConnectionError("[Errno 111] Connection refused"),
        requests.exceptions.ConnectTimeout("connect timed out"),
    ],
)
def test_no_network_goes_offline_at_once_with_one_warning(
    api, make_enricher: Make, clock: FakeClock, failure: Exception
) -> None:
    api.get(URL, body=failure)
    records = [by_id("2001.08361"), by_id("2212.08073"), by_title("A title")]
    report = Report()
    out = make_enricher(id_batch_size=1).enrich(records, report)
    assert out == records
    assert len(api.calls) == 1 and clock.slept == []
    assert len(report.warnings) == 1
    assert report.warnings[0].startswith("arXiv unreachable (connection ")
    assert "continuing offline" in report.warnings[0]


def test_a_wrong_url_goes_offline_once(api, make_enricher: Make) -> None:
    api.get(URL, status=404, body="not here")
    report = Report()
    make_enricher(id_batch_size=1).enrich([by_id("2001.08361"), by_id("2212.08073")], report)
    assert len(api.calls) == 1
    assert report.warnings == [
        f"arXiv unreachable ({URL} answered HTTP 404); continuing offline"
        + " — records not yet looked up are kept as parsed"
    ]


def test_offline_sends_nothing(api, make_enricher: Make) -> None:
    records = [by_id("2001.08361"), by_title("A title")]
    report = Report()
    assert make_enricher(offline=True).enrich(records, report) == records
    assert report.counters["arxiv.requests"] == 0 and not report.warnings


def test_progress_bar_goes_to_stderr_only_when_asked(
    api, make_enricher: Make, capsys: pytest.CaptureFixture[str]
) -> None:
    make_enricher(offline=True, progress=None).enrich([by_id("2001.08361")], Report())
    assert capsys.readouterr().err == ""  # stderr is not a terminal under pytest
    make_enricher(offline=True, progress=True).enrich([by_id("2001.08361")], Report())
    captured = capsys.readouterr()
    assert "arXiv" in captured.err and captured.out == ""


def _paper(ident: str, title: str) -> Paper:
    return Paper(
        id=ident, version=1, title=title, authors=("Ada Lovelace",), published="2021-01-05T10:00:00Z",
        updated="2021-01-05T10:00:00Z", categories=("cs.LG",), summary="An abstract.",
    )  # fmt: skip
