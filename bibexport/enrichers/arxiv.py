"""The arXiv enricher: completes records from the arXiv API, fast, politely, never wrongly.

Records with an arXiv id are looked up in batches (``id_list``); records with only a title are
searched several titles per query (``ti:"…" OR ti:"…"``) and a candidate is accepted only when
it is clearly the same paper. Answers are cached (see :mod:`bibexport.enrichers.cache`).

The HTTP side is written here on ``requests`` instead of going through arxiv.py's ``Client``,
which blocks several requirements: its rate limiter runs on the wall clock (``datetime.now``)
and cannot be injected; it retries immediately, without back-off or ``Retry-After``, and
retries a 400 error feed too; it has no connect timeout (no network would hang, not fail in
seconds); it only sends GET (long id lists answer 414) and a fixed ``arxiv.py`` User-Agent.
"""

from __future__ import annotations

import math
import os
import re
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, TypeVar
from urllib.parse import urlencode

import requests
import urllib3
from rapidfuzz import fuzz, process
from tqdm import tqdm

from .. import __version__
from ..errors import EnrichError, NetworkUnavailable
from ..http import retry_after_seconds
from ..ids import is_valid_arxiv_id, parse_arxiv_id
from ..model import PartialDate, Person, Record, Report, Source
from ..names import person_from_display
from ..text import normalize_name, normalize_title
from ._atom import AtomError, Entry, Feed, parse_feed
from .cache import ArxivCache

DEFAULT_URL = "https://export.arxiv.org/api/query"
#: Every field set from arXiv is attributed to this source.
ARXIV_SOURCE = Source("arxiv", 0, "arxiv")
USER_AGENT = f"bibexport/{__version__} (arXiv enricher; python-requests/{requests.__version__})"

#: Module-level defaults, so a test can inject a clock into an enricher the CLI builds.
_default_clock: Callable[[], float] = time.monotonic
_default_sleep: Callable[[float], None] = time.sleep

#: Title similarity (rapidfuzz ratio of normalised titles, 0..1) needed to accept a candidate
#: whose authors or year agree with the record.
ACCEPT_SCORE = 0.95
#: Needed when the record has neither authors nor a (read, not inferred) year to corroborate.
ALONE_SCORE = 0.98
#: Below this a candidate is not worth reporting as a near miss.
WEAK_SCORE = 0.80
#: Candidates at least this close to a title are kept (and cached) for it.
KEEP_SCORE = 0.60
KEEP_CANDIDATES = 10
#: arXiv phrase queries get slow and brittle past this many words; the rest adds little.
MAX_PHRASE_WORDS = 20
#: Longer query strings go in a POST body (arXiv answers 414 to very long GET lines).
MAX_GET_QUERY = 2000
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})

_NUMBER = re.compile(r"\d+")
_T = TypeVar("_T")


class ArxivApiError(EnrichError):
    """arXiv refused a query (HTTP 4xx, or its error feed)."""


# --- matching ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Verdict:
    """What title search concluded for one record."""

    kind: Literal["match", "ambiguous", "none"]
    entry: Entry | None = None
    """The accepted candidate (``match``) or the best one (``ambiguous``)."""
    score: float = 0.0
    reason: str = ""
    """Why an ambiguous candidate was not applied."""


def title_score(a: str, b: str) -> float:
    """Similarity of two titles after normalisation, 0..1."""
    return fuzz.ratio(normalize_title(a), normalize_title(b)) / 100.0


