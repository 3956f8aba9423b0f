"""BibTeX/biblatex writer: entry shapes, names, escaping, options, and a bibtexparser round trip."""

from __future__ import annotations

import calendar

import bibtexparser
from bibtexparser.bparser import BibTexParser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bibexport.latex import latex_to_text
from bibexport.model import PartialDate, Person, Record, WriteOptions, make_record
from bibexport.plugins import Registry, Writer
from bibexport.text import collapse_ws
from bibexport.writers.bibtex import BibtexWriter, entry_fields

from .helpers import SRC, preprint

BIBLATEX = WriteOptions(style="biblatex")
_MONTH_NAMES = {calendar.month_abbr[i].lower(): calendar.month_name[i] for i in range(1, 13)}


def write(*records: Record, options: WriteOptions | None = None) -> str:
    return BibtexWriter().write(list(records), options or WriteOptions())


def parse(text: str) -> list[dict[str, str]]:
    parser = BibTexParser(common_strings=True, ignore_nonstandard_types=False)
    return bibtexparser.loads(text, parser=parser).entries


def one(text: str) -> dict[str, str]:
    entries = parse(text)
    assert len(entries) == 1, text
    return entries[0]


def test_writer_is_registered_and_fits_the_protocol() -> None:
    writer = Registry.from_entry_points().create("writers", "bibtex")
    assert isinstance(writer, Writer)
    assert (writer.name, writer.suffix) == ("bibtex", ".bib")


def test_arxiv_preprint_follows_arxivs_own_convention() -> None:
    assert write(preprint()) == (
        "@misc{bai2022constitutional,\n"
        "  title = {Constitutional {AI}: Harmlessness from {AI} Feedback},\n"
        "  author = {Bai, Yuntao and Kadavath, Saurav},\n"
        "  year = {2022},\n"
        "  month = dec,\n"
        "  eprint = {2212.08073},\n"
        "  archivePrefix = {arXiv},\n"
        "  primaryClass = {cs.CL},\n"
        "  doi = {10.48550/arXiv.2212.08073},\n"
        "  url = {https://arxiv.org/abs/2212.08073},\n"
        "  comment = {34 pages},\n"
        "  abstract = {As AI systems become more capable, we would like to enlist their help.}\n"
        "}\n"
    )


def test_published_doi_wins_over_arxivs() -> None:
    entry = one(write(preprint(doi="10.1000/xyz")))
    assert entry["doi"] == "10.1000/xyz"
    assert entry["eprint"] == "2212.08073"


def test_truncated_author_list_becomes_and_others() -> None:
    entry = one(write(preprint(authors_truncated=True)))
    assert entry["author"] == "Bai, Yuntao and Kadavath, Saurav and others"


def test_organisation_is_braced_as_one_name() -> None:
    r = preprint(authors=(Person("OpenAI", literal=True), Person("Barnes and Noble", literal=True)))
    assert one(write(r))["author"] == "{OpenAI} and {Barnes and Noble}"


def test_particles_and_jr() -> None:
    r = preprint(
        authors=(
            Person("van der Berg", "Jan"),
            Person("King Jr.", "Martin Luther"),
            Person("Le Cun"),
            Person("Plato"),
        )
    )
    assert one(write(r))["author"] == (
        "van der Berg, Jan and King, Jr., Martin Luther and {Le Cun} and Plato"
    )


def test_non_ascii_name_becomes_latex_macros_and_folded_key() -> None:
    r = preprint(authors=(Person("Lukošiūtė", "Kamilė"),))
    text = write(r)
    assert r"author = {Luko{\v{s}}i{\=u}t{\.e}, Kamil{\.e}}" in text
    assert text.startswith("@misc{lukosiute2022constitutional,")


def test_unicode_option_keeps_utf8() -> None:
    r = preprint(authors=(Person("Lukošiūtė", "Kamilė"),), title="Über “Transformers”")
    text = write(r, options=WriteOptions(unicode=True))
    assert "author = {Lukošiūtė, Kamilė}" in text
    assert "title = {Über “Transformers”}" in text
    assert text.startswith("@misc{lukosiute2022uber,")


def test_title_protects_acronyms_but_not_ordinary_words() -> None:
    r = preprint(title="Training LLMs with RLHF and CoT on GPT-4")
    assert one(write(r))["title"] == "Training {LLMs} with {RLHF} and {CoT} on {GPT-4}"


