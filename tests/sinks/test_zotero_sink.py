"""The Zotero sink against the fake Zotero server: collections, idempotency, batching,
retries, lost replies, failures, dry runs and credentials."""

from __future__ import annotations

import logging
import math
import traceback
from collections.abc import Callable
from typing import Any

import pytest
from fake_zotero import FakeZotero

from bibexport.errors import AuthError, SinkError
from bibexport.keys import assign_keys
from bibexport.model import Record, Report
from bibexport.plugins import Registry, Sink
from bibexport.sinks.zotero import ZoteroSink
from bibexport.sinks.zotero_items import to_item

from .zotero_helpers import Sleeps, rec, synthetic

MakeSink = Callable[..., ZoteroSink]


def push(sink: ZoteroSink, records: list[Record], *, dry_run: bool = False) -> Report:
    report = Report()
    sink.push(records, report, dry_run=dry_run)
    return report


def titles(items: list[dict[str, Any]]) -> list[str]:
    return sorted(str(i.get("title")) for i in items)


def assert_no_duplicates(fake: FakeZotero) -> None:
    seen: dict[str, str] = {}
    for d in fake.item_data():
        ident = d.get("archiveID") or d.get("DOI") or d.get("title")
        assert ident not in seen, f"duplicate {ident}"
        seen[ident] = d["key"]


# --- the basic push ----------------------------------------------------------------------


def test_records_become_items_in_a_nested_collection_created_where_missing(
    make_sink: MakeSink, fake: FakeZotero, records: list[Record]
) -> None:
    report = push(make_sink(), records)
    key = fake.collection_key("Anthropic/Alignment")
    assert key is not None
    assert len(fake.items_in(key)) == 23
    assert report.counters["zotero.created"] == 23
    assert report.counters["zotero.failed"] == 0
    assert fake.counts["collection_write"] == 2  # "Anthropic", then "Alignment" inside it


def test_citation_keys_are_the_keys_the_bibtex_writer_gives(
    make_sink: MakeSink, fake: FakeZotero, records: list[Record]
) -> None:
    push(make_sink(key_pattern="{auth}{year}{word}"), records)
    expected = set(assign_keys(records, "{auth}{year}{word}"))
    assert {d["citationKey"] for d in fake.item_data()} == expected
    assert "myOwnKey2020" in expected  # a key from the user's .bib is kept


def test_existing_collection_path_is_reused_and_names_compare_exactly(
    make_sink: MakeSink, fake: FakeZotero
) -> None:
    parent = fake.add_collection("Anthropic")
    child = fake.add_collection("Alignment", parent)
    fake.add_collection("alignment", parent)  # another name, not the same collection
    fake.add_collection("Alignment")  # same name at the top level: not the path
    push(make_sink(), synthetic(3))
    assert fake.counts["collection_write"] == 0
    assert len(fake.items_in(child)) == 3


def test_collection_key_is_used_as_given(make_sink: MakeSink, fake: FakeZotero) -> None:
    key = fake.add_collection("Somewhere")
    push(make_sink(collection=None, collection_key=key), synthetic(2))
    assert len(fake.items_in(key)) == 2


def test_unknown_collection_key_is_a_clear_error(make_sink: MakeSink) -> None:
    with pytest.raises(SinkError, match="no collection with key ZZZZ2222"):
        push(make_sink(collection=None, collection_key="ZZZZ2222"), synthetic(1))


def test_group_library_is_addressed_as_a_group(
    monkeypatch: pytest.MonkeyPatch, sleeps: Sleeps
) -> None:
    with FakeZotero(library_type="group", library_id="99") as group:
        monkeypatch.setenv("ZOTERO_API_KEY", group.api_key)
        monkeypatch.setenv("BIBEXPORT_ZOTERO_URL", group.url)
        sink = ZoteroSink(library_id="99", library_type="group", collection="C", sleep=sleeps)
        push(sink, synthetic(2))
        assert len(group.item_data()) == 2
        assert all(path.startswith("/groups/99/") for _, path, _ in group.log)


