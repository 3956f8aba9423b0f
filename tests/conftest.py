"""Shared test set-up: no test reaches the network, and none touches the user's cache."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"

_real_connect = socket.socket.connect


def _loopback_only(self: socket.socket, address, *args, **kwargs):
    host = address[0] if isinstance(address, tuple) else address
    if (
        isinstance(host, str)
        and (host.startswith("127.") or host in ("::1", "localhost"))
        or self.family == socket.AF_UNIX
    ):
        return _real_connect(self, address, *args, **kwargs)
    raise ConnectionRefusedError(f"tests may not reach the network ({host})")


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)
    monkeypatch.setenv("BIBEXPORT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    for var in (
        "BIBEXPORT_ARXIV_URL",
        "BIBEXPORT_ZOTERO_URL",
        "ZOTERO_API_KEY",
        "ZOTERO_LIBRARY_ID",
        "ZOTERO_LIBRARY_TYPE",
    ):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def seeds() -> Path:
    return SEEDS
