"""Helpers for the reader tests: seed and page paths, record/unparsed split."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

from bibexport.model import Record, Unparsed

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
PAGES = ROOT / "tests" / "fixtures" / "pages"


def seed_text(prefix: str) -> str:
    """The seed listing whose name starts with ``prefix`` (``"000"``)."""
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"seed {prefix} not present")
    return matches[0].read_text(encoding="utf-8")


def page_text(name: str) -> str:
    """One of our own sample pages under tests/fixtures/pages."""
    return (PAGES / name).read_text(encoding="utf-8")


def split(items: Iterable[Record | Unparsed]) -> tuple[list[Record], list[Unparsed]]:
    """Records and unparsed chunks, each in input order."""
    records: list[Record] = []
    chunks: list[Unparsed] = []
    for item in items:
        (records if isinstance(item, Record) else chunks).append(item)
    return records, chunks


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line of ``text`` that starts with ``needle``."""
    for no, line in enumerate(text.split("\n"), start=1):
        if line.strip().startswith(needle):
            return no
    raise AssertionError(f"{needle!r} not in text")


def by_title(records: list[Record]) -> dict[str, Record]:
    return {r.title: r for r in records if r.title}