def test_base_url_with_a_path_works_for_paged_reads(
    monkeypatch: pytest.MonkeyPatch, sleeps: Sleeps
) -> None:
    with FakeZotero(mount="/zotero-api") as proxied:
        for r in synthetic(130):
            proxied.add_item(to_item(r))
        monkeypatch.setenv("ZOTERO_API_KEY", proxied.api_key)
        monkeypatch.setenv("ZOTERO_LIBRARY_ID", proxied.library_id)
        report = push(
            ZoteroSink(base_url=proxied.url, collection="C", sleep=sleeps), synthetic(130)
        )
        assert report.counters["zotero.created"] == 0
        assert report.counters["zotero.added_to_collection"] == 130


# --- idempotency -------------------------------------------------------------------------


def test_second_push_writes_nothing_and_leaves_the_same_items(
    make_sink: MakeSink, fake: FakeZotero, records: list[Record]
) -> None:
    push(make_sink(), records)
    before = fake.counts.copy()
    version = fake.version
    report = push(make_sink(), records)
    assert fake.counts["item_write"] == before["item_write"]
    assert fake.counts["collection_write"] == before["collection_write"]
    assert fake.version == version
    assert report.counters["zotero.already_there"] == 23
    assert report.counters["zotero.item_writes"] == 0
    assert len(fake.item_data()) == 23


def test_copy_elsewhere_in_the_library_is_added_to_the_collection_not_created(
    make_sink: MakeSink, fake: FakeZotero
) -> None:
    # Copies made by other clients: an arXiv URL only, a DOI only, a title only.
    by_url = fake.add_item(
        {
            "itemType": "journalArticle",
            "title": "Something else entirely",
            "url": "http://arxiv.org/abs/2212.08073v2",
        }
    )
    by_doi = fake.add_item(
        {
            "itemType": "journalArticle",
            "title": "deep learning (reprint)",
            "DOI": "10.1038/NATURE14539",
        }
    )
    by_title = fake.add_item({"itemType": "preprint", "title": "Toy models of superposition."})
    other = fake.add_collection("Reading list")
    fake.items[by_title]["data"]["collections"] = [other]
    records = [
        rec(title="Constitutional AI", arxiv_id="2212.08073"),
        rec(title="Deep learning", doi="10.1038/nature14539", venue="Nature"),
        rec(title="Toy Models of Superposition"),
        rec(title="A New One", arxiv_id="2301.00001"),
    ]
    report = push(make_sink(), records)
    coll = fake.collection_key("Anthropic/Alignment")
    assert coll
    in_coll = {d["key"] for d in fake.items_in(coll)}
    assert {by_url, by_doi, by_title} <= in_coll
    assert fake.items[by_title]["data"]["collections"] == [other, coll]  # kept the old one
    assert report.counters["zotero.added_to_collection"] == 3
    assert report.counters["zotero.created"] == 1
    assert len(fake.item_data()) == 4
    patches = [(m, p) for m, p, _ in fake.log if m == "PATCH"]
    assert len(patches) == 3


def test_match_already_in_the_collection_is_left_alone(
    make_sink: MakeSink, fake: FakeZotero
) -> None:
    parent = fake.add_collection("Anthropic")
    coll = fake.add_collection("Alignment", parent)
    fake.add_item(
        {
            "itemType": "preprint",
            "title": "Old",
            "archiveID": "arXiv:2212.08073",
            "collections": [coll],
        }
    )
    version = fake.version
    report = push(make_sink(), [rec(title="Constitutional AI", arxiv_id="2212.08073")])
    assert report.counters["zotero.already_there"] == 1
    assert fake.version == version


def test_title_match_is_not_taken_when_the_arxiv_ids_differ(
    make_sink: MakeSink, fake: FakeZotero
) -> None:
    fake.add_item({"itemType": "preprint", "title": "Same Title", "archiveID": "arXiv:2101.00002"})
    report = push(make_sink(), [rec(title="Same Title", arxiv_id="2101.00001")])
    assert report.counters["zotero.created"] == 1
    assert len(fake.item_data()) == 2


def test_the_same_paper_twice_in_the_input_is_created_once(
    make_sink: MakeSink, fake: FakeZotero
) -> None:
    a = rec(title="Toy Models of Superposition", arxiv_id="2209.10652")
    b = rec(title="Toy models of superposition")
    report = push(make_sink(), [a, b])
    assert len(fake.item_data()) == 1
    assert report.counters["zotero.created"] == 1
    assert report.counters["zotero.already_there"] == 1


