"""``update_bib``: enrich a user's .bib in place, touching only what changed."""

from __future__ import annotations

import pytest

from bibexport.errors import ExportError
from bibexport.model import PartialDate, Person, Record, Source, WriteOptions, make_record
from bibexport.readers.bibtex import BibtexReader
from bibexport.writers.bibtex import update_bib

ORIGINAL = """% My bibliography -- do not reformat
@string{acl = "Proceedings of ACL"}

@article{Bai:CAI,
    title = {Constitutional {AI}},
    author = {Bai, Yuntao and others},
    journal = {arXiv preprint arXiv:2212.08073},
    year = 2022,
    keywords = {alignment, rlhf},
}

Some free text between entries @ here.

@inproceedings{vaswani,
  title="Attention Is All You Need",
  author = {Vaswani, Ashish},
  booktitle = acl,
  year = {2017}
}

@preamble{ "\\newcommand{\\noop}[1]{}" }
@misc{lonely, title = {Only a Title}}
"""


def _at(line: int) -> Source:
    return Source("refs.bib", line, "bibtex")


def _before() -> list[Record]:
    """What the BibTeX reader gives for ORIGINAL (built by hand to keep this test independent)."""
    return [
        make_record(
            _at(4),
            key="Bai:CAI",
            entry_type="article",
            title="Constitutional AI",
            authors=(Person("Bai", "Yuntao"),),
            authors_truncated=True,
            date=PartialDate(2022),
            arxiv_id="2212.08073",
            extra=(("keywords", "alignment, rlhf"),),
        ),
        make_record(
            _at(14),
            key="vaswani",
            entry_type="inproceedings",
            title="Attention Is All You Need",
            authors=(Person("Vaswani", "Ashish"),),
            venue="Proceedings of ACL",
            venue_kind="proceedings",
            date=PartialDate(2017),
        ),
        make_record(_at(22), key="lonely", entry_type="misc", title="Only a Title"),
    ]


def test_unchanged_records_leave_the_file_byte_for_byte() -> None:
    before = _before()
    assert update_bib(ORIGINAL, before, list(before), WriteOptions()) == ORIGINAL


def test_changed_fields_are_rewritten_and_new_ones_added_in_place() -> None:
    before = _before()
    after = list(before)
    after[0] = before[0].evolve(
        title="Constitutional AI: Harmlessness from AI Feedback",
        categories=("cs.CL",),
        date=PartialDate(2022, 12, 15),
        abstract="We use 50% less $x$.",
    )
    out = update_bib(ORIGINAL, before, after, WriteOptions())
    expected_entry = """@article{Bai:CAI,
    title = {Constitutional {AI}: Harmlessness from {AI} Feedback},
    author = {Bai, Yuntao and others},
    journal = {arXiv preprint arXiv:2212.08073},
    year = 2022,
    keywords = {alignment, rlhf},
    month = dec,
    eprint = {2212.08073},
    archivePrefix = {arXiv},
    primaryClass = {cs.CL},
    doi = {10.48550/arXiv.2212.08073},
    url = {https://arxiv.org/abs/2212.08073},
    abstract = {We use 50\\% less $x$.},
}"""
    start = ORIGINAL.index("@article")
    end = ORIGINAL.index("}\n\nSome free") + 1
    assert out == ORIGINAL[:start] + expected_entry + ORIGINAL[end:]


def test_options_shape_the_added_fields() -> None:
    before = _before()
    after = [*before[:2], before[2].evolve(abstract="An abstract.")]
    out = update_bib(ORIGINAL, before, after, WriteOptions(abstract=False))
    assert out == ORIGINAL


def test_an_enriched_arxiv_entry_gains_the_arxiv_fields_it_lacked() -> None:
    before = _before()
    after = [before[0].evolve(abstract="An abstract."), *before[1:]]
    out = update_bib(ORIGINAL, before, after, WriteOptions(abstract=False))
    added = "    eprint = {2212.08073},\n    archivePrefix = {arXiv},\n"
    assert "    keywords = {alignment, rlhf},\n" + added in out
    assert "abstract" not in out


def test_change_to_a_quoted_or_macro_value_replaces_just_that_value() -> None:
    before = _before()
    after = [before[0], before[1].evolve(venue="NeurIPS", doi="10.5555/3295222.3295349"), before[2]]
    out = update_bib(ORIGINAL, before, after, WriteOptions())
    assert "  booktitle = {NeurIPS},\n" in out
    assert '  title="Attention Is All You Need",\n' in out
    assert "  year = {2017},\n  doi = {10.5555/3295222.3295349}\n}" in out
    assert (
        out.replace("{NeurIPS}", "acl").replace(",\n  doi = {10.5555/3295222.3295349}", "")
        == ORIGINAL
    )


def test_one_line_entry_gets_its_new_field() -> None:
    before = _before()
    after = [*before[:2], before[2].evolve(date=PartialDate(2020))]
    out = update_bib(ORIGINAL, before, after, WriteOptions())
    assert "@misc{lonely, title = {Only a Title},\n  year = {2020}}\n" in out


def test_keys_order_and_text_between_entries_are_kept() -> None:
    before = _before()
    after = [r.evolve(doi=f"10.1/{i}") for i, r in enumerate(before)]
    out = update_bib(ORIGINAL, before, after, WriteOptions())
    for fixed in (
        '% My bibliography -- do not reformat\n@string{acl = "Proceedings of ACL"}',
        "Some free text between entries @ here.",
        '@preamble{ "\\newcommand{\\noop}[1]{}" }',
    ):
        assert fixed in out
    keys = [out.index(k) for k in ("{Bai:CAI,", "{vaswani,", "{lonely,")]
    assert keys == sorted(keys)
    assert out.count("doi = ") == 3


def test_entry_found_by_key_when_the_line_is_unknown() -> None:
    before = [r.evolve(sources=(Source("refs.bib"),)) for r in _before()]
    after = [*before[:2], before[2].evolve(date=PartialDate(2020))]
    assert "year = {2020}" in update_bib(ORIGINAL, before, after, WriteOptions())


def test_missing_entry_is_an_error() -> None:
    ghost = make_record(_at(99), key="ghost", title="Ghost")
    with pytest.raises(ExportError, match="ghost"):
        update_bib(ORIGINAL, [ghost], [ghost.evolve(title="Boo")], WriteOptions())


def test_record_counts_must_match() -> None:
    with pytest.raises(ExportError):
        update_bib(ORIGINAL, _before(), _before()[:1], WriteOptions())


def test_with_the_real_bibtex_reader() -> None:
    read = [r for r in BibtexReader().read(ORIGINAL, "refs.bib") if isinstance(r, Record)]
    assert [r.key for r in read] == ["Bai:CAI", "vaswani", "lonely"]
    assert update_bib(ORIGINAL, read, list(read), WriteOptions()) == ORIGINAL
    after = [read[0].evolve(doi="10.1000/x"), *read[1:]]
    out = update_bib(ORIGINAL, read, after, WriteOptions())
    assert "    doi = {10.1000/x},\n    url = {https://arxiv.org/abs/2212.08073},\n}" in out
    reread = [r for r in BibtexReader().read(out, "refs.bib") if isinstance(r, Record)]
    assert reread[0].doi == "10.1000/x"
    assert [r.title for r in reread] == [r.title for r in read]
