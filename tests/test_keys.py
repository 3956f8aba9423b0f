"""Citation keys: Google-Scholar style, placeholders, deterministic a/b/c suffixes."""

from __future__ import annotations

import random

import pytest

from bibexport.errors import ExportError
from bibexport.keys import assign_keys, base_key
from bibexport.model import PartialDate, Person, Record, Source, make_record

SRC = Source("test.txt", 1)


def rec(
    title: str | None = "Constitutional AI: Harmlessness from AI Feedback",
    family: str | None = "Bai",
    year: int | None = 2022,
    **fields: object,
) -> Record:
    authors = (Person(family, "Yuntao"),) if family else ()
    date = PartialDate(year) if year else None
    return make_record(SRC, title=title, authors=authors, date=date, **fields)


def test_default_key_is_google_scholar_style() -> None:
    assert assign_keys([rec()]) == ["bai2022constitutional"]


def test_non_ascii_family_name_is_folded() -> None:
    assert assign_keys([rec(family="Lukošiūtė")]) == ["lukosiute2022constitutional"]


def test_stop_words_are_skipped() -> None:
    assert base_key(rec(title="On the Opportunities and Risks")) == "bai2022opportunities"


def test_first_word_of_hyphenated_acronym() -> None:
    assert base_key(rec(title="GPT-4 Technical Report")) == "bai2022gpt"


def test_von_part_and_jr_are_left_out() -> None:
    assert base_key(rec(family="van den Oord")) == "oord2022constitutional"
    assert base_key(rec(family="King Jr.")) == "king2022constitutional"


def test_organisation_author() -> None:
    r = make_record(
        SRC,
        title="GPT-4 Technical Report",
        authors=(Person("OpenAI", literal=True),),
        date=PartialDate(2023),
    )
    assert base_key(r) == "openai2023gpt"


def test_missing_pieces_degrade() -> None:
    assert base_key(rec(family=None)) == "anon2022constitutional"
    assert base_key(rec(year=None)) == "baindconstitutional"
    assert base_key(rec(title=None)) == "bai2022"


@pytest.mark.parametrize(
    ("pattern", "key"),
    [
        ("{Auth}{year}{Word}", "Bai2022Constitutional"),
        ("{auth}:{year}:{title}", "bai:2022:constitutionalaiharmlessness"),
        ("{Auth}{Title}", "BaiConstitutionalAiHarmlessness"),
        ("arXiv:{arxiv}", "arXiv:2212.08073"),
        ("{authors}{year}", "bai2022"),
    ],
)
def test_placeholders(pattern: str, key: str) -> None:
    assert base_key(rec(arxiv_id="2212.08073"), pattern) == key


def test_authors_placeholder_marks_more_authors() -> None:
    r = make_record(
        SRC,
        authors=(Person("Bai"), Person("Kadavath"), Person("Kundu"), Person("Askell")),
        date=PartialDate(2022),
    )
    assert base_key(r, "{authors}{year}") == "baikadavathkunduetal2022"


def test_old_style_arxiv_id_placeholder() -> None:
    assert base_key(rec(arxiv_id="hep-th/9711200"), "{arxiv}") == "hep-th_9711200"


def test_unknown_placeholder_is_a_clear_error() -> None:
    with pytest.raises(ExportError, match=r"unknown placeholder \{venue\}"):
        assign_keys([rec()], "{auth}{venue}")


@pytest.mark.parametrize("pattern", ["{auth} {year}", "{auth},{year}", "key"])
def test_invalid_pattern_is_an_error(pattern: str) -> None:
    with pytest.raises(ExportError):
        assign_keys([rec()], pattern)


def _kaplans() -> list[Record]:
    return [
        rec(
            title="Scaling Laws for Neural Language Models",
            family="Kaplan",
            year=2020,
            arxiv_id="2001.08361",
        ),
        rec(
            title="Scaling Laws for Autoregressive Generative Modeling",
            family="Kaplan",
            year=2020,
            arxiv_id="2010.14701",
        ),
        rec(title="Scaling laws, a third one", family="Kaplan", year=2020),
        rec(title="Something Else", family="Kaplan", year=2020),
    ]


def test_colliding_keys_get_letter_suffixes() -> None:
    keys = assign_keys(_kaplans())
    assert keys == [
        "kaplan2020scalinga",
        "kaplan2020scalingb",
        "kaplan2020scalingc",
        "kaplan2020something",
    ]


def test_suffixes_do_not_depend_on_input_order() -> None:
    records = _kaplans()
    expected = dict(zip(records, assign_keys(records), strict=True))
    rng = random.Random(7)
    for _ in range(20):
        shuffled = records[:]
        rng.shuffle(shuffled)
        got = dict(zip(shuffled, assign_keys(shuffled), strict=True))
        assert got == expected


def test_existing_key_is_kept_and_reserves_its_name() -> None:
    mine = rec(key="bai2022constitutional", title="Something the user cites")
    new = rec()
    assert assign_keys([new, mine]) == ["bai2022constitutionala", "bai2022constitutional"]


def test_existing_keys_are_never_changed_even_when_duplicated() -> None:
    a, b = rec(key="Smith:2020"), rec(key="Smith:2020")
    assert assign_keys([a, b]) == ["Smith:2020", "Smith:2020"]


def test_suffixed_key_does_not_take_another_records_key() -> None:
    # Two "bai2022x" records would want "bai2022xa"; a third record's base is "bai2022xa".
    records = [rec(title="X one"), rec(title="X two"), rec(title="Xa")]
    keys = assign_keys(records)
    assert len(set(keys)) == 3
    assert keys[2] == "bai2022xa"


def test_many_collisions_go_past_z() -> None:
    records = [rec(title=f"Same {i}", arxiv_id=f"2001.{i:05d}") for i in range(30)]
    keys = assign_keys(records)
    assert len(set(keys)) == 30
    assert keys[26] == "bai2022sameaa"


def test_keys_are_a_pure_function_of_the_records() -> None:
    records = _kaplans()
    assert assign_keys(records) == assign_keys(list(records))