def test_record_with_nothing_to_recognise_it_by_is_reported_not_sent(
    make_sink: MakeSink, fake: FakeZotero
) -> None:
    report = push(make_sink(), [rec(abstract="Only an abstract.")])
    assert report.counters["zotero.failed"] == 1
    assert "no title, arXiv id or DOI" in report.notes["zotero: failed"][0]
    assert fake.counts["item_write"] == 0


def test_trashed_item_is_not_counted_as_present(make_sink: MakeSink, fake: FakeZotero) -> None:
    fake.add_item(
        {"itemType": "preprint", "title": "X", "archiveID": "arXiv:2212.08073", "deleted": 1}
    )
    report = push(make_sink(), [rec(title="X", arxiv_id="2212.08073")])
    assert report.counters["zotero.created"] == 1


# --- request counts ----------------------------------------------------------------------


def test_writes_go_in_batches_of_at_most_fifty(make_sink: MakeSink, fake: FakeZotero) -> None:
    report = push(make_sink(), synthetic(120))
    assert fake.counts["item_write"] == 3
    assert report.counters["zotero.item_writes"] == 3
    assert report.counters["zotero.created"] == 120


def test_server_with_a_lower_write_limit_gets_smaller_batches(
    monkeypatch: pytest.MonkeyPatch, sleeps: Sleeps
) -> None:
    with FakeZotero(max_write=20) as small:
        monkeypatch.setenv("ZOTERO_API_KEY", small.api_key)
        monkeypatch.setenv("ZOTERO_LIBRARY_ID", small.library_id)
        monkeypatch.setenv("BIBEXPORT_ZOTERO_URL", small.url)
        report = push(ZoteroSink(collection="C", sleep=sleeps), synthetic(50))
        assert report.counters["zotero.created"] == 50
        assert len(small.item_data()) == 50
        assert any(status == 413 for _, _, status in small.log)


def test_library_is_read_once_in_pages_of_a_hundred(make_sink: MakeSink, fake: FakeZotero) -> None:
    for r in synthetic(250, offset=1000):
        fake.add_item(to_item(r))
    report = push(make_sink(), synthetic(10))
    item_reads = [p for m, p, _ in fake.log if m == "GET" and p.endswith("/items/top")]
    assert len(item_reads) == math.ceil(250 / 100)
    collection_reads = [p for m, p, _ in fake.log if m == "GET" and "/collections" in p]
    assert report.counters["zotero.reads"] == len(item_reads) + len(collection_reads) == 4


def test_report_counts_match_the_servers(
    make_sink: MakeSink, fake: FakeZotero, records: list[Record]
) -> None:
    report = push(make_sink(), records)
    assert report.counters["zotero.requests"] == fake.counts["requests"]
    assert report.counters["zotero.reads"] == fake.counts["read"]
    assert report.counters["zotero.item_writes"] == fake.counts["item_write"]


# --- trouble -----------------------------------------------------------------------------


def test_429_is_retried_after_the_servers_retry_after(
    make_sink: MakeSink, fake: FakeZotero, sleeps: Sleeps
) -> None:
    fake.inject("item_write", 429, headers={"Retry-After": "7"}, times=2)
    fake.inject("read", 429, headers={"Retry-After": "3"})
    report = push(make_sink(), synthetic(60))
    assert sleeps.count(7) == 2 and 3 in sleeps
    assert report.counters["zotero.created"] == 60
    assert len(fake.item_data()) == 60


def test_backoff_header_delays_the_next_request(
    make_sink: MakeSink, fake: FakeZotero, sleeps: Sleeps
) -> None:
    fake.backoff(30)
    push(make_sink(), synthetic(2))
    assert sleeps == [30]


def test_500_on_a_read_is_retried_with_growing_delays(
    make_sink: MakeSink, fake: FakeZotero, sleeps: Sleeps
) -> None:
    fake.inject("read", 503, times=3)
    report = push(make_sink(retry_delay=2), synthetic(2))
    assert sleeps == [2, 4, 8]
    assert report.counters["zotero.created"] == 2


