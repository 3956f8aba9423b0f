"""Same-paper detection and field precedence."""

from __future__ import annotations

from bibexport.merge import merge
from bibexport.model import PartialDate, Person, Report, Source, make_record

ABSTRACT = (
    "We study whether language models can evaluate the validity of their own claims and "
    "predict which questions they will be able to answer correctly. We first show that larger "
    "models are well-calibrated on diverse multiple choice and true/false questions."
)


def rec(file: str, line: int = 1, **fields):
    return make_record(Source(file, line, "test"), **fields)


def test_same_arxiv_id_in_any_version_merges() -> None:
    a = rec("a.txt", arxiv_id="1706.03762", arxiv_version=1)
    b = rec("b.txt", arxiv_id="1706.03762", arxiv_version=7, title="Attention Is All You Need")
    report = Report()
    [m] = merge([a, b], report)
    assert m.title == "Attention Is All You Need"
    assert m.arxiv_version == 7
    assert [str(s) for s in m.sources] == ["a.txt:1", "b.txt:1"]
    assert report.merges[0].reason == "arXiv id"


def test_same_doi_merges_case_insensitively() -> None:
    a = rec("a", doi="10.1038/nature14539", title="Deep learning")
    b = rec("b", doi="10.1038/nature14539", venue="Nature", venue_kind="journal")
    [m] = merge([a, b])
    assert m.venue == "Nature" and m.title == "Deep learning"


def test_titles_differing_in_case_and_punctuation_merge() -> None:
    a = rec("a", title="Language Models (Mostly) Know What They Know")
    b = rec("b", title="Language models mostly know what they know.")
    assert len(merge([a, b])) == 1


def test_similar_titles_of_different_papers_do_not_merge() -> None:
    a = rec("a", title="Scaling Laws for Neural Language Models")
    b = rec("b", title="Scaling Laws for Autoregressive Generative Modeling")
    c = rec("c", title="Scaling Laws for Transfer")
    assert len(merge([a, b, c])) == 3


def test_titles_with_different_numbers_do_not_merge() -> None:
    a = rec("a", title="The AI Index 2021 Annual Report")
    b = rec("b", title="The AI Index 2022 Annual Report")
    assert len(merge([a, b])) == 2


def test_different_arxiv_ids_never_merge_even_with_equal_titles() -> None:
    a = rec("a", title="Introduction", arxiv_id="2101.00001")
    b = rec("b", title="Introduction", arxiv_id="2101.00002")
    assert len(merge([a, b])) == 2


def test_titleless_record_takes_title_from_near_identical_abstract() -> None:
    dump = rec("dump", arxiv_id="2207.05221", abstract=ABSTRACT, date=PartialDate(2022, 7, 11))
    listing = rec(
        "listing",
        title="Language Models (Mostly) Know What They Know",
        abstract=ABSTRACT.replace("true/false", "true / false") + " Extra sentence of v2.",
        date=PartialDate(2022, 7, 16),
    )
    report = Report()
    [m] = merge([dump, listing], report)
    assert m.title == "Language Models (Mostly) Know What They Know"
    assert m.arxiv_id == "2207.05221"
    assert m.date == PartialDate(2022, 7, 11)  # the first version's date wins
    assert report.merges[0].reason == "abstract"
    assert m.origin("title") == Source("listing", 1, "test")
    assert m.origin("arxiv_id") == Source("dump", 1, "test")


def test_unrelated_abstracts_do_not_merge() -> None:
    a = rec("a", abstract=ABSTRACT)
    b = rec(
        "b",
        title="Other",
        abstract="We describe our early efforts to red team language models "
        "in order to simultaneously discover, measure, and attempt to reduce harms.",
    )
    assert len(merge([a, b])) == 2


def test_full_author_list_beats_truncated_one() -> None:
    short = rec("a", title="T", authors=(Person("Bai", "Yuntao"),), authors_truncated=True)
    full = rec("b", title="T", authors=(Person("Bai", "Yuntao"), Person("Jones", "Andy")))
    [m] = merge([short, full])
    assert len(m.authors) == 2 and not m.authors_truncated


def test_longer_truncated_list_beats_shorter_truncated_one() -> None:
    a = rec("a", title="T", authors=(Person("Bai", "Yuntao"),), authors_truncated=True)
    b = rec(
        "b",
        title="T",
        authors=(Person("Bai", "Yuntao"), Person("Jones", "Andy")),
        authors_truncated=True,
    )
    [m] = merge([a, b])
    assert len(m.authors) == 2 and m.authors_truncated


def test_read_date_beats_inferred_date() -> None:
    a = rec("a", title="T", date=PartialDate(2024, 5, 28, inferred=True))
    b = rec("b", title="T", date=PartialDate(2024, 5, 30))
    [m] = merge([a, b])
    assert m.date == PartialDate(2024, 5, 30)


def test_users_own_bib_fields_win() -> None:
    scraped = rec("page", title="T", url="https://example.org/scraped")
    mine = rec(
        "refs.bib",
        title="T",
        key="mykey2020",
        url="https://example.org/mine",
        extra=(("pages", "1--10"),),
    )
    [m] = merge([scraped, mine])
    assert m.key == "mykey2020" and m.url == "https://example.org/mine"
    assert m.extra == (("pages", "1--10"),)


def test_categories_union_keeps_primary_first() -> None:
    a = rec("a", title="T", categories=("cs.CL",))
    b = rec("b", title="T", categories=("cs.LG", "cs.CL"))
    [m] = merge([a, b])
    assert m.categories == ("cs.CL", "cs.LG")


def test_order_is_first_seen() -> None:
    a, b, c = rec("a", title="One"), rec("b", title="Two"), rec("c", title="one")
    assert [r.title for r in merge([a, b, c])] == ["One", "Two"]
