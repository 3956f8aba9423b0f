"""Auto-detection: on every seed and sample page, the right reader scores highest."""

from __future__ import annotations

import pytest

from bibexport.plugins import Reader, Registry

from .helpers import page_text, seed_text

SEEDS = [
    ("000", "arxiv_dump"),
    ("001", "catalyzex"),
    ("002", "alphaxiv"),
    ("003", "alphaxiv"),
    ("004", "aitopics"),
]
PAGES = [
    ("arxiv_dump_classics.txt", "arxiv_dump"),
    ("catalyzex_vaswani.txt", "catalyzex"),
    ("alphaxiv_mixed.txt", "alphaxiv"),
    ("aitopics_hinton.txt", "aitopics"),
    ("library.bib", "bibtex"),
    ("identifiers_list.txt", "identifiers"),
]


@pytest.fixture(scope="module")
def readers() -> list[Reader]:
    return Registry.from_entry_points().readers()


def _winner(readers: list[Reader], text: str) -> tuple[str, float, float]:
    scores = sorted(((r.sniff(text), r.name) for r in readers), reverse=True)
    return scores[0][1], scores[0][0], scores[1][0]


def test_all_six_readers_are_registered(readers: list[Reader]) -> None:
    assert {r.name for r in readers} >= {
        "arxiv_dump",
        "catalyzex",
        "alphaxiv",
        "aitopics",
        "bibtex",
        "identifiers",
    }


@pytest.mark.parametrize(("seed", "expected"), SEEDS)
def test_seed_is_sniffed_as_its_format(readers: list[Reader], seed: str, expected: str) -> None:
    name, best, runner_up = _winner(readers, seed_text(seed))
    assert name == expected
    assert best >= 0.8
    assert runner_up <= 0.5


@pytest.mark.parametrize(("page", "expected"), PAGES)
def test_own_page_is_sniffed_as_its_format(readers: list[Reader], page: str, expected: str) -> None:
    name, best, runner_up = _winner(readers, page_text(page))
    assert name == expected
    assert best >= 0.8
    assert runner_up <= 0.5


def test_empty_text_is_nobody_s_format(readers: list[Reader]) -> None:
    assert all(r.sniff("") == 0.0 for r in readers)
    assert all(list(r.read("", "empty.txt")) == [] for r in readers)
