"""Record → Zotero item mapping, and recognising items already in a library."""

from __future__ import annotations

import pytest
from fake_zotero import TypeSpec

from bibexport.keys import assign_keys
from bibexport.model import PartialDate, Person
from bibexport.sinks.zotero_items import (
    ITEM_FIELDS,
    STRUCTURAL_KEYS,
    item_identity,
    item_type,
    record_identity,
    to_item,
)

from .zotero_helpers import rec, varied_records


def test_arxiv_preprint_is_shaped_as_zoteros_arxiv_translator_makes_it() -> None:
    r = rec(
        title="Constitutional AI: Harmlessness from AI Feedback",
        arxiv_id="2212.08073",
        authors=(Person("Bai", "Yuntao"),),
        date=PartialDate(2022, 12, 15),
        categories=("cs.CL", "cs.AI"),
        abstract="We train.",
    )
    item = to_item(r, citation_key="bai2022constitutional", collections=["ABCD2345"])
    assert item["itemType"] == "preprint"
    assert item["repository"] == "arXiv"
    assert item["archiveID"] == "arXiv:2212.08073"
    assert item["DOI"] == "10.48550/arXiv.2212.08073"
    assert item["url"] == "https://arxiv.org/abs/2212.08073"
    assert item["extra"] == "arXiv:2212.08073 [cs.CL]"
    assert item["libraryCatalog"] == "arXiv.org"
    assert item["tags"] == [{"tag": "cs.CL"}, {"tag": "cs.AI"}]
    assert item["creators"] == [{"creatorType": "author", "firstName": "Yuntao", "lastName": "Bai"}]
    assert item["abstractNote"] == "We train."
    assert item["date"] == "2022-12-15"
    assert item["citationKey"] == "bai2022constitutional"
    assert item["collections"] == ["ABCD2345"]


def test_old_style_arxiv_id_has_no_category_in_extra_as_the_translator_writes_it() -> None:
    item = to_item(rec(title="T", arxiv_id="hep-th/9711162", categories=("hep-th",)))
    assert item["extra"] == "arXiv:hep-th/9711162"
    assert item["archiveID"] == "arXiv:hep-th/9711162"


def test_organisation_author_is_one_name() -> None:
    item = to_item(
        rec(
            title="GPT-4 Technical Report",
            arxiv_id="2303.08774",
            authors=(Person("OpenAI", literal=True), Person("Achiam", "Josh")),
        )
    )
    assert item["creators"][0] == {"creatorType": "author", "name": "OpenAI"}
    assert item["creators"][1] == {
        "creatorType": "author",
        "firstName": "Josh",
        "lastName": "Achiam",
    }


def test_record_with_journal_venue_becomes_journal_article_with_publication_title() -> None:
    item = to_item(
        rec(
            title="Deep learning",
            venue="Nature",
            venue_kind="journal",
            doi="10.1038/nature14539",
            extra=(("pages", "436--444"),),
        )
    )
    assert item["itemType"] == "journalArticle"
    assert item["publicationTitle"] == "Nature"
    assert item["DOI"] == "10.1038/nature14539"
    assert item["pages"] == "436-444"


def test_published_arxiv_paper_keeps_arxiv_line_in_extra_and_abs_url() -> None:
    item = to_item(
        rec(
            title="Latent knowledge",
            arxiv_id="2212.03827",
            categories=("cs.CL",),
            venue="ICLR",
            venue_kind="proceedings",
        )
    )
    assert item["itemType"] == "conferencePaper"
    assert item["proceedingsTitle"] == "ICLR"
    assert item["extra"] == "arXiv:2212.03827 [cs.CL]"
    assert item["url"] == "https://arxiv.org/abs/2212.03827"
    assert "archiveID" not in item and "repository" not in item


def test_venue_without_kind_is_guessed_from_its_name() -> None:
    assert (
        item_type(rec(title="A", venue="Advances in Neural Information Processing Systems"))
        == "conferencePaper"
    )
    assert item_type(rec(title="A", venue="Bell System Technical Journal")) == "journalArticle"


def test_bib_entry_types_map_to_the_closest_zotero_type() -> None:
    expect = {
        "book": "book",
        "phdthesis": "thesis",
        "techreport": "report",
        "misc": "document",
        "online": "webpage",
        "unpublished": "manuscript",
        "incollection": "bookSection",
    }
    for entry_type, zotero_type in expect.items():
        assert item_type(rec(title="T", entry_type=entry_type)) == zotero_type