def test_special_characters_are_escaped_everywhere() -> None:
    r = preprint(
        title="50% of C# & R_1 {x}",
        authors=(Person("O'Neil & Co", "A_b"),),
        abstract="costs $5 & 10% ~ more",
        comment="see #3",
    )
    entry = one(write(r))
    assert entry["title"] == r"50\% of {C\#} \& {R\_1} \textbraceleft{}x\textbraceright{}"
    assert entry["author"] == r"O'Neil \& Co, A\_b"
    assert entry["abstract"] == r"costs \$5 \& 10\% \textasciitilde{} more"
    assert entry["comment"] == r"see \#3"


def test_injection_in_scraped_fields_stays_inside_its_field() -> None:
    evil = r"x}, note = {pwned}, title = {\input{/etc/passwd}\write18{rm -rf ~}"
    r = preprint(
        title=evil,
        abstract=f"${evil}$",
        comment=evil,
        authors=(Person(evil, evil), Person(evil, literal=True)),
    )
    entry = one(write(r))
    assert "note" not in entry
    assert latex_to_text(entry["title"]) == evil
    assert latex_to_text(entry["abstract"]) == f"${evil}$"
    assert latex_to_text(entry["comment"]) == evil
    for value in entry.values():
        assert r"\input" not in value and r"\write" not in value


def test_maths_in_abstract_is_kept_as_maths() -> None:
    r = preprint(abstract=r"We map $x \leftrightarrow y$ for $n \times n$ matrices.")
    assert one(write(r))["abstract"] == r"We map $x \leftrightarrow y$ for $n \times n$ matrices."


def test_abstract_and_comment_can_be_switched_off() -> None:
    entry = one(write(preprint(), options=WriteOptions(abstract=False, comment=False)))
    assert "abstract" not in entry and "comment" not in entry
    assert "title" in entry


def test_biblatex_style_uses_online_eprinttype_and_iso_date() -> None:
    text = write(preprint(), options=BIBLATEX)
    assert text.startswith("@online{bai2022constitutional,")
    entry = one(text)
    assert entry["ENTRYTYPE"] == "online"
    assert entry["eprinttype"] == "arxiv"
    assert entry["eprintclass"] == "cs.CL"
    assert entry["date"] == "2022-12-15"
    assert "year" not in entry and "month" not in entry and "archiveprefix" not in entry


def test_biblatex_partial_date_is_as_far_as_known() -> None:
    assert one(write(preprint(date=PartialDate(2022, 5)), options=BIBLATEX))["date"] == "2022-05"


def test_proceedings_venue_becomes_inproceedings() -> None:
    r = preprint(
        venue="Advances in Neural Information Processing Systems", venue_kind="proceedings"
    )
    entry = one(write(r))
    assert entry["ENTRYTYPE"] == "inproceedings"
    assert entry["booktitle"] == "Advances in Neural Information Processing Systems"
    assert entry["eprint"] == "2212.08073"


def test_journal_venue_becomes_article() -> None:
    entry = one(write(preprint(venue="Nature", venue_kind="journal", doi="10.1038/x")))
    assert (entry["ENTRYTYPE"], entry["journal"], entry["doi"]) == (
        "article",
        "Nature",
        "10.1038/x",
    )


def test_biblatex_article_uses_journaltitle() -> None:
    entry = one(write(preprint(venue="Nature", venue_kind="journal"), options=BIBLATEX))
    assert (entry["ENTRYTYPE"], entry["journaltitle"]) == ("article", "Nature")


def test_venue_kind_guessed_from_name_when_unknown() -> None:
    assert one(write(preprint(venue="Proceedings of ACL 2023")))["ENTRYTYPE"] == "inproceedings"
    assert one(write(preprint(venue="Physical Review D")))["ENTRYTYPE"] == "article"


def test_record_neither_on_arxiv_nor_published_is_misc() -> None:
    r = make_record(
        SRC, title="A Blog Post", url="https://example.org/post_1?a=b%20c", date=PartialDate(2021)
    )
    entry = one(write(r))
    assert entry["ENTRYTYPE"] == "misc"
    assert entry["url"] == "https://example.org/post_1?a=b%20c"  # verbatim, not escaped


