"""Helpers shared by the arXiv enricher tests (imported by name; fixtures live in conftest)."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
FIXTURES = TESTS / "fixtures" / "arxiv"
#: Where replayed answers are registered; never resolved (``responses`` intercepts it).
URL = "https://arxiv.test/api/query"


def fixture(name: str) -> bytes:
    """One of the project's own Atom fixtures."""
    return (FIXTURES / name).read_bytes()