def judge(record: Record, candidates: Sequence[Entry]) -> Verdict:
    """Accept a candidate only when it is clearly ``record``'s paper; precision beats recall.

    Accepted: normalised titles near-identical (``ACCEPT_SCORE``), the same numbers in both
    ("AI Index 2021" is not "AI Index 2022"), and the authors and year agree wherever the record
    has them; with nothing to corroborate, the titles must be closer still (``ALONE_SCORE``).
    Two acceptable papers, or a near miss, make the record ambiguous.
    """
    title = normalize_title(record.title or "")
    if not title:
        return Verdict("none")
    numbers = sorted(_NUMBER.findall(title))
    ok: list[tuple[float, Entry]] = []
    near: list[tuple[float, Entry, list[str]]] = []
    for entry in candidates:
        score = fuzz.ratio(title, normalize_title(entry.title)) / 100.0
        if score < WEAK_SCORE:
            continue
        problems: list[str] = []
        authors, years = _authors_agree(record, entry), _years_agree(record, entry)
        corroborated = bool(authors or years)
        if score < (ACCEPT_SCORE if corroborated else ALONE_SCORE):
            problems.append("titles differ" if corroborated else "title alone not close enough")
        if sorted(_NUMBER.findall(normalize_title(entry.title))) != numbers:
            problems.append("numbers differ")
        if authors is False:
            problems.append("authors differ")
        if years is False:
            problems.append("year differs")
        if problems:
            near.append((score, entry, problems))
        else:
            ok.append((score, entry))
    ok.sort(key=lambda t: -t[0])
    distinct = {e.id for _, e in ok}
    if len(distinct) == 1 or (len(ok) > 1 and ok[0][0] == 1.0 and ok[1][0] < 1.0):
        return Verdict("match", ok[0][1], ok[0][0])
    if ok:
        other = ok[1]
        return Verdict(
            "ambiguous", ok[0][1], ok[0][0], f"arXiv:{other[1].id} fits too (score {other[0]:.2f})"
        )
    if near:
        score, entry, problems = max(near, key=lambda t: t[0])
        return Verdict("ambiguous", entry, score, "; ".join(problems))
    return Verdict("none")


def _name_key(person: Person) -> tuple[str, str, str]:
    """(family, given+family, first initial), folded to lower-case letters."""
    family = normalize_name(person.family)
    full = normalize_name(person.given + person.family)
    initial = normalize_name(person.given)[:1] if not person.literal else ""
    return family, full, initial


def _same_person(a: tuple[str, str, str], b: tuple[str, str, str]) -> bool:
    fam_a, full_a, ini_a = a
    fam_b, full_b, ini_b = b
    if not fam_a or not fam_b:
        return False
    # "Zac Hatfield Dodds" (family Dodds) is "Zac Hatfield-Dodds" (family Hatfield-Dodds).
    same_family = (
        fam_a == fam_b
        or (len(fam_a) >= 4 and full_b.endswith(fam_a))
        or (len(fam_b) >= 4 and full_a.endswith(fam_b))
    )
    return same_family and (not ini_a or not ini_b or ini_a == ini_b)


def _authors_agree(record: Record, entry: Entry) -> bool | None:
    """At least half of the record's authors are among arXiv's; None when it lists none."""
    if not record.authors:
        return None
    theirs = [_name_key(p) for n in entry.authors if (p := person_from_display(n))]
    ours = [_name_key(p) for p in record.authors[:20]]
    hits = sum(1 for o in ours if any(_same_person(o, t) for t in theirs))
    return hits >= math.ceil(len(ours) / 2)


def _years_agree(record: Record, entry: Entry) -> bool | None:
    """The record's year falls within the paper's arXiv life; None when it has no read year."""
    date = record.date
    if date is None or date.inferred:
        return None
    first, last = int(entry.published[:4]), int(entry.updated[:4])
    # A published version (the user's .bib with a venue) may carry a later journal year.
    return first - 1 <= date.year <= last + (3 if record.venue else 1)


# --- applying an answer -----------------------------------------------------------------------


def apply_entry(record: Record, entry: Entry) -> Record:
    """``record`` completed from arXiv; the user's key, venue, entry type and extras are kept.

    arXiv's title, authors, abstract, dates, categories, comment and journal reference replace
    scraped ones. Kept from a user's .bib (a record with a key): its DOI, a non-arXiv URL, and
    the date of a published version (one with a venue).
    """
    changes: dict[str, Any] = {}

    def put(field: str, value: object) -> None:
        if value not in (None, (), "") and getattr(record, field) != value:
            changes[field] = value

    put("title", entry.title)
    authors = tuple(p for n in entry.authors if (p := person_from_display(n)) is not None)
    put("authors", authors)
    put("abstract", entry.summary)
    put("arxiv_id", entry.id)
    put("categories", entry.categories)
    put("comment", entry.comment)
    put("journal_ref", entry.journal_ref)
    # A user's .bib entry of a published version keeps its year (the venue's, not arXiv's).
    published = record.key is not None and record.venue is not None
    if not (published and record.date is not None and not record.date.inferred):
        put("date", _partial(entry.published))
    put("updated", _partial(entry.updated))
    if entry.doi and not record.doi:
        put("doi", entry.doi)
    if not record.url or parse_arxiv_id(record.url):
        put("url", f"https://arxiv.org/abs/{entry.id}")
    put("on_arxiv", True)
    if authors and record.authors_truncated:
        changes["authors_truncated"] = False
    if entry.version and entry.version != record.arxiv_version:
        changes["arxiv_version"] = entry.version
    return record.evolve(source=ARXIV_SOURCE, **changes) if changes else record