def test_500_before_commit_is_resent_after_a_reread(make_sink: MakeSink, fake: FakeZotero) -> None:
    fake.inject("item_write", 500)
    report = push(make_sink(), synthetic(30))
    assert len(fake.item_data()) == 30
    assert report.counters["zotero.created"] == 30


@pytest.mark.parametrize("mode", ["after_commit", "drop"])
def test_reply_lost_after_commit_creates_no_duplicate(
    make_sink: MakeSink, fake: FakeZotero, mode: str
) -> None:
    fake.inject("item_write", 500, mode=mode)  # type: ignore[arg-type]
    report = push(make_sink(), synthetic(70))
    assert len(fake.item_data()) == 70
    assert_no_duplicates(fake)
    assert report.counters["zotero.created"] == 70
    # 2 batches; the lost one is not sent again, so no third write.
    assert fake.counts["item_write"] == 2


def test_reply_that_times_out_after_commit_creates_no_duplicate(
    make_sink: MakeSink, fake: FakeZotero
) -> None:
    fake.inject("item_write", mode="timeout", delay=1.0)
    report = push(make_sink(timeout=0.3), synthetic(5))
    assert len(fake.item_data()) == 5
    assert report.counters["zotero.created"] == 5


def test_lost_reply_when_creating_a_collection_makes_no_second_collection(
    make_sink: MakeSink, fake: FakeZotero
) -> None:
    fake.inject("collection_write", mode="drop")
    push(make_sink(), synthetic(2))
    assert sorted(c["data"]["name"] for c in fake.collections.values()) == [
        "Alignment",
        "Anthropic",
    ]


def test_412_because_another_client_added_the_paper_meanwhile_adds_that_copy(
    make_sink: MakeSink, fake: FakeZotero
) -> None:
    def other_client(f: FakeZotero) -> None:
        f.add_item(
            {
                "itemType": "preprint",
                "title": "Synthetic Paper Number 1 on Scaling",
                "archiveID": "arXiv:2401.00001",
            }
        )

    fake.before_next("item_write", other_client)
    report = push(make_sink(), synthetic(3))
    assert any(status == 412 for _, _, status in fake.log)
    assert len(fake.item_data()) == 3
    assert report.counters["zotero.created"] == 2
    assert report.counters["zotero.added_to_collection"] == 1


def test_412_on_patch_rereads_the_item_and_patches_its_new_version(
    make_sink: MakeSink, fake: FakeZotero
) -> None:
    key = fake.add_item({"itemType": "preprint", "title": "X", "archiveID": "arXiv:2212.08073"})

    def other_client(f: FakeZotero) -> None:
        f.version += 1
        obj = f.items[key]
        f.items[key] = f._item_object(key, {**obj["data"], "title": "X (edited)"}, obj)

    fake.before_next("item_write", other_client)
    report = push(make_sink(), [rec(title="X", arxiv_id="2212.08073")])
    assert any(status == 412 for m, _, status in fake.log if m == "PATCH")
    assert report.counters["zotero.added_to_collection"] == 1
    assert fake.items[key]["data"]["title"] == "X (edited)"  # the other client's edit kept
    assert fake.items[key]["data"]["collections"] == [fake.collection_key("Anthropic/Alignment")]


def test_items_the_server_rejects_are_reported_one_by_one_and_the_others_go_in(
    make_sink: MakeSink, fake: FakeZotero
) -> None:
    fake.reject(
        lambda d: str(d.get("title", "")).endswith(("Number 3 on Scaling", "Number 7 on Scaling")),
        message="Title is too dull",
    )
    report = push(make_sink(), synthetic(10))
    assert report.counters["zotero.failed"] == 2
    assert report.counters["zotero.created"] == 8
    notes = report.notes["zotero: failed"]
    assert len(notes) == 2
    assert all("Title is too dull (HTTP 400)" in n for n in notes)
    assert "arXiv:2401.00003" in notes[0] and "arXiv:2401.00007" in notes[1]
    assert len(fake.item_data()) == 8


def test_persistent_server_errors_end_in_one_clear_error(
    make_sink: MakeSink, fake: FakeZotero
) -> None:
    fake.inject("item_write", 503, times=100)
    with pytest.raises(SinkError, match="Zotero answered HTTP 503 while creating items"):
        push(make_sink(retries=2), synthetic(3))


