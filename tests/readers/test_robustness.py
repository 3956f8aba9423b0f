"""No input makes a reader raise, in sniff or in read."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bibexport.model import Record, Unparsed
from bibexport.readers.aitopics import AitopicsReader
from bibexport.readers.alphaxiv import AlphaxivReader
from bibexport.readers.arxiv_dump import ArxivDumpReader
from bibexport.readers.bibtex import BibtexReader
from bibexport.readers.catalyzex import CatalyzexReader
from bibexport.readers.identifiers import IdentifierReader

READERS = [
    ArxivDumpReader(),
    CatalyzexReader(),
    AlphaxivReader(today=dt.date(2024, 3, 1)),
    AitopicsReader(),
    BibtexReader(),
    IdentifierReader(),
]

# Text built from the pieces the formats are made of, so that the readers' deeper
# branches run, not only their "nothing here" paths.
_PIECES = st.sampled_from(
    [
        "\n",
        "\n\n",
        "arXiv:2212.08073",
        "Created: 2022-12-15",
        "Oct 20, 2023",
        "Viaarxiv icon",
        "* comment",
        "Figure 1 for X",
        "CLApr 12, 2022",
        "99.8AIFeb 29",
        "Title WordsAda Lovelace, Alan Turing et al. · org",
        "Goto",
        "Collaborating Authors",
        " Doe, Jane",
        "arXiv.org Machine Learning",
        "@article{k,",
        "title = {T{",
        "author = {A and {B} and others}",
        "}",
        "@string{x = y}",
        "\\",
        "{",
        "10.1000/xyz",
        "Ünïcödé Wörds Here",
    ]
)
_TEXT = st.one_of(st.text(), st.lists(st.one_of(_PIECES, st.text(max_size=5))).map("".join))


@pytest.mark.parametrize("reader", READERS, ids=lambda r: r.name)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXT)
def test_arbitrary_text_never_raises(reader, text: str) -> None:
    score = reader.sniff(text)
    assert 0.0 <= score <= 1.0
    items = list(reader.read(text, "fuzz.txt"))
    assert all(isinstance(i, (Record, Unparsed)) for i in items)
