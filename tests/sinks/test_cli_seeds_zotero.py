"""Acceptance: the whole CLI on the seeds, pushed to the fake Zotero server."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from fake_zotero import FakeZotero, TypeSpec

import bibexport.sinks.zotero as zotero_sink
from bibexport.cli import main
from bibexport.sinks.zotero_items import STRUCTURAL_KEYS, item_identity

from .zotero_helpers import Sleeps

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
PATH = "Anthropic/Alignment"


@pytest.fixture(autouse=True)
def no_real_sleep(monkeypatch: pytest.MonkeyPatch) -> Sleeps:
    sleeps = Sleeps()
    monkeypatch.setattr(zotero_sink, "_default_sleep", sleeps)
    return sleeps


def run(*extra: str) -> int:
    return main(["zotero", str(SEEDS), "--offline", "--collection", PATH, *extra])


def in_collection(fake: FakeZotero) -> list[dict]:
    key = fake.collection_key(PATH)
    assert key is not None, "collection path missing or ambiguous"
    return fake.items_in(key)


def assert_no_duplicate_in_library(fake: FakeZotero) -> None:
    ids: Counter[str] = Counter()
    for data in fake.item_data():
        ident = item_identity(data)
        for name in (*ident.arxiv_ids, *ident.dois, ident.title):
            if name:
                ids[name] += 1
    assert [name for name, n in ids.items() if n > 1] == []


def test_seeds_become_23_items_in_the_nested_collection_with_arxiv_fields(
    zotero_env: FakeZotero, capfd: pytest.CaptureFixture[str]
) -> None:
    assert run() == 0
    items = in_collection(zotero_env)
    assert len(items) == 23
    assert len(zotero_env.item_data()) == 23
    with_id = [d for d in items if d.get("archiveID")]
    assert len(with_id) >= 10  # offline, the seeds give 10 papers with an arXiv id
    for d in with_id:
        aid = d["archiveID"].removeprefix("arXiv:")
        assert d["itemType"] == "preprint"
        assert d["repository"] == "arXiv"
        assert d["DOI"] == f"10.48550/arXiv.{aid}"
        assert d["url"] == f"https://arxiv.org/abs/{aid}"
        assert d["extra"].splitlines()[0] in (
            f"arXiv:{aid}",
            *(f"arXiv:{aid} [{t['tag']}]" for t in d["tags"][:1]),
        )
        assert d["libraryCatalog"] == "arXiv.org"
    assert all(d.get("citationKey") for d in items)
    assert len({d["citationKey"] for d in items}) == 23
    out, err = capfd.readouterr()
    assert re.search(r"created\W+23\b", err)  # the report line, however it is laid out
    assert zotero_env.api_key not in out + err


def test_seed_items_are_valid_in_zoteros_schema(
    zotero_env: FakeZotero, schema: dict[str, TypeSpec]
) -> None:
    assert run() == 0
    for d in in_collection(zotero_env):
        spec = schema[d["itemType"]]
        fields = set(d) - STRUCTURAL_KEYS - {"dateAdded", "dateModified"}
        assert fields <= spec.fields, (d["itemType"], fields - spec.fields)
        assert all(c["creatorType"] in spec.creator_types for c in d["creators"])


def test_second_run_makes_no_item_writes_and_leaves_23(
    zotero_env: FakeZotero, capfd: pytest.CaptureFixture[str]
) -> None:
    assert run() == 0
    writes = zotero_env.counts["item_write"] + zotero_env.counts["collection_write"]
    capfd.readouterr()
    assert run() == 0
    assert zotero_env.counts["item_write"] + zotero_env.counts["collection_write"] == writes
    assert len(in_collection(zotero_env)) == 23
    assert re.search(r"already[ _]there\W+23\b", capfd.readouterr().err)


def test_trouble_and_copies_elsewhere_still_end_with_23_and_no_duplicate(
    zotero_env: FakeZotero, no_real_sleep: Sleeps
) -> None:
    fake = zotero_env
    reading = fake.add_collection("Reading list")
    # Copies of seed papers another client made earlier, outside the target collection.
    fake.add_item(
        {
            "itemType": "journalArticle",
            "title": "Constitutional AI: Harmlessness from AI Feedback",
            "url": "http://arxiv.org/abs/2212.08073v2",
            "collections": [reading],
        }
    )
    fake.add_item(
        {
            "itemType": "preprint",
            "title": "In-context learning and induction heads",
            "archiveID": "arXiv:2209.11895",
        }
    )
    fake.add_item(
        {"itemType": "preprint", "title": "Toy Models of Superposition", "collections": [reading]}
    )
    fake.add_item({"itemType": "book", "title": "An unrelated book"})
    fake.inject("read", 429, headers={"Retry-After": "2"})
    fake.inject("collection_write", 500)
    fake.inject("item_write", 429, headers={"Retry-After": "1"})
    fake.inject("item_write", 500, mode="drop")  # the create batch: committed, reply lost
    fake.inject("item_write", 500, mode="after_commit")  # a PATCH: committed, then a 500
    # ... and the re-read after the lost reply meets a server in trouble too.
    fake.before_next("item_write", lambda f: f.inject("read", 503, times=2))
    assert run() == 0
    assert len(in_collection(fake)) == 23
    assert len(fake.item_data()) == 24  # the 23 papers and the unrelated book
    assert_no_duplicate_in_library(fake)
    assert 2 in no_real_sleep and 1 in no_real_sleep
    statuses = Counter(status for _, _, status in fake.log)
    assert statuses[429] == 2 and statuses[500] >= 2 and statuses[0] == 1
    assert ("GET", f"{fake.prefix}/items/top", 503) in fake.log


def test_dry_run_on_the_seeds_writes_nothing(
    zotero_env: FakeZotero, capfd: pytest.CaptureFixture[str]
) -> None:
    assert run("--dry-run") == 0
    assert zotero_env.counts["item_write"] == zotero_env.counts["collection_write"] == 0
    err = capfd.readouterr().err
    assert "zotero: would create:" in err
    assert "zotero: would create collection:" in err


def test_wrong_key_gives_one_clear_line_and_no_traceback(
    zotero_env: FakeZotero, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    secret = "Wr0ngS3cretKeyAbc123xyz"
    monkeypatch.setenv("ZOTERO_API_KEY", secret)
    assert run() != 0
    out, err = capfd.readouterr()
    errors = [line for line in err.splitlines() if "error" in line.lower()]
    assert errors == [
        line
        for line in err.splitlines()
        if line.startswith("bibexport: error: Zotero refused the API key for library ")
    ]
    assert len(errors) == 1
    assert "Traceback" not in out + err
    assert secret not in out + err
    assert zotero_env.counts["item_write"] == 0
