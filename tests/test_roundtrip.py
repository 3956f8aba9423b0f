"""Whole round trip through bibexport's own writer and reader: text comes back as written."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bibexport.model import Person, Record, Source, WriteOptions, make_record
from bibexport.readers.bibtex import BibtexReader
from bibexport.text import collapse_ws
from bibexport.writers.bibtex import BibtexWriter

_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=60)
_NASTY = (
    st.lists(
        st.one_of(
            _TEXT,
            st.sampled_from(
                [
                    "}",
                    "{",
                    "\\",
                    "$",
                    "$\\leftrightarrow$",
                    "%",
                    "&",
                    "#",
                    "_",
                    "~",
                    "^",
                    "@misc{",
                    "\\input{/etc/passwd}",
                    "\\write18{rm -rf /}",
                    "RLHF",
                    "GPT-4",
                    " and ",
                    "--",
                    "Ł",
                    "ž",
                ]
            ),
        ),
        min_size=1,
        max_size=8,
    )
    .map("".join)
    .filter(lambda s: bool(collapse_ws(s)))
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_NASTY, _NASTY, st.booleans(), st.sampled_from(["bibtex", "biblatex"]))
def test_any_title_and_abstract_survive_write_then_read(
    title: str, abstract: str, unicode: bool, style: str
) -> None:
    record = make_record(
        Source("page.txt", 3, "test"),
        title=title,
        abstract=abstract,
        authors=(Person("Lukošiūtė", "Kamilė"),),
        arxiv_id="2212.08073",
    )
    text = BibtexWriter().write([record], WriteOptions(unicode=unicode, style=style))
    [back] = list(BibtexReader().read(text, "out.bib"))
    assert isinstance(back, Record)
    assert back.title == collapse_ws(title)
    assert back.abstract == collapse_ws(abstract)
    assert back.authors == (Person("Lukošiūtė", "Kamilė"),)
    assert back.arxiv_id == "2212.08073"
