"""A small local stand-in for the arXiv API (tests and bench), on 127.0.0.1.

It answers ``id_list`` and ``search_query`` (``ti:"…" OR ti:"…"``, also ``au:``/``abs:``/
``all:`` with AND / OR / ANDNOT and parentheses) from a table of papers, GET or POST, in the
2025-2026 Atom format: unknown ids are left out, results of an id list come back shuffled,
``max_results``/``start`` are honoured, a malformed id or query gets the HTTP 400 error feed.
Every request is recorded with its time on an injectable clock, so a test can check the
spacing without sleeping. Title search is deliberately looser than arXiv's phrase search (a
paper matches when most of the phrase's words are in its title) so that decoys with near titles
reach the client's matcher.

    with FakeArxiv(load_papers(path), clock=clock) as api:
        ...  # api.url, api.hits
"""

from __future__ import annotations

import functools
import itertools
import json
import random
import re
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape, quoteattr

from local_server import LocalServer

from bibexport.ids import is_valid_arxiv_id
from bibexport.text import normalize_title

SEED_TABLE = Path(__file__).parent / "fixtures" / "arxiv" / "seed_papers.json"
#: A phrase matches a title when at least this share of its words are in the title.
TITLE_MATCH = 0.7
MAX_REQUEST_LINE = 4000


@dataclass(frozen=True)
class Paper:
    """One paper the fake API knows."""

    id: str
    version: int
    title: str
    authors: tuple[str, ...]
    published: str
    updated: str
    categories: tuple[str, ...]
    summary: str = ""
    comment: str | None = None
    journal_ref: str | None = None
    doi: str | None = None


