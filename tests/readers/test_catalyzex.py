"""The CatalyzeX reader: title, date, full author list, abstract, comment, arXiv badge."""

from __future__ import annotations

from bibexport.model import PartialDate, Person
from bibexport.readers.catalyzex import CatalyzexReader

from .helpers import by_title, line_of, page_text, seed_text, split


def test_seed_001_gives_eight_records_and_nothing_unparsed() -> None:
    records, chunks = split(CatalyzexReader().read(seed_text("001"), "001.txt"))
    assert len(records) == 8
    assert chunks == []
    assert all(r.on_arxiv for r in records)


def test_seed_fields_are_read_from_their_own_lines() -> None:
    text = seed_text("001")
    records, _ = split(CatalyzexReader().read(text, "001.txt"))
    cai = by_title(records)["Constitutional AI: Harmlessness from AI Feedback"]
    assert cai.date == PartialDate(2022, 12, 15)
    assert cai.authors[0] == Person("Bai", "Yuntao")
    assert len(cai.authors) == 51
    assert not cai.authors_truncated
    assert cai.sources[0].line == line_of(text, "Constitutional AI: Harmlessness")
    assert cai.origin("date").line == line_of(text, "Dec 15, 2022")
    assert cai.origin("authors").line == line_of(text, "Dec 15, 2022") + 1
    assert cai.abstract is not None and cai.abstract.startswith("As AI systems become")


def test_star_line_becomes_the_comment() -> None:
    records, _ = split(CatalyzexReader().read(seed_text("001"), "001.txt"))
    titles = by_title(records)
    assert titles["Language Models (Mostly) Know What They Know"].comment == (
        "23+17 pages; refs added, typos fixed"
    )
    assert titles["Specific versus General Principles for Constitutional AI"].comment is None


def test_names_with_initials_hyphens_and_accents_split_given_from_family() -> None:
    records, _ = split(CatalyzexReader().read(seed_text("001"), "001.txt"))
    people = {p for r in records for p in r.authors}
    assert Person("Bowman", "Samuel R.") in people
    assert Person("Hatfield-Dodds", "Zac") in people
    assert Person("Lukošiūtė", "Kamilė") in people


def test_own_page_reads_every_paper_with_its_full_author_list() -> None:
    records, _ = split(CatalyzexReader().read(page_text("catalyzex_vaswani.txt"), "p"))
    titles = by_title(records)
    assert list(titles) == [
        "Attention Is All You Need",
        "Self-Attention with Relative Position Representations",
        "Image Transformer",
        "Stand-Alone Self-Attention in Vision Models",
    ]
    attention = titles["Attention Is All You Need"]
    assert len(attention.authors) == 8
    assert attention.authors[5] == Person("Gomez", "Aidan N.")
    assert attention.date == PartialDate(2017, 6, 12)
    assert attention.comment == "15 pages, 5 figures"
    assert titles["Image Transformer"].authors[-1] == Person("van den Oord", "Aäron")


def test_paper_without_arxiv_badge_is_not_marked_on_arxiv() -> None:
    records, _ = split(CatalyzexReader().read(page_text("catalyzex_vaswani.txt"), "p"))
    titles = by_title(records)
    assert titles["Attention Is All You Need"].on_arxiv
    assert not titles["Stand-Alone Self-Attention in Vision Models"].on_arxiv


def test_abstract_wrapped_over_two_lines_is_joined() -> None:
    records, _ = split(CatalyzexReader().read(page_text("catalyzex_vaswani.txt"), "p"))
    abstract = by_title(records)["Image Transformer"].abstract
    assert abstract is not None
    assert abstract.startswith("Image generation has been")
    assert abstract.endswith("with a tractable likelihood.")


def test_unknown_text_between_papers_is_unparsed_with_its_line() -> None:
    text = page_text("catalyzex_vaswani.txt")
    records, chunks = split(CatalyzexReader().read(text, "page.txt"))
    assert len(records) == 4
    assert len(chunks) == 1
    assert chunks[0].source.line == line_of(text, "Share this paper")
    assert "Sponsored" in chunks[0].text


def test_page_owner_and_alert_buttons_are_chrome_not_unparsed() -> None:
    text = "Alert button\nPicture for Jane Doe\n\nJane Doe\n\nAlert button\n"
    assert list(CatalyzexReader().read(text, "p")) == []


def test_et_al_in_an_author_line_marks_the_list_truncated() -> None:
    text = (
        "A Made-Up Paper\n\nJan 05, 2021\nAda Lovelace, Alan Turing, et al.\n\n"
        "An invented abstract that is long enough to be read as one.\n\nViaarxiv icon\n"
    )
    records, chunks = split(CatalyzexReader().read(text, "p"))
    assert chunks == []
    assert [p.family for p in records[0].authors] == ["Lovelace", "Turing"]
    assert records[0].authors_truncated
