"""Fixtures for the Zotero sink: a fake Zotero server, the environment pointing at it, a sink
that records its sleeps instead of sleeping, and 23 varied records."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fake_zotero import FakeZotero, TypeSpec

from bibexport.model import Record
from bibexport.sinks.zotero import ZoteroSink

from .zotero_helpers import Sleeps, varied_records, zotero_schema


@pytest.fixture
def schema() -> dict[str, TypeSpec]:
    s = zotero_schema()
    if s is None:
        pytest.skip("../shared/zotero/schema.json is not available")
    return s


@pytest.fixture
def fake() -> Iterator[FakeZotero]:
    # With the real schema when available, the fake rejects invalid fields as Zotero would.
    with FakeZotero(schema=zotero_schema()) as server:
        yield server


@pytest.fixture
def zotero_env(fake: FakeZotero, monkeypatch: pytest.MonkeyPatch) -> FakeZotero:
    monkeypatch.setenv("ZOTERO_API_KEY", fake.api_key)
    monkeypatch.setenv("ZOTERO_LIBRARY_ID", fake.library_id)
    monkeypatch.setenv("BIBEXPORT_ZOTERO_URL", fake.url)
    return fake


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def make_sink(zotero_env: FakeZotero, sleeps: Sleeps) -> Callable[..., ZoteroSink]:
    def make(**kwargs: object) -> ZoteroSink:
        kwargs.setdefault("collection", "Anthropic/Alignment")
        return ZoteroSink(sleep=sleeps, clock=sleeps.clock, **kwargs)  # type: ignore[arg-type]

    return make


@pytest.fixture
def records() -> list[Record]:
    return varied_records()
