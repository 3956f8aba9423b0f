"""The arXiv dump reader: abstract, comment, ``arXiv:`` id and ``Created:`` date."""

from __future__ import annotations

from bibexport.model import PartialDate
from bibexport.readers.arxiv_dump import ArxivDumpReader

from .helpers import line_of, page_text, seed_text, split


def test_seed_000_gives_ten_records_and_nothing_unparsed() -> None:
    records, chunks = split(ArxivDumpReader().read(seed_text("000"), "000.txt"))
    assert len(records) == 10
    assert chunks == []
    first = records[0]
    assert first.arxiv_id == "2302.07459"
    assert first.date == PartialDate(2023, 2, 14)
    assert first.abstract is not None and first.abstract.startswith("We test the hypothesis")
    assert first.title is None and first.authors == () and first.categories == ()
    assert first.comment is None


def test_comment_paragraph_between_abstract_and_id_becomes_the_comment() -> None:
    text = seed_text("000")
    records, _ = split(ArxivDumpReader().read(text, "000.txt"))
    honest = next(r for r in records if r.arxiv_id == "2207.05221")
    assert honest.comment == "23+17 pages"
    assert honest.origin("comment").line == line_of(text, "23+17 pages")
    assert honest.origin("arxiv_id").line == line_of(text, "arXiv:2207.05221")
    assert honest.origin("date").line == line_of(text, "arXiv:2207.05221") + 1


def test_record_starts_at_its_abstract_line() -> None:
    text = seed_text("000")
    records, _ = split(ArxivDumpReader().read(text, "000.txt"))
    assert records[1].sources[0].line == line_of(text, "As language models (LMs) scale")
    assert records[1].sources[0].file == "000.txt"
    assert records[1].sources[0].reader == "arxiv_dump"


def test_version_is_kept_apart_from_the_id() -> None:
    records, _ = split(ArxivDumpReader().read(page_text("arxiv_dump_classics.txt"), "p"))
    attention = records[0]
    assert attention.arxiv_id == "1706.03762"
    assert attention.arxiv_version == 7
    assert attention.updated == PartialDate(2023, 8, 2)
    assert attention.date == PartialDate(2017, 6, 12)


def test_old_style_id_and_several_comment_paragraphs() -> None:
    records, _ = split(ArxivDumpReader().read(page_text("arxiv_dump_classics.txt"), "p"))
    maldacena = records[-1]
    assert maldacena.arxiv_id == "hep-th/9711200"
    assert maldacena.arxiv_version == 3
    assert maldacena.date == PartialDate(1997, 11, 27)
    assert maldacena.comment is not None
    assert maldacena.comment.startswith("20 pages, harvmac")
    assert maldacena.comment.endswith("eqns 2.8 and 2.9 corrected")


def test_stray_chunk_before_an_abstract_is_unparsed_and_neighbours_survive() -> None:
    text = page_text("arxiv_dump_classics.txt")
    records, chunks = split(ArxivDumpReader().read(text, "page.txt"))
    assert [r.arxiv_id for r in records] == [
        "1706.03762",
        "1512.03385",
        "1810.04805",
        "hep-th/9711200",
    ]
    bert = records[2]
    assert bert.abstract is not None and bert.abstract.startswith("We introduce a new language")
    stray = [c for c in chunks if "subscribe" in c.text]
    assert len(stray) == 1
    assert stray[0].source.line == line_of(text, "Click here to subscribe")
    assert stray[0].source.file == "page.txt"


def test_text_after_the_last_id_is_unparsed() -> None:
    text = page_text("arxiv_dump_classics.txt")
    _, chunks = split(ArxivDumpReader().read(text, "p"))
    trailing = chunks[-1]
    assert trailing.text == "Trailing notes that belong to no paper."
    assert trailing.source.line == line_of(text, "Trailing notes")