def test_listing_record_said_to_be_on_arxiv_is_an_arxiv_preprint_without_id_fields() -> None:
    item = to_item(rec(title="Specific versus General Principles", on_arxiv=True))
    assert item["itemType"] == "preprint"
    assert item["repository"] == "arXiv"
    assert "archiveID" not in item and "DOI" not in item


def test_published_doi_of_a_preprint_goes_to_extra() -> None:
    item = to_item(rec(title="T", arxiv_id="1501.00001", doi="10.1103/physrevd.91.000001"))
    assert item["DOI"] == "10.48550/arXiv.1501.00001"
    assert "DOI: 10.1103/physrevd.91.000001" in item["extra"].splitlines()


def test_every_field_the_mapping_sets_is_in_the_projects_list_for_the_type() -> None:
    for r in varied_records():
        item = to_item(r, citation_key="k")
        fields = set(item) - STRUCTURAL_KEYS
        assert fields <= ITEM_FIELDS[item["itemType"]], (
            r.title,
            fields - ITEM_FIELDS[item["itemType"]],
        )


def test_projects_field_lists_are_valid_in_zoteros_schema(schema: dict[str, TypeSpec]) -> None:
    for itype, fields in ITEM_FIELDS.items():
        assert itype in schema
        assert fields <= schema[itype].fields, (itype, fields - schema[itype].fields)
        assert "author" in schema[itype].creator_types


def test_citation_key_is_a_field_of_every_type_the_sink_makes(schema: dict[str, TypeSpec]) -> None:
    for itype in ITEM_FIELDS:
        assert "citationKey" in schema[itype].fields


def test_items_for_varied_records_are_schema_valid(schema: dict[str, TypeSpec]) -> None:
    records = varied_records()
    for r, key in zip(records, assign_keys(records), strict=True):
        item = to_item(r, citation_key=key)
        spec = schema[item["itemType"]]
        assert set(item) - STRUCTURAL_KEYS <= spec.fields
        assert all(c["creatorType"] in spec.creator_types for c in item["creators"])


@pytest.mark.parametrize(
    ("data", "arxiv"),
    [
        ({"itemType": "preprint", "archiveID": "arXiv:2212.08073", "title": "x"}, "2212.08073"),
        ({"itemType": "journalArticle", "url": "http://arxiv.org/abs/2212.08073v2"}, "2212.08073"),
        ({"itemType": "preprint", "DOI": "10.48550/arXiv.2212.08073"}, "2212.08073"),
        ({"itemType": "journalArticle", "extra": "Foo: bar\narXiv: 2212.08073"}, "2212.08073"),
        (
            {"itemType": "journalArticle", "publicationTitle": "arXiv preprint arXiv:2212.08073"},
            "2212.08073",
        ),
    ],
)
def test_arxiv_id_is_found_wherever_other_clients_put_it(data: dict, arxiv: str) -> None:
    assert item_identity(data).arxiv_ids == {arxiv}


def test_item_identity_reads_doi_field_and_doi_line_but_not_arxivs_doi_as_published() -> None:
    ident = item_identity(
        {"DOI": "https://doi.org/10.1038/NATURE14539", "extra": "DOI: 10.1000/other"}
    )
    assert ident.dois == {"10.1038/nature14539", "10.1000/other"}
    assert item_identity({"DOI": "10.48550/arXiv.2212.08073"}).dois == frozenset()


def test_titles_differing_only_in_case_and_punctuation_are_the_same_identity() -> None:
    a = record_identity(rec(title="Toy Models of Superposition"))
    b = item_identity({"title": "Toy models of superposition."})
    assert a.title == b.title


def test_different_arxiv_ids_contradict_a_title_match() -> None:
    a = record_identity(rec(title="Same Title", arxiv_id="2101.00001"))
    b = item_identity({"title": "Same Title", "archiveID": "arXiv:2101.00002"})
    assert a.contradicts(b)
    assert not a.contradicts(item_identity({"title": "Same Title"}))


def test_users_bibtex_fields_arrive_in_zotero_as_plain_text() -> None:
    item = to_item(
        rec(
            title="Deep learning",
            venue="Proceedings of Things",
            venue_kind="proceedings",
            extra=(("publisher", r"Springer {\&} Co"), ("volume", "{521}")),
        )
    )
    assert item["itemType"] == "conferencePaper"
    assert item["volume"] == "521"
    assert item["publisher"] == "Springer & Co"
