"""Reading arXiv's Atom answers: both formats, error feeds, and the real captured answers."""

from __future__ import annotations

from pathlib import Path

import pytest
from arxiv_support import fixture

from bibexport.enrichers._atom import AtomError, parse_feed

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "arxiv"
REAL = sorted(SHARED.glob("*.xml")) if SHARED.is_dir() else []


def test_new_format_entry_reads_every_field() -> None:
    feed = parse_feed(fixture("new_idlist_shuffled.xml"))
    assert feed.total == 3 and feed.error is None
    e = feed.entries[0]
    assert (e.id, e.version) == ("hep-th/9711200", 3)
    assert e.authors == ("Juan M. Maldacena",)
    assert (e.published, e.updated) == ("1997-11-27", "1998-01-22")
    assert e.categories == ("hep-th",)
    assert e.doi == "10.1023/a:1026654312961"
    assert e.journal_ref and e.journal_ref.endswith("38:1113-1133,1999")


def test_old_format_is_unwrapped_and_its_placeholders_dropped() -> None:
    feed = parse_feed(fixture("old_idlist_placeholders.xml"))
    assert [e.id for e in feed.entries] == ["2001.08361", "2212.08073"]
    assert feed.entries[0].title == "Scaling Laws for Neural Language Models"
    assert feed.entries[0].categories == ("cs.LG", "stat.ML")  # primary first
    assert feed.entries[0].comment == "19 pages, 15 figures"


def test_old_format_total_one_without_entry_has_no_paper() -> None:
    feed = parse_feed(fixture("old_empty_total1.xml"))
    assert feed.total == 1 and feed.entries == ()


@pytest.mark.parametrize("name", ["new_error_bad_id.xml", "new_error_bad_query.xml"])
def test_error_feed_becomes_an_error_not_an_entry(name: str) -> None:
    feed = parse_feed(fixture(name))
    assert feed.entries == () and feed.error


def test_garbage_is_a_clear_error() -> None:
    with pytest.raises(AtomError, match="unreadable answer"):
        parse_feed(b"<html><body>Service Unavailable")
    with pytest.raises(AtomError, match="not an Atom feed"):
        parse_feed(b"<html><body>Service Unavailable</body></html>")


def test_entry_survives_a_json_round_trip() -> None:
    entry = parse_feed(fixture("new_idlist_shuffled.xml")).entries[0]
    assert type(entry).from_json(entry.to_json()) == entry


@pytest.mark.skipif(not REAL, reason="../shared/fixtures/arxiv is absent")
@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_every_real_answer_parses_without_an_error_paper(path: Path) -> None:
    feed = parse_feed(path.read_bytes())
    assert all(e.title != "Error" for e in feed.entries)
    assert all(e.id and e.title and e.published and e.authors for e in feed.entries)
    assert bool(feed.error) == ("error" in path.name)
    if feed.error:
        assert feed.entries == ()
