"""Fixtures for the arXiv enricher tests: a fake clock and an enricher built on it."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

TESTS = Path(__file__).resolve().parent.parent
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))  # tests/fake_arxiv.py is shared by tests and bench

from arxiv_support import URL
from fake_arxiv import FakeClock

from bibexport.enrichers.arxiv import ArxivEnricher


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_enricher(clock: FakeClock, tmp_path: Path) -> Callable[..., ArxivEnricher]:
    """An enricher on the fake clock, with its cache in a temporary directory."""

    def make(**kwargs: Any) -> ArxivEnricher:
        kwargs.setdefault("base_url", URL)
        kwargs.setdefault("cache_dir", tmp_path / "cache")
        kwargs.setdefault("progress", False)
        return ArxivEnricher(clock=clock, sleep=clock.sleep, **kwargs)

    return make