def test_user_entry_type_and_extra_fields_are_kept() -> None:
    r = preprint(
        entry_type="techreport",
        key="MyKey:2022",
        extra=(("institution", r"Anthropic {PBC}"), ("pages", "1--10"), ("note", "user note")),
        journal_ref="Some journal 1 (2022)",
    )
    text = write(r)
    assert text.startswith("@techreport{MyKey:2022,")
    entry = one(text)
    assert entry["institution"] == "Anthropic {PBC}"
    assert entry["pages"] == "1--10"
    assert entry["note"] == "user note"  # the user's note wins over the journal ref


def test_user_field_named_month_is_braced_not_a_macro() -> None:
    text = write(preprint(date=None, extra=(("month", "Spring"),)))
    assert "  month = {Spring},\n" in text


def test_user_field_with_unbalanced_braces_is_escaped() -> None:
    text = write(preprint(extra=(("note", "a } b"),)))
    assert one(text)["note"] == r"a \textbraceright{} b"


def test_journal_ref_becomes_note_when_no_venue() -> None:
    assert one(write(preprint(journal_ref="Phys. Rev. D 76, 013009 (2007)")))["note"] == (
        "Phys. Rev. D 76, 013009 (2007)"
    )


def test_year_from_latest_uses_the_updated_date() -> None:
    r = preprint(updated=PartialDate(2023, 4, 1))
    assert one(write(r))["year"] == "2022"
    entry = one(write(r, options=WriteOptions(year_from="latest")))
    assert (entry["year"], entry["month"]) == ("2023", "April")


def test_key_pattern_option_is_used() -> None:
    text = write(preprint(), options=WriteOptions(key_pattern="{Auth}{year}"))
    assert text.startswith("@misc{Bai2022,")


def test_entries_in_input_order_with_unique_keys() -> None:
    a = preprint(arxiv_id="2212.08073")
    b = preprint(arxiv_id="2212.09999", title="Constitutional Classifiers")
    c = preprint(title="Something else", arxiv_id=None)
    entries = parse(write(c, b, a))
    assert [e["ID"] for e in entries] == [
        "bai2022something",
        "bai2022constitutionalb",
        "bai2022constitutionala",
    ]


def test_output_is_deterministic() -> None:
    records = [preprint(), preprint(title="Other"), preprint(venue="Nature")]
    assert write(*records) == write(*records)
    assert write() == ""


def test_every_field_parses_back_as_written() -> None:
    records = [
        preprint(authors_truncated=True, doi="10.1/a_b"),
        preprint(venue="ICML", venue_kind="proceedings", title="On $\\alpha$-divergences"),
        preprint(entry_type="article", extra=(("volume", "3"), ("keywords", "a, b"))),
        make_record(SRC, title="Plain", authors=(Person("Doe", "J."),)),
    ]
    for options in (WriteOptions(), BIBLATEX, WriteOptions(unicode=True)):
        entries = parse(write(*records, options=options))
        assert len(entries) == len(records)
        for record, entry in zip(records, entries, strict=True):
            for name, value in entry_fields(record, options):
                expected = value[1:-1] if value.startswith("{") else _MONTH_NAMES[value]
                assert entry[name.lower()] == expected, (name, options)


_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=40)
_SPICY = st.lists(
    st.one_of(
        _TEXT, st.sampled_from(["}", "{", "\\", "$", "%", "@misc{", "#", "~", "AI", " and "])
    ),
    min_size=1,
    max_size=6,
).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_SPICY, _SPICY, _SPICY, _SPICY, st.booleans(), st.sampled_from(["bibtex", "biblatex"]))
def test_any_scraped_text_round_trips_through_bibtexparser(
    title: str, abstract: str, family: str, given_name: str, unicode: bool, style: str
) -> None:
    r = preprint(
        title=title,
        abstract=abstract,
        comment=abstract,
        authors=(Person(family, given_name), Person(family, literal=True)),
    )
    entries = parse(write(r, options=WriteOptions(unicode=unicode, style=style)))  # type: ignore[arg-type]
    assert len(entries) == 1
    entry = entries[0]
    if collapse_ws(title):
        assert latex_to_text(entry["title"]) == collapse_ws(title)
    if collapse_ws(abstract):
        assert latex_to_text(entry["abstract"]) == collapse_ws(abstract)
        assert latex_to_text(entry["comment"]) == collapse_ws(abstract)
    assert entry["eprint"] == "2212.08073"
