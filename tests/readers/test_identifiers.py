"""The identifier-list reader: one arXiv id, arXiv URL or DOI per line."""

from __future__ import annotations

from bibexport.readers.identifiers import IdentifierReader

from .helpers import line_of, page_text, split


def test_every_kind_of_identifier_line_gives_a_record() -> None:
    records, _ = split(IdentifierReader().read(page_text("identifiers_list.txt"), "ids.txt"))
    got = [(r.arxiv_id, r.arxiv_version, r.doi) for r in records]
    assert got == [
        ("2212.08073", None, None),
        ("2204.05862", 2, None),
        ("hep-th/9711200", None, None),
        ("1706.03762", 5, None),
        ("1512.03385", None, None),
        ("1810.04805", 2, None),
        ("2005.14165", None, None),
        ("2001.08361", None, None),
        (None, None, "10.1038/nature14539"),
        (None, None, "10.1145/3065386"),
        (None, None, "10.1162/neco.2006.18.7.1527"),
    ]


def test_record_source_is_its_line() -> None:
    text = page_text("identifiers_list.txt")
    records, _ = split(IdentifierReader().read(text, "ids.txt"))
    assert records[3].sources[0].line == line_of(text, "https://arxiv.org/abs/1706.03762v5")
    assert records[3].origin("arxiv_id").line == records[3].sources[0].line


def test_line_that_is_no_identifier_is_unparsed_with_its_line() -> None:
    text = page_text("identifiers_list.txt")
    records, chunks = split(IdentifierReader().read(text, "ids.txt"))
    assert len(chunks) == 1
    assert chunks[0].text == "see the Hinton paper from 2006"
    assert chunks[0].source.line == line_of(text, "see the Hinton paper")
    assert records[-1].doi == "10.1162/neco.2006.18.7.1527"  # the line after still comes through


def test_blank_and_comment_lines_are_skipped() -> None:
    assert list(IdentifierReader().read("# only a comment\n\n   \n", "ids.txt")) == []


def test_sniff_is_high_for_a_clean_list_and_low_for_prose() -> None:
    reader = IdentifierReader()
    assert reader.sniff("2212.08073\narXiv:2204.05862\n10.1038/nature14539\n") == 1.0
    assert reader.sniff("Some prose.\nMore prose about 2212.08073.\n") < 0.2