def _partial(iso: str) -> PartialDate:
    y, m, d = (int(x) for x in iso.split("-"))
    return PartialDate(y, m, d)


# --- queries ------------------------------------------------------------------------------------


def sanitize_phrase(title: str) -> str:
    """A title as a safe ``ti:"…"`` phrase: ASCII lower-case words only.

    Colons, parentheses, quotes, hyphens, LaTeX and accents would break or change the query
    (``ti:"a: (b)"`` is a syntax error); arXiv's index folds case and accents anyway.
    """
    return " ".join(normalize_title(title).split()[:MAX_PHRASE_WORDS])


def title_query(titles: Sequence[str]) -> str:
    """``ti:"…" OR ti:"…"`` for several titles (empty ones left out)."""
    phrases = dict.fromkeys(p for t in titles if (p := sanitize_phrase(t)))
    return " OR ".join(f'ti:"{p}"' for p in phrases)


def canonical_id(ident: str) -> str:
    """The id as arXiv answers it: version-less, old-style subject class dropped.

    arXiv answers ``math.GT/0309136`` as ``math/0309136``.
    """
    parsed = parse_arxiv_id(ident)
    base = parsed.id if parsed else ident
    if "/" in base:
        archive, number = base.split("/", 1)
        return f"{archive.split('.')[0]}/{number}"
    return base


# --- HTTP -------------------------------------------------------------------------------------


class _Pacer:
    """At most one request per ``interval`` seconds, measured on a monotonic clock."""

    def __init__(self, interval: float, clock: Callable[[], float], sleep: Callable[[float], None]):
        self.interval = interval
        self._clock = clock
        self._sleep = sleep
        self._last: float | None = None

    def wait(self) -> float:
        """Sleep until the next request may start; returns the time it starts."""
        if self._last is not None:
            gap = self._last + self.interval - self._clock()
            if gap > 0:
                self._sleep(gap)
        self._last = self._clock()
        return self._last


class _Client:
    """One polite connection to the API: pacing, retries with back-off, error feeds."""

    def __init__(
        self,
        base_url: str,
        *,
        session: requests.Session,
        pacer: _Pacer,
        sleep: Callable[[float], None],
        timeout: tuple[float, float],
        max_retries: int,
        backoff: float,
        max_backoff: float,
        max_wait: float,
        on_request: Callable[[float], None],
    ) -> None:
        self.base_url = base_url
        self._session = session
        self._pacer = pacer
        self._sleep = sleep
        self._timeout = timeout
        self._max_retries = max_retries
        self._backoff = backoff
        self._max_backoff = max_backoff
        self._max_wait = max_wait
        self._on_request = on_request

    def fetch(self, params: Mapping[str, str]) -> Feed:
        """One query's answer. Raises :class:`ArxivApiError` or :class:`NetworkUnavailable`."""
        long = len(urlencode(params)) > MAX_GET_QUERY
        method, where = ("POST", "data") if long else ("GET", "params")
        attempt, waited = 0, 0.0
        while True:
            self._on_request(self._pacer.wait())
            retry_after: float | None = None
            try:
                resp = self._session.request(
                    method,
                    self.base_url,
                    timeout=self._timeout,
                    headers={"User-Agent": USER_AGENT},
                    **{where: dict(params)},
                )
            except requests.ConnectionError as exc:
                if _is_unreachable(exc):
                    raise NetworkUnavailable(_describe(exc)) from None
                problem = "connection dropped"
            except requests.Timeout:
                problem = "timed out"
            except requests.RequestException as exc:  # invalid URL, too many redirects …
                raise NetworkUnavailable(type(exc).__name__) from None
            else:
                if resp.status_code == 200:
                    try:
                        feed = parse_feed(resp.content)
                    except AtomError as exc:
                        problem = str(exc)
                    else:
                        if feed.error:
                            raise ArxivApiError(feed.error)
                        return feed
                elif resp.status_code in RETRY_STATUSES:
                    problem = f"HTTP {resp.status_code}"
                    retry_after = retry_after_seconds(resp.headers.get("Retry-After"))
                elif resp.status_code in (400, 414):
                    raise ArxivApiError(_refusal(resp))  # this query's fault: the next may pass
                else:
                    # 401/403/404 …: a wrong URL or a proxy refusing; every query would fail.
                    raise NetworkUnavailable(f"{self.base_url} answered HTTP {resp.status_code}")
            attempt += 1
            delay = min(self._max_backoff, self._backoff * 2 ** (attempt - 1))
            if retry_after is not None:
                delay = max(delay, retry_after)
            if attempt > self._max_retries or waited + delay > self._max_wait:
                raise NetworkUnavailable(f"{problem}, gave up after {attempt} tries")
            self._sleep(delay)
            waited += delay