def load_papers(path: str | Path = SEED_TABLE) -> list[Paper]:
    """Papers from a JSON table (``{"papers": [...]}``); unknown keys such as ``note`` ignored."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    names = set(Paper.__dataclass_fields__)
    return [
        Paper(**{k: tuple(v) if isinstance(v, list) else v for k, v in row.items() if k in names})
        for row in data["papers"]
    ]


# --- Atom, 2025-2026 format -----------------------------------------------------------------

_HEAD = (
    "<?xml version='1.0' encoding='UTF-8'?>\n"
    '<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
    'xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">\n'
)


def atom_feed(papers: Sequence[Paper], *, query: str, total: int, start: int = 0) -> str:
    """A results feed as the arXiv API writes it since late 2025."""
    parts = [
        _HEAD,
        "  <id>https://arxiv.org/api/fake</id>\n",
        f"  <title>arXiv Query: {escape(query)}</title>\n",
        "  <updated>2026-01-01T00:00:00Z</updated>\n",
        f"  <opensearch:itemsPerPage>{len(papers)}</opensearch:itemsPerPage>\n",
        f"  <opensearch:totalResults>{total}</opensearch:totalResults>\n",
        f"  <opensearch:startIndex>{start}</opensearch:startIndex>\n",
    ]
    parts += [_entry(p) for p in papers]
    parts.append("</feed>\n")
    return "".join(parts)


def _entry(p: Paper) -> str:
    vid = f"{p.id}v{p.version}"
    out = [
        "  <entry>\n",
        f"    <id>http://arxiv.org/abs/{vid}</id>\n",
        f"    <title>{escape(p.title)}</title>\n",
        f"    <updated>{p.updated}</updated>\n",
        f'    <link href="https://arxiv.org/abs/{vid}" rel="alternate" type="text/html"/>\n',
        f'    <link href="https://arxiv.org/pdf/{vid}" rel="related" title="pdf"/>\n',
        f"    <summary>{escape(p.summary)}</summary>\n",
    ]
    out += [
        f'    <category term={quoteattr(c)} scheme="http://arxiv.org/schemas/atom"/>\n'
        for c in p.categories
    ]
    out.append(f"    <published>{p.published}</published>\n")
    if p.comment:
        out.append(f"    <arxiv:comment>{escape(p.comment)}</arxiv:comment>\n")
    out.append(f"    <arxiv:primary_category term={quoteattr(p.categories[0])}/>\n")
    if p.journal_ref:
        out.append(f"    <arxiv:journal_ref>{escape(p.journal_ref)}</arxiv:journal_ref>\n")
    out += [f"    <author>\n      <name>{escape(a)}</name>\n    </author>\n" for a in p.authors]
    if p.doi:
        out.append(f"    <arxiv:doi>{escape(p.doi)}</arxiv:doi>\n")
        out.append(f'    <link rel="related" href="https://doi.org/{escape(p.doi)}"/>\n')
    out.append("  </entry>\n")
    return "".join(out)


def error_feed(message: str, anchor: str = "") -> str:
    """The HTTP 400 answer: one entry titled "Error", totalResults 1."""
    ref = f"https://arxiv.org/api/errors#{anchor}" if anchor else "https://arxiv.org/api/errors"
    return (
        f"{_HEAD}  <id>https://arxiv.org/</id>\n  <title>arXiv Search Results</title>\n"
        "  <updated>2026-01-01T00:00:00Z</updated>\n"
        "  <opensearch:itemsPerPage>1</opensearch:itemsPerPage>\n"
        "  <opensearch:totalResults>1</opensearch:totalResults>\n"
        "  <opensearch:startIndex>0</opensearch:startIndex>\n"
        f"  <entry>\n    <id>{ref}</id>\n    <title>Error</title>\n"
        "    <updated>2026-01-01T00:00:00Z</updated>\n"
        f'    <link href="{ref}" rel="alternate" type="text/html"/>\n'
        f"    <summary>{escape(message)}</summary>\n"
        "    <author>\n      <name>arXiv api core</name>\n    </author>\n  </entry>\n</feed>\n"
    )


# --- queries -------------------------------------------------------------------------------


class QueryError(ValueError):
    """A search_query arXiv would refuse."""


_TOKEN = re.compile(r'\s*(\(|\)|ANDNOT\b|AND\b|OR\b|[a-z]+:"[^"]*"|[a-z]+:[^\s()"]+)')


def _tokens(query: str) -> list[str]:
    out: list[str] = []
    pos = 0
    query = query.strip()
    while pos < len(query):
        m = _TOKEN.match(query, pos)
        if not m:
            raise QueryError(f"Invalid query string: '{query[pos : pos + 20].strip()}'")
        out.append(m.group(1))
        pos = m.end()
        while pos < len(query) and query[pos].isspace():
            pos += 1
    return out


def search(papers: Sequence[Paper], query: str) -> list[Paper]:
    """Papers matching ``query``, best first (ties in table order)."""
    tokens = _tokens(query)
    if not tokens:
        raise QueryError("Invalid query string: ''")
    scores, pos = _expr(tokens, 0, papers)
    if pos != len(tokens):
        raise QueryError(f"Invalid query string: '{tokens[pos]}'")
    order = {p.id: i for i, p in enumerate(papers)}
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], order[kv[0]]))
    by_id = {p.id: p for p in papers}
    return [by_id[i] for i, _ in ranked]


def _expr(tokens: list[str], pos: int, papers: Sequence[Paper]) -> tuple[dict[str, float], int]:
    left, pos = _atom(tokens, pos, papers)
    while pos < len(tokens) and tokens[pos] in ("AND", "OR", "ANDNOT"):
        op = tokens[pos]
        right, pos = _atom(tokens, pos + 1, papers)
        if op == "OR":
            left = {k: max(left.get(k, 0.0), right.get(k, 0.0)) for k in left.keys() | right.keys()}
        elif op == "AND":
            left = {k: min(v, right[k]) for k, v in left.items() if k in right}
        else:
            left = {k: v for k, v in left.items() if k not in right}
    return left, pos


def _atom(tokens: list[str], pos: int, papers: Sequence[Paper]) -> tuple[dict[str, float], int]:
    if pos >= len(tokens):
        raise QueryError("Invalid query string: unexpected end")
    tok = tokens[pos]
    if tok == "(":
        inner, pos = _expr(tokens, pos + 1, papers)
        if pos >= len(tokens) or tokens[pos] != ")":
            raise QueryError("Invalid query string: '('")
        return inner, pos + 1
    if tok in (")", "AND", "OR", "ANDNOT"):
        raise QueryError(f"Invalid query string: '{tok}'")
    fieldname, _, value = tok.partition(":")
    words = normalize_title(value.strip('"')).split()
    if fieldname not in ("ti", "au", "abs", "all") or not words:
        raise QueryError(f"Invalid query string: '{tok}'")
    hits: dict[str, float] = {}
    for p in papers:
        score = _field_score(p, fieldname, words)
        if score > 0:
            hits[p.id] = score
    return hits, pos + 1


def _field_score(p: Paper, fieldname: str, words: list[str]) -> float:
    def share(text: str) -> float:
        have = _words(text)
        frac = sum(1 for w in words if w in have) / len(words)
        return frac if frac >= TITLE_MATCH else 0.0

    if fieldname == "ti":
        return share(p.title)
    if fieldname == "au":
        return share(" ".join(p.authors))
    if fieldname == "abs":
        return share(p.summary)
    return max(share(p.title), share(" ".join(p.authors)), share(p.summary))


@functools.lru_cache(maxsize=65536)
def _words(text: str) -> frozenset[str]:
    return frozenset(normalize_title(text).split())


# --- the server ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """One request the fake API received."""

    time: float
    method: str
    params: dict[str, str]
    status: int


@dataclass
class _Failure:
    status: int
    retry_after: str | None = None


@dataclass
class FakeArxiv(LocalServer):
    """The stand-in API; a context manager that serves on 127.0.0.1 in a thread."""

    papers: Sequence[Paper]
    clock: Callable[[], float] = time.monotonic
    seed: int = 3
    hits: list[Hit] = field(default_factory=list)
    _failures: list[_Failure] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/query"

    @property
    def times(self) -> list[float]:
        return [h.time for h in self.hits]

    def fail_next(self, status: int, *, retry_after: str | None = None, times: int = 1) -> None:
        """The next ``times`` requests get ``status`` (e.g. 503, or 429 with Retry-After)."""
        self._failures += [_Failure(status, retry_after) for _ in range(times)]

    def handler_class(self) -> type[BaseHTTPRequestHandler]:
        return _make_handler(self)

    # --- answering ---------------------------------------------------------------------

    def answer(self, params: dict[str, str]) -> tuple[int, dict[str, str], str]:
        """(status, headers, body) for one request's parameters."""
        if self._failures:
            f = self._failures.pop(0)
            headers = {"Retry-After": f.retry_after} if f.retry_after else {}
            return f.status, headers, f"fake failure {f.status}\n"
        try:
            start = int(params.get("start", "0") or 0)
            max_results = int(params.get("max_results", "10") or 10)
        except ValueError:
            return 400, {}, error_feed("start and max_results must be integers")
        ids = [i.strip() for i in params.get("id_list", "").split(",") if i.strip()]
        query = params.get("search_query", "").strip()
        for ident in ids:
            if not is_valid_arxiv_id(ident):
                return 400, {}, error_feed(f"incorrect id format for {ident}", f"bad_id_{ident}")
        try:
            found = search(self.papers, query) if query else list(self.papers)
        except QueryError as exc:
            return 400, {}, error_feed(str(exc))
        if ids:
            wanted = {_versionless(i) for i in ids}
            found = [p for p in found if p.id in wanted]
            random.Random(self.seed + len(self.hits)).shuffle(found)  # arXiv's order is any order
        elif not query:
            found = []
        page = found[start : start + max_results]
        text = (
            f"search_query={query}&id_list={','.join(ids)}&start={start}&max_results={max_results}"
        )
        return 200, {}, atom_feed(page, query=text, total=len(found), start=start)


def _versionless(ident: str) -> str:
    return re.sub(r"v\d+$", "", ident)


def _make_handler(api: FakeArxiv) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            self._serve(urlsplit(self.path).query)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0") or 0)
            body = self.rfile.read(length).decode("utf-8", "replace")
            query = urlsplit(self.path).query
            self._serve("&".join(q for q in (query, body) if q))

        def _serve(self, raw: str) -> None:
            params = {k: v[-1] for k, v in parse_qs(raw, keep_blank_values=True).items()}
            if len(self.requestline) > MAX_REQUEST_LINE:
                status, headers, body = 414, {}, "Request-URI Too Long\n"
            else:
                status, headers, body = api.answer(params)
            api.hits.append(Hit(api.clock(), self.command, params, status))
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/atom+xml; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep test output clean

    return Handler


class FakeClock:
    """A monotonic clock that only moves when something sleeps on it (no real waiting)."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.slept: list[float] = []
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.slept.append(seconds)
            self.now += max(0.0, seconds)

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.now += seconds


def gaps(times: Iterable[float]) -> list[float]:
    """Differences between consecutive times."""
    t = list(times)
    return [b - a for a, b in itertools.pairwise(t)]
