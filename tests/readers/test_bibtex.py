"""The BibTeX reader: keys, types and unknown fields kept; LaTeX decoded; bad entries reported."""

from __future__ import annotations

import pytest

from bibexport.model import PartialDate, Person, Record
from bibexport.readers.bibtex import BibtexReader, parse_authors, split_and

from .helpers import line_of, page_text, split


@pytest.fixture(scope="module")
def library() -> tuple[str, dict[str, Record], list]:
    text = page_text("library.bib")
    records, chunks = split(BibtexReader().read(text, "library.bib"))
    return text, {r.key: r for r in records if r.key}, chunks


def test_every_entry_comes_back_except_the_malformed_one(library) -> None:
    _, records, chunks = library
    assert list(records) == [
        "vaswani2017attention",
        "he2016deep",
        "bai2022constitutional",
        "openai2023gpt4",
        "DBLP:journals/corr/abs-1810-04805",
        "lecun2015deep",
        "krizhevsky2012",
        "goodfellow2016",
        "schr2020",
    ]
    assert len(chunks) == 1


def test_malformed_entry_is_unparsed_at_its_line(library) -> None:
    text, _, chunks = library
    assert chunks[0].source.line == line_of(text, "@article{broken2019")
    assert chunks[0].text.startswith("@article{broken2019,")
    assert "broken2019" in chunks[0].reason


def test_record_line_is_the_line_of_its_at_sign(library) -> None:
    text, records, _ = library
    he = records["he2016deep"]
    assert he.sources[0].line == line_of(text, "@inproceedings{he2016deep")
    assert he.origin("doi").line == line_of(text, "doi = {10.1109/CVPR.2016.90}")


def test_key_type_and_other_fields_are_kept_as_written(library) -> None:
    _, records, _ = library
    he = records["he2016deep"]
    assert he.entry_type == "inproceedings"
    assert he.extra == (("pages", "770--778"), ("publisher", "IEEE"))
    assert he.doi == "10.1109/cvpr.2016.90"
    assert (
        he.venue
        == "Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition (CVPR)"
    )
    assert he.venue_kind == "proceedings"


def test_case_protecting_braces_are_stripped_from_the_title(library) -> None:
    _, records, _ = library
    assert records["vaswani2017attention"].title == "Attention Is All You Need"
    assert records["openai2023gpt4"].title == "GPT-4 Technical Report"


def test_latex_accents_are_decoded_in_titles_and_names(library) -> None:
    _, records, _ = library
    schr = records["schr2020"]
    assert schr.title is not None and schr.title.startswith("Schrödinger's Cat")
    assert schr.authors[0] == Person("Müller", "Jörg")
    assert schr.authors[1] == Person("de la Fuente", "Ana")


def test_and_others_marks_the_list_truncated(library) -> None:
    _, records, _ = library
    vaswani = records["vaswani2017attention"]
    assert vaswani.authors_truncated
    assert [p.family for p in vaswani.authors] == ["Vaswani", "Shazeer", "Parmar"]


def test_braced_author_is_one_literal_name(library) -> None:
    _, records, _ = library
    assert records["openai2023gpt4"].authors == (Person("OpenAI", literal=True),)


def test_arxiv_preprint_journal_gives_the_id_and_no_venue(library) -> None:
    _, records, _ = library
    vaswani = records["vaswani2017attention"]
    assert vaswani.arxiv_id == "1706.03762"
    assert vaswani.venue is None
    assert vaswani.date == PartialDate(2017, 6)
    assert vaswani.extra == ()


def test_eprint_with_archive_prefix_gives_id_and_primary_class(library) -> None:
    _, records, _ = library
    cai = records["bai2022constitutional"]
    assert cai.arxiv_id == "2212.08073"
    assert cai.categories == ("cs.CL",)
    assert cai.url is None  # an arXiv link says no more than the id
    assert cai.extra == ()


def test_arxiv_doi_becomes_the_arxiv_id_not_the_doi(library) -> None:
    _, records, _ = library
    gpt4 = records["openai2023gpt4"]
    assert gpt4.arxiv_id == "2303.08774"
    assert gpt4.doi is None
    assert gpt4.date == PartialDate(2023, 3, 15)


def test_dblp_corr_entry_is_an_arxiv_paper_not_a_journal_article(library) -> None:
    _, records, _ = library
    bert = records["DBLP:journals/corr/abs-1810-04805"]
    assert bert.arxiv_id == "1810.04805"
    assert bert.venue is None
    assert bert.extra == ()
    assert bert.authors[1] == Person("Chang", "Ming-Wei")
    assert bert.title == (
        "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding"
    )


def test_doi_url_is_normalised_and_journal_is_the_venue(library) -> None:
    _, records, _ = library
    lecun = records["lecun2015deep"]
    assert lecun.doi == "10.1038/nature14539"
    assert (lecun.venue, lecun.venue_kind) == ("Nature", "journal")
    assert ("volume", "521") in lecun.extra


def test_string_macro_is_expanded_in_booktitle(library) -> None:
    _, records, _ = library
    alexnet = records["krizhevsky2012"]
    assert alexnet.venue == "Advances in Neural Information Processing Systems"
    assert alexnet.abstract is not None and alexnet.abstract.startswith("We trained a large")


def test_arxiv_id_in_a_note_is_found_and_the_note_kept(library) -> None:
    _, records, _ = library
    schr = records["schr2020"]
    assert (schr.arxiv_id, schr.arxiv_version) == ("2011.01234", 2)
    assert ("note", "arXiv:2011.01234v2") in schr.extra
    assert schr.date == PartialDate(2020, 11)


def test_non_arxiv_url_is_kept_as_url(library) -> None:
    _, records, _ = library
    assert records["goodfellow2016"].url == "http://www.deeplearningbook.org"


def test_comment_preamble_and_string_blocks_are_neither_records_nor_unparsed() -> None:
    text = '@comment{x}\n@preamble{"y"}\n@string{z = "w"}\n'
    assert list(BibtexReader().read(text, "x.bib")) == []


def test_entry_missing_its_key_comma_is_unparsed_and_the_next_survives() -> None:
    text = "@misc{nokey\n  title = {Lost}\n}\n\n@misc{kept, title = {Kept}}\n"
    records, chunks = split(BibtexReader().read(text, "x.bib"))
    assert [r.key for r in records] == ["kept"]
    assert records[0].sources[0].line == 5
    assert [c.source.line for c in chunks] == [1]


def test_split_and_respects_braces() -> None:
    assert split_and("{Barnes and Noble} and Doe, Jane") == ["{Barnes and Noble}", "Doe, Jane"]


def test_family_comma_given_and_given_family_forms_both_parse() -> None:
    people, truncated = parse_authors("Doe, Jane and John Smith and van der Berg, Piet")
    assert people == [
        Person("Doe", "Jane"),
        Person("Smith", "John"),
        Person("van der Berg", "Piet"),
    ]
    assert not truncated