def _is_unreachable(exc: requests.ConnectionError) -> bool:
    """True for no route at all (refused, DNS, connect timeout); False for a dropped answer."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    cause = exc.args[0] if exc.args else None
    cause = getattr(cause, "reason", cause)  # urllib3's MaxRetryError wraps the real cause
    return not isinstance(cause, urllib3.exceptions.ProtocolError)


def _describe(exc: Exception) -> str:
    text = str(exc)
    if isinstance(exc, requests.ConnectTimeout):
        return "connection timed out"
    for needle, said in (
        ("refused", "connection refused"),
        ("Name or service not known", "host name not found"),
        ("Temporary failure in name resolution", "host name not found"),
        ("nodename nor servname", "host name not found"),
        ("Failed to resolve", "host name not found"),
        ("Network is unreachable", "network unreachable"),
        ("SSL", "TLS handshake failed"),
        ("ProxyError", "proxy error"),
    ):
        if needle in text or needle in type(exc).__name__:
            return said
    return "connection failed"


def _refusal(resp: requests.Response) -> str:
    try:
        message = parse_feed(resp.content).error
    except AtomError:
        message = None
    return f"HTTP {resp.status_code}: {message}" if message else f"HTTP {resp.status_code}"


def _chunks(items: Sequence[_T], size: int) -> Iterator[Sequence[_T]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


# --- the enricher -----------------------------------------------------------------------------


class ArxivEnricher:
    """Completes records from arXiv: by id in batches, else by a strict title search."""

    name: ClassVar[str] = "arxiv"

    def __init__(
        self,
        *,
        base_url: str | None = None,
        cache_dir: str | os.PathLike[str] | None = None,
        use_cache: bool = True,
        max_age: float = 86400.0,
        offline: bool = False,
        progress: bool | None = None,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], None] | None = None,
        id_batch_size: int = 200,
        title_batch_size: int = 20,
        results_per_title: int = 10,
        delay: float = 3.0,
        max_retries: int = 3,
        backoff: float = 3.0,
        max_backoff: float = 60.0,
        max_wait: float = 60.0,
        connect_timeout: float = 5.0,
        read_timeout: float = 30.0,
        session: requests.Session | None = None,
        cache: ArxivCache | None = None,
    ) -> None:
        """Nothing is opened or sent until :meth:`enrich`.

        ``base_url`` defaults to ``BIBEXPORT_ARXIV_URL``, else arXiv's API; ``cache_dir`` to
        ``BIBEXPORT_CACHE_DIR``, else the user cache dir. ``offline`` sends nothing (cached
        answers are still used). ``clock``/``sleep`` pace requests (``delay`` seconds apart,
        monotonic). Retries on 429/5xx/timeouts back off from ``backoff`` seconds, doubling,
        honour ``Retry-After``, and stop after ``max_retries`` or ``max_wait`` seconds.
        """
        self.base_url = base_url or os.environ.get("BIBEXPORT_ARXIV_URL") or DEFAULT_URL
        self.cache_dir = cache_dir
        self.use_cache = use_cache
        self.max_age = max_age
        self.offline = offline
        self.progress = progress
        self.id_batch_size = max(1, min(id_batch_size, 2000))
        self.title_batch_size = max(1, title_batch_size)
        self.results_per_title = max(1, results_per_title)
        self.request_times: list[float] = []
        """Start time (on the injected clock) of every request made, retries included."""
        self._clock = clock if clock is not None else _default_clock
        self._sleep = sleep if sleep is not None else _default_sleep
        self._cache = cache
        self._client = _Client(
            self.base_url,
            session=session or requests.Session(),
            pacer=_Pacer(delay, self._clock, self._sleep),
            sleep=self._sleep,
            timeout=(connect_timeout, read_timeout),
            max_retries=max_retries,
            backoff=backoff,
            max_backoff=max_backoff,
            max_wait=max_wait,
            on_request=self.request_times.append,
        )

    def enrich(self, records: Sequence[Record], report: Report) -> list[Record]:
        """Records completed from arXiv: same length, same order; never raises for the network."""
        return _Run(self, records, report).run()

    def _open_cache(self, report: Report) -> tuple[ArxivCache | None, bool]:
        """The cache to use and whether this run owns (and must close) it."""
        if not self.use_cache:
            return None, False
        if self._cache is not None:
            return self._cache, False
        try:
            return ArxivCache.in_dir(self.cache_dir, max_age=self.max_age), True
        except (OSError, sqlite3.Error) as exc:
            report.warn(f"arXiv cache unavailable ({exc}); continuing without it")
            return None, False


class _Run:
    """The state of one :meth:`ArxivEnricher.enrich` call."""

    def __init__(self, enricher: ArxivEnricher, records: Sequence[Record], report: Report):
        self.e = enricher
        self.records = list(records)
        self.out = list(records)
        self.report = report
        self.offline = enricher.offline
        self.outcome: dict[int, str] = {}
        show = enricher.progress if enricher.progress is not None else sys.stderr.isatty()
        self.bar = tqdm(
            total=len(self.records), desc="arXiv", unit="rec", file=sys.stderr,
            disable=not show, leave=False, dynamic_ncols=True,
        )  # fmt: skip
        self.cache, self._own_cache = (None, False)

    def run(self) -> list[Record]:
        report = self.report
        report.count("arxiv.requests", 0)
        report.count("arxiv.cache_hits", 0)
        if not self.records:
            return self.out
        self.cache, self._own_cache = self.e._open_cache(report)
        before = len(self.e.request_times)
        try:
            ids, titles = self._plan()
            self._by_id(ids)
            self._by_title(titles)
        finally:
            self.bar.close()
            if self.cache is not None and self._own_cache:
                self.cache.close()
        report.count("arxiv.requests", len(self.e.request_times) - before)
        for kind in ("enriched_by_id", "enriched_by_title", "not_found", "ambiguous"):
            report.count(f"arxiv.{kind}", sum(1 for k in self.outcome.values() if k == kind))
        if skipped := sum(1 for k in self.outcome.values() if k == "unanswered"):
            report.count("arxiv.not_looked_up", skipped)
        return self.out

    # --- planning and bookkeeping -------------------------------------------------------

    def _plan(self) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
        ids: dict[str, list[int]] = {}
        titles: dict[str, list[int]] = {}
        for i, r in enumerate(self.records):
            if r.arxiv_id and is_valid_arxiv_id(r.arxiv_id):
                ids.setdefault(canonical_id(r.arxiv_id), []).append(i)
                continue
            if r.arxiv_id:
                # arXiv answers 400 for the whole batch if one id is malformed: never send it.
                self.report.note("arxiv: not found", f"{r.label()}: malformed arXiv id, not sent")
            if r.title and (phrase := sanitize_phrase(r.title)):
                titles.setdefault(phrase, []).append(i)
            else:
                self._resolve([i], "not_found" if r.arxiv_id else "skipped")
        return ids, titles

    def _resolve(self, indexes: Sequence[int], outcome: str) -> None:
        for i in indexes:
            self.outcome[i] = outcome
        self.bar.update(len(indexes))

    def _cached(self, key: str) -> tuple[bool, Any]:
        if self.cache is None:
            return False, None
        hit, value = self.cache.get(key)
        if hit:
            self.report.count("arxiv.cache_hits")
        return hit, value

    def _store(self, items: list[tuple[str, Any]]) -> None:
        if self.cache is not None and items:
            try:
                self.cache.put_many(items)
            except sqlite3.Error as exc:
                self.report.warn(f"arXiv cache not written ({exc}); continuing without it")
                self.cache = None

    def _fetch(self, params: dict[str, str], what: str) -> Feed | None:
        """The answer, or None when offline (the first failure says so once) or refused."""
        if self.offline:
            return None
        self.bar.set_postfix(requests=len(self.e.request_times) + 1)
        try:
            return self.e._client.fetch(params)
        except NetworkUnavailable as exc:
            self.offline = True
            self.report.warn(
                f"arXiv unreachable ({exc}); continuing offline — "
                "records not yet looked up are kept as parsed"
            )
        except ArxivApiError as exc:
            self.report.warn(
                f"arXiv refused the {what} query ({exc}); those records are kept as parsed"
            )
        return None

    # --- by id --------------------------------------------------------------------------

    def _by_id(self, jobs: dict[str, list[int]]) -> None:
        answers: dict[str, Entry | None] = {}
        missing: list[str] = []
        for ident in jobs:
            hit, value = self._cached(f"id:{ident}")
            if hit:
                answers[ident] = Entry.from_json(value) if value else None
            else:
                missing.append(ident)
        for batch in _chunks(missing, self.e.id_batch_size):
            feed = self._fetch(
                {"id_list": ",".join(batch), "max_results": str(len(batch))}, "id-list"
            )
            if feed is None:
                continue
            # Results come back in any order, unknown ids simply absent: map back by id.
            got = {canonical_id(e.id): e for e in feed.entries}
            for ident in batch:
                answers[ident] = got.get(ident)
            self._store([(f"id:{i}", e.to_json() if (e := answers[i]) else None) for i in batch])
        for ident, indexes in jobs.items():
            if ident not in answers:
                self._resolve(indexes, "unanswered")
                continue
            entry = answers[ident]
            for i in indexes:
                if entry is None:
                    self.report.note("arxiv: not found", f"{self.records[i].label()}: unknown id")
                    self._resolve([i], "not_found")
                else:
                    self.out[i] = apply_entry(self.records[i], entry)
                    self._resolve([i], "enriched_by_id")

    # --- by title -----------------------------------------------------------------------

    def _by_title(self, jobs: dict[str, list[int]]) -> None:
        found: dict[str, list[Entry]] = {}
        pending: list[str] = []
        for phrase in jobs:
            hit, value = self._cached(f"ti:{phrase}")
            if hit:
                found[phrase] = [Entry.from_json(v) for v in value]
            else:
                pending.append(phrase)
        # A second round re-asks, without the others, titles a full answer may have crowded out.
        for second_round in (False, True):
            crowded: list[str] = []
            for batch in _chunks(pending, self.e.title_batch_size):
                limit = min(2000, self.e.results_per_title * len(batch))
                query = title_query(batch)
                feed = self._fetch({"search_query": query, "max_results": str(limit)}, "title")
                if feed is None:
                    continue
                full = len(feed.entries) >= limit and (feed.total or 0) > len(feed.entries)
                stored: list[tuple[str, Any]] = []
                titles = [normalize_title(e.title) for e in feed.entries]
                for phrase in batch:
                    near = _nearest(phrase, titles, feed.entries)
                    best = title_score(phrase, near[0].title) if near else 0.0
                    if full and not second_round and len(batch) > 1 and best < ACCEPT_SCORE:
                        crowded.append(phrase)
                        continue
                    found[phrase] = near
                    stored.append((f"ti:{phrase}", [e.to_json() for e in near]))
                self._store(stored)
            pending = crowded
            if not pending:
                break
        for phrase, indexes in jobs.items():
            if phrase not in found:
                self._resolve(indexes, "unanswered")
                continue
            for i in indexes:
                self._judge(i, found[phrase])

    def _judge(self, i: int, candidates: list[Entry]) -> None:
        record = self.records[i]
        verdict = judge(record, candidates)
        label = record.label()
        if verdict.kind == "match" and verdict.entry is not None:
            self.out[i] = apply_entry(record, verdict.entry)
            self.report.note(
                "arxiv: enriched by title",
                f"{label} → arXiv:{verdict.entry.id} (score {verdict.score:.2f})",
            )
            self._resolve([i], "enriched_by_title")
        elif verdict.kind == "ambiguous" and verdict.entry is not None:
            self.report.note(
                "arxiv: ambiguous",
                f"{label}: best candidate arXiv:{verdict.entry.id} {verdict.entry.title!r} "
                f"(score {verdict.score:.2f}; {verdict.reason}) — not applied",
            )
            self._resolve([i], "ambiguous")
        else:
            self.report.note("arxiv: not found", f"{label}: no arXiv paper with this title")
            self._resolve([i], "not_found")


def _nearest(phrase: str, titles: Sequence[str], entries: Sequence[Entry]) -> list[Entry]:
    """The entries close enough to ``phrase`` to keep for it, best first.

    ``titles`` are the entries' normalised titles, computed once per answer.
    """
    found = process.extract(
        phrase, titles, scorer=fuzz.ratio, score_cutoff=KEEP_SCORE * 100, limit=KEEP_CANDIDATES
    )
    return [entries[i] for _, _, i in found]


__all__ = [
    "ARXIV_SOURCE",
    "DEFAULT_URL",
    "ArxivApiError",
    "ArxivEnricher",
    "Verdict",
    "apply_entry",
    "canonical_id",
    "judge",
    "sanitize_phrase",
    "title_query",
]
