"""CSL-JSON writer: item types per Zotero's CSL mapping, names, dates, options."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bibexport.model import PartialDate, Person, Record, WriteOptions, make_record
from bibexport.plugins import Registry, Writer
from bibexport.writers.bibtex import BibtexWriter
from bibexport.writers.csljson import CslJsonWriter

from .helpers import SRC, preprint

SCHEMA = Path(__file__).resolve().parents[3] / "shared" / "zotero" / "schema.json"


def items(*records: Record, options: WriteOptions | None = None) -> list[dict]:
    return json.loads(CslJsonWriter().write(list(records), options or WriteOptions()))


def test_writer_is_registered_and_fits_the_protocol() -> None:
    writer = Registry.from_entry_points().create("writers", "csljson")
    assert isinstance(writer, Writer)
    assert (writer.name, writer.suffix) == ("csljson", ".json")


def test_arxiv_preprint_is_an_article_from_the_arxiv_repository() -> None:
    [item] = items(preprint())
    assert item == {
        "id": "bai2022constitutional",
        "citation-key": "bai2022constitutional",
        "type": "article",
        "title": "Constitutional AI: Harmlessness from AI Feedback",
        "author": [{"family": "Bai", "given": "Yuntao"}, {"family": "Kadavath", "given": "Saurav"}],
        "issued": {"date-parts": [[2022, 12, 15]]},
        "publisher": "arXiv",
        "number": "arXiv:2212.08073",
        "DOI": "10.48550/arXiv.2212.08073",
        "URL": "https://arxiv.org/abs/2212.08073",
        "abstract": "As AI systems become more capable, we would like to enlist their help.",
        "note": "34 pages",
    }


@pytest.mark.parametrize(
    ("fields", "ctype"),
    [
        ({"venue": "Nature", "venue_kind": "journal"}, "article-journal"),
        ({"venue": "ICML", "venue_kind": "proceedings"}, "paper-conference"),
        ({"venue": "Proceedings of ACL"}, "paper-conference"),
        ({"venue": "ICML", "entry_type": "inproceedings"}, "paper-conference"),
        ({"entry_type": "phdthesis"}, "thesis"),
        ({"arxiv_id": None}, "document"),
    ],
)
def test_item_type(fields: dict, ctype: str) -> None:
    assert items(preprint(**fields))[0]["type"] == ctype


def test_types_are_ones_zotero_maps() -> None:
    if not SCHEMA.is_file():
        pytest.skip("shared Zotero schema not available")
    known = json.loads(SCHEMA.read_text())["csl"]["types"]
    for fields in (
        {},
        {"venue": "Nature"},
        {"venue": "ICML", "venue_kind": "proceedings"},
        {"arxiv_id": None},
    ):
        assert items(preprint(**fields))[0]["type"] in known


def test_published_paper_has_container_title_and_keeps_arxiv_id_in_note() -> None:
    [item] = items(
        preprint(venue="Nature", venue_kind="journal", doi="10.1038/x"),
        options=WriteOptions(comment=False),
    )
    assert item["container-title"] == "Nature"
    assert item["DOI"] == "10.1038/x"
    assert item["note"] == "arXiv:2212.08073"
    assert "publisher" not in item and "number" not in item


def test_names_organisations_and_suffixes() -> None:
    r = preprint(
        authors=(
            Person("OpenAI", literal=True),
            Person("King Jr.", "Martin"),
            Person("Plato"),
            Person("Lukošiūtė", "Kamilė"),
        )
    )
    assert items(r)[0]["author"] == [
        {"literal": "OpenAI"},
        {"family": "King", "suffix": "Jr.", "given": "Martin"},
        {"family": "Plato"},
        {"family": "Lukošiūtė", "given": "Kamilė"},
    ]


def test_partial_dates_and_year_from_latest() -> None:
    r = preprint(date=PartialDate(2022, 5), updated=PartialDate(2023, 1, 2))
    assert items(r)[0]["issued"] == {"date-parts": [[2022, 5]]}
    latest = items(r, options=WriteOptions(year_from="latest"))[0]
    assert latest["issued"] == {"date-parts": [[2023, 1, 2]]}


def test_abstract_and_comment_can_be_switched_off() -> None:
    [item] = items(preprint(), options=WriteOptions(abstract=False, comment=False))
    assert "abstract" not in item and "note" not in item


def test_ids_match_the_bibtex_keys() -> None:
    records = [preprint(), preprint(arxiv_id="2212.09999"), preprint(key="mine")]
    bib = BibtexWriter().write(records, WriteOptions())
    for item in items(*records):
        assert f"{{{item['id']},\n" in bib


def test_output_is_utf8_indented_and_deterministic() -> None:
    records = [preprint(authors=(Person("Lukošiūtė", "Kamilė"),)), make_record(SRC, title="x")]
    text = CslJsonWriter().write(records, WriteOptions())
    assert "Lukošiūtė" in text
    assert text.startswith('[\n  {\n    "id"')
    assert text == CslJsonWriter().write(records, WriteOptions())