def test_unreachable_server_is_a_one_line_error(
    monkeypatch: pytest.MonkeyPatch, zotero_env: FakeZotero, sleeps: Sleeps
) -> None:
    url = zotero_env.url
    zotero_env.stop()
    monkeypatch.setenv("BIBEXPORT_ZOTERO_URL", url)
    with pytest.raises(SinkError) as err:
        push(ZoteroSink(collection="C", sleep=sleeps, retries=1), synthetic(1))
    assert str(err.value).startswith(f"no usable reply from Zotero at {url}")
    assert "\n" not in str(err.value)


# --- dry run -----------------------------------------------------------------------------


def test_dry_run_says_what_it_would_do_and_sends_no_write(
    make_sink: MakeSink, fake: FakeZotero
) -> None:
    fake.add_item({"itemType": "preprint", "title": "Elsewhere", "archiveID": "arXiv:2401.00001"})
    version = fake.version
    report = push(make_sink(), synthetic(3), dry_run=True)
    assert fake.counts["item_write"] == fake.counts["collection_write"] == 0
    assert fake.version == version
    assert report.notes["zotero: would create collection"] == ["Anthropic"]
    assert len(report.notes["zotero: would create"]) == 2
    assert "arXiv:2401.00001" in report.notes["zotero: would add to collection"][0]


def test_dry_run_after_a_push_says_everything_is_already_there(
    make_sink: MakeSink, fake: FakeZotero
) -> None:
    push(make_sink(), synthetic(3))
    report = push(make_sink(), synthetic(3), dry_run=True)
    assert len(report.notes["zotero: already there"]) == 3
    assert "zotero: would create" not in report.notes


# --- credentials -------------------------------------------------------------------------


def test_wrong_key_is_an_auth_error_naming_the_library(
    make_sink: MakeSink, monkeypatch: pytest.MonkeyPatch, fake: FakeZotero
) -> None:
    monkeypatch.setenv("ZOTERO_API_KEY", "wrong-secret-key-123")
    with pytest.raises(AuthError) as err:
        push(make_sink(), synthetic(1))
    message = str(err.value)
    assert message.startswith(f"Zotero refused the API key for library users/{fake.library_id}")
    assert "\n" not in message


def test_key_for_another_library_is_refused_the_same_way(make_sink: MakeSink) -> None:
    with pytest.raises(AuthError, match="library users/1"):
        push(make_sink(library_id="1"), synthetic(1))


def test_api_key_appears_in_no_error_note_log_or_traceback(
    make_sink: MakeSink,
    monkeypatch: pytest.MonkeyPatch,
    fake: FakeZotero,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    texts: list[str] = []
    # A refused key, and a server that keeps failing after it accepted the key.
    for key, fault in (("wrong-secret-key-123", None), (fake.api_key, 502)):
        monkeypatch.setenv("ZOTERO_API_KEY", key)
        if fault:
            fake.inject("any", fault, times=100)
        report = Report()
        with pytest.raises(SinkError) as err:
            make_sink(retries=1).push(synthetic(2), report)
        exc: BaseException | None = err.value
        texts += traceback.format_exception(err.value)
        while exc is not None:  # the whole chain, suppressed context included
            texts.append(f"{exc!s} {exc!r}")
            exc = exc.__cause__ or exc.__context__
        texts.append(report.render())
        texts.append(caplog.text)
        for text in texts:
            assert key not in text


def test_missing_library_id_names_the_variable_to_set(
    make_sink: MakeSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ZOTERO_LIBRARY_ID")
    with pytest.raises(SinkError, match="set ZOTERO_LIBRARY_ID") as err:
        push(make_sink(), synthetic(1))
    assert "\n" not in str(err.value)


def test_missing_key_names_the_variable_to_set(
    make_sink: MakeSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ZOTERO_API_KEY")
    with pytest.raises(SinkError, match="set ZOTERO_API_KEY"):
        push(make_sink(), synthetic(1))


def test_sink_is_registered_and_builds_without_any_environment() -> None:
    sink = Registry.from_entry_points().create("sinks", "zotero")
    assert isinstance(sink, Sink)
    assert sink.name == "zotero"
