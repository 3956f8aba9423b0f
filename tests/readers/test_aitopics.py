"""The AITopics reader: owner, then title / source line / abstract per paper."""

from __future__ import annotations

from bibexport.model import Person
from bibexport.readers.aitopics import AitopicsReader

from .helpers import by_title, line_of, page_text, seed_text, split


def test_seed_004_gives_seven_records_and_nothing_unparsed() -> None:
    records, chunks = split(AitopicsReader().read(seed_text("004"), "004.txt"))
    assert len(records) == 7
    assert chunks == []


def test_page_owner_is_the_one_known_author_of_every_paper() -> None:
    text = seed_text("004")
    records, _ = split(AitopicsReader().read(text, "004.txt"))
    for r in records:
        assert r.authors == (Person("Ganguli", "Deep"),)
        assert r.authors_truncated
        assert r.origin("authors").line == line_of(text, "Ganguli, Deep")


def test_arxiv_source_line_marks_the_paper_on_arxiv_with_its_feed_category() -> None:
    text = seed_text("004")
    records, _ = split(AitopicsReader().read(text, "004.txt"))
    cai = by_title(records)["Constitutional AI: Harmlessness from AI Feedback"]
    assert cai.on_arxiv
    assert cai.categories == ("cs.AI",)
    assert cai.venue is None
    assert cai.sources[0].line == line_of(text, "Constitutional AI: Harmlessness")
    assert cai.abstract is not None and cai.abstract.startswith("As AI systems become")


def test_other_source_line_is_the_venue() -> None:
    records, _ = split(AitopicsReader().read(seed_text("004"), "004.txt"))
    prior = by_title(records)[
        "Implicit encoding of prior probabilities in optimal neural populations"
    ]
    assert prior.venue == "Neural Information Processing Systems"
    assert prior.venue_kind == "proceedings"
    assert not prior.on_arxiv
    assert prior.categories == ()


def test_own_page_venues_journals_and_feeds() -> None:
    records, _ = split(AitopicsReader().read(page_text("aitopics_hinton.txt"), "p"))
    titles = by_title(records)
    assert len(records) == 5
    assert all(r.authors == (Person("Hinton", "Geoffrey"),) for r in records)
    dropout = titles["Dropout: A Simple Way to Prevent Neural Networks from Overfitting"]
    assert (dropout.venue, dropout.venue_kind) == (
        "Journal of Machine Learning Research",
        "journal",
    )
    capsules = titles["Matrix Capsules with EM Routing"]
    assert capsules.venue_kind == "proceedings"
    distil = titles["Distilling the Knowledge in a Neural Network"]
    assert distil.on_arxiv and distil.categories == ("cs.LG",)
    simclr = titles["Big Self-Supervised Models are Strong Semi-Supervised Learners"]
    assert simclr.categories == ("cs.CV",)


def test_stray_paragraph_is_unparsed_and_the_papers_around_it_survive() -> None:
    text = page_text("aitopics_hinton.txt")
    records, chunks = split(AitopicsReader().read(text, "page.txt"))
    assert len(chunks) == 1
    assert chunks[0].text == "Loading more results"
    assert chunks[0].source.line == line_of(text, "Loading more results")
    titles = [r.title for r in records]
    stray = chunks[0].source.line
    assert any(r.sources[0].line < stray for r in records)
    assert any(r.sources[0].line > stray for r in records)
    assert "Distilling the Knowledge in a Neural Network" in titles


def test_page_without_owner_gives_records_without_authors() -> None:
    text = page_text("aitopics_hinton.txt").replace(" Hinton, Geoffrey", "")
    records, _ = split(AitopicsReader().read(text, "p"))
    assert records and all(r.authors == () and not r.authors_truncated for r in records)
