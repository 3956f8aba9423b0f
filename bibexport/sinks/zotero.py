"""Zotero sink: push records into a collection of a Zotero library — complete, valid, and
never duplicated.

A push goes:

1. find the collection (by key, or by name / path ``Parent/Child``, creating missing levels);
2. read the library's top-level items once, 100 a page, and index them by arXiv id, DOI and
   normalised title;
3. plan each record: already in the collection → leave it; elsewhere in the library → PATCH
   the item's collections (with its version); otherwise → create it;
4. create in batches of at most 50, each item with a key made here, so that after a reply
   lost once the server had committed, a re-read (``since`` the last library version) tells
   exactly which items are in and nothing is sent twice; then the PATCHes.

HTTP goes through pyzotero. Under it, a small httpx2 transport counts requests, honours
``Backoff`` and ``Retry-After`` and retries what is safe to retry (429 always; 5xx and
timeouts of reads). A write that fails otherwise (5xx, timeout, 412) is retried here, after a
re-read. The API key comes only from ``ZOTERO_API_KEY`` and never reaches a message: every
pyzotero / httpx2 error is replaced by a :mod:`bibexport.errors` error of our own wording.
"""

from __future__ import annotations

import os
import secrets
import time
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, NoReturn
from urllib.parse import urlsplit

import httpx2
from pyzotero import Zotero

from ..errors import AuthError, SinkError
from ..http import retry_after_seconds
from ..keys import assign_keys
from ..model import Record, Report
from .zotero_items import Identity, item_identity, record_identity, to_item

ENV_API_KEY = "ZOTERO_API_KEY"
ENV_LIBRARY_ID = "ZOTERO_LIBRARY_ID"
ENV_LIBRARY_TYPE = "ZOTERO_LIBRARY_TYPE"
ENV_URL = "BIBEXPORT_ZOTERO_URL"
DEFAULT_URL = "https://api.zotero.org"

MAX_BATCH = 50
"""The API takes at most 50 objects per write (413 above)."""
MAX_PAGE = 100
"""The API returns at most 100 objects per read."""

COUNTERS = (
    "zotero.created",
    "zotero.added_to_collection",
    "zotero.already_there",
    "zotero.failed",
    "zotero.requests",
    "zotero.item_writes",
    "zotero.reads",
)

# Zotero's own alphabet for object keys (no 0, 1, O).
_KEY_CHARS = "23456789ABCDEFGHIJKLMNPQRSTUVWXYZ"
_NOT_ITEMS = frozenset({"note", "attachment", "annotation"})
_LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})


def _default_sleep(seconds: float) -> None:
    # Looked up at call time so a test can replace it for a whole CLI run.
    time.sleep(seconds)


def new_key() -> str:
    """A fresh Zotero object key (8 characters of Zotero's key alphabet)."""
    return "".join(secrets.choice(_KEY_CHARS) for _ in range(8))


class ZoteroSink:
    """Pushes records into a Zotero collection through the Web API (pyzotero)."""

    name: ClassVar[str] = "zotero"

    def __init__(
        self,
        *,
        library_id: str | None = None,
        library_type: str | None = None,
        collection: str | None = None,
        collection_key: str | None = None,
        base_url: str | None = None,
        key_pattern: str = "{auth}{year}{word}",
        batch_size: int = MAX_BATCH,
        page_size: int = MAX_PAGE,
        retries: int = 5,
        retry_delay: float = 1.0,
        max_delay: float = 60.0,
        timeout: float = 30.0,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.library_id = library_id
        """Default: env ``ZOTERO_LIBRARY_ID``."""
        self.library_type = library_type
        """``user`` or ``group``; default: env ``ZOTERO_LIBRARY_TYPE``, else ``user``."""
        self.collection = collection
        """Collection name, or path ``Parent/Child``; missing levels are created."""
        self.collection_key = collection_key
        """Key of an existing collection (instead of ``collection``)."""
        self.base_url = base_url
        """Default: env ``BIBEXPORT_ZOTERO_URL``, else https://api.zotero.org."""
        self.key_pattern = key_pattern
        self.batch_size = max(1, min(batch_size, MAX_BATCH))
        self.page_size = max(1, min(page_size, MAX_PAGE))
        self.retries = retries
        """Further attempts after a failed request (429, 5xx, timeout, 412)."""
        self.retry_delay = retry_delay
        """First back-off delay in seconds when the server gives none; doubles each time."""
        self.max_delay = max_delay
        self.timeout = timeout
        self.sleep = sleep
        self.clock = clock

    def push(self, records: Sequence[Record], report: Report, *, dry_run: bool = False) -> None:
        """Create, add to the collection or leave alone each record; the outcome goes in
        ``report``. With ``dry_run``, read only and say what would be done."""
        settings = self._settings()
        for name in COUNTERS:
            report.count(name, 0)
        if not records:
            return  # not even a collection to create
        run = _Run(self, settings, report, dry_run=dry_run)
        try:
            run.go(records, assign_keys(records, self.key_pattern))
        finally:
            run.close()

    def _settings(self) -> _Settings:
        library_id = str(self.library_id or os.environ.get(ENV_LIBRARY_ID) or "").strip()
        if not library_id:
            raise SinkError(
                f"no Zotero library: set {ENV_LIBRARY_ID} (or --library-id) to the numeric id "
                "of your user or group library"
            )
        if not library_id.isdigit():
            raise SinkError(
                f"{ENV_LIBRARY_ID} / --library-id must be the numeric library id shown at "
                "zotero.org/settings/keys (users) or in the group's URL (groups)"
            )
        library_type = (self.library_type or os.environ.get(ENV_LIBRARY_TYPE) or "user").strip()
        if library_type not in ("user", "group"):
            raise SinkError(f"{ENV_LIBRARY_TYPE} must be 'user' or 'group'")
        api_key = (os.environ.get(ENV_API_KEY) or "").strip()
        if not api_key:
            raise SinkError(
                f"no Zotero API key: set {ENV_API_KEY} (create a key at "
                "https://www.zotero.org/settings/keys)"
            )
        base_url = (self.base_url or os.environ.get(ENV_URL) or DEFAULT_URL).strip().rstrip("/")
        parts = urlsplit(base_url)
        try:
            parts.port  # noqa: B018 - raises on a port that is not a number
        except ValueError:
            raise SinkError(f"{ENV_URL} / --zotero-url has a bad port") from None
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise SinkError(f"{ENV_URL} / --zotero-url must be an http(s) URL")
        if self.collection and self.collection_key:
            raise SinkError("give a collection name or a collection key, not both")
        path: list[str] = []
        if self.collection:
            path = [p.strip() for p in self.collection.split("/")]
            if not all(path):
                raise SinkError(f"bad collection path {self.collection!r} (empty name)")
        return _Settings(
            library_id=library_id,
            library_type=library_type,  # type: ignore[arg-type]  # checked above
            api_key=api_key,
            base_url=base_url,
            collection_path=path,
            collection_key=(self.collection_key or "").strip().upper() or None,
        )


@dataclass(frozen=True)
class _Settings:
    library_id: str
    library_type: Literal["user", "group"]
    api_key: str = field(repr=False)
    base_url: str
    collection_path: list[str]
    collection_key: str | None

    @property
    def library(self) -> str:
        return f"{self.library_type}s/{self.library_id}"

    @property
    def where(self) -> str:
        """The server, for messages: no user info, query or fragment."""
        p = urlsplit(self.base_url)
        host = p.hostname or ""
        return f"{p.scheme}://{host}{f':{p.port}' if p.port else ''}{p.path}"


# --- transport: counting, pacing, safe retries --------------------------------------------


class _Transport(httpx2.BaseTransport):
    """Sits under pyzotero's client: counts requests by kind, honours ``Backoff`` and
    ``Retry-After``, and retries what is safe to repeat: a 429 (the server did nothing), and
    for reads a 5xx or a transport error. Writes that fail otherwise go back to the sink,
    which re-reads before it re-sends."""

    def __init__(
        self,
        inner: httpx2.BaseTransport,
        *,
        sleep: Callable[[float], None],
        clock: Callable[[], float],
        retries: int,
        base_delay: float,
        max_delay: float,
    ) -> None:
        self.inner = inner
        self.sleep = sleep
        self.clock = clock
        self.retries = retries
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.counts: Counter[str] = Counter()
        self.last_status: int | None = None
        self.last_retry_after: float | None = None
        self.last_version: int | None = None
        self._not_before = 0.0

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        if retry_after is not None:
            return retry_after
        return float(min(self.max_delay, self.base_delay * 2**attempt))

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        kind = _request_kind(request)
        is_read = request.method == "GET"
        attempt = 0
        while True:
            self._pace()
            self.counts["requests"] += 1
            self.counts[kind] += 1
            try:
                response = self.inner.handle_request(request)
            except httpx2.TransportError:
                self.last_status = None
                self.last_retry_after = None
                if not is_read or attempt >= self.retries:
                    raise
                self.sleep(self.delay(attempt))
                attempt += 1
                continue
            self.last_status = response.status_code
            self.last_retry_after = retry_after_seconds(response.headers.get("Retry-After"))
            version = response.headers.get("Last-Modified-Version")
            self.last_version = int(version) if version and version.isdigit() else None
            if (backoff := retry_after_seconds(response.headers.get("Backoff"))) is not None:
                self._not_before = max(self._not_before, self.clock() + backoff)
            status = response.status_code
            if (status == 429 or (is_read and status >= 500)) and attempt < self.retries:
                response.close()
                self.sleep(self.delay(attempt, self.last_retry_after))
                attempt += 1
                continue
            # The pause is already scheduled here, on the injectable clock; left in, the
            # headers would make pyzotero wait a second time with time.sleep.
            for header in ("Backoff", "Retry-After"):
                if header in response.headers:
                    del response.headers[header]
            return response

    def _pace(self) -> None:
        wait = self._not_before - self.clock()
        if wait > 0:
            self.sleep(wait)
        self._not_before = 0.0

    def close(self) -> None:
        self.inner.close()


def _request_kind(request: httpx2.Request) -> str:
    if request.method == "GET":
        return "reads"
    parts = request.url.path.rstrip("/").split("/")
    if parts[-1] == "items" or (len(parts) > 1 and parts[-2] == "items"):
        return "item_writes"
    return "collection_writes"


def _inner_transport(base_url: str) -> httpx2.HTTPTransport:
    # httpx2 ignores proxy variables once a transport is given: look them up as it would.
    parts = urlsplit(base_url)
    proxy = None
    host = parts.hostname or ""
    if host not in _LOOPBACK and not urllib.request.proxy_bypass(host):
        proxy = urllib.request.getproxies().get(parts.scheme)
    return httpx2.HTTPTransport(proxy=proxy)


# --- the library as read -------------------------------------------------------------------


@dataclass
class _Item:
    """An item already in the library."""

    key: str
    version: int
    collections: list[str]
    identity: Identity
    raw: dict[str, Any]
    """The API object, as pyzotero's ``addto_collection`` wants it."""

    @classmethod
    def from_api(cls, obj: dict[str, Any]) -> _Item:
        data = obj.get("data") or {}
        return cls(
            key=str(obj["key"]),
            version=int(obj.get("version") or data.get("version") or 0),
            collections=list(data.get("collections") or ()),
            identity=item_identity(data),
            raw=obj,
        )


class _Index:
    """Items by arXiv id, DOI and normalised title."""

    def __init__(self) -> None:
        self.items: dict[str, _Item] = {}
        self._arxiv: defaultdict[str, list[str]] = defaultdict(list)
        self._doi: defaultdict[str, list[str]] = defaultdict(list)
        self._title: defaultdict[str, list[str]] = defaultdict(list)

    def put(self, item: _Item) -> None:
        # Stale entries of a replaced item stay in the lists; find() checks them again.
        self.items[item.key] = item
        for a in item.identity.arxiv_ids:
            self._arxiv[a].append(item.key)
        for d in item.identity.dois:
            self._doi[d].append(item.key)
        if item.identity.title:
            self._title[item.identity.title].append(item.key)

    def find(self, ident: Identity, collection: str | None) -> _Item | None:
        """The item that is the same paper, preferring one in ``collection``."""
        found: list[_Item] = []
        for a in sorted(ident.arxiv_ids):
            found += [i for i in self._live(self._arxiv[a]) if a in i.identity.arxiv_ids]
        if not found:
            for d in sorted(ident.dois):
                found += [i for i in self._live(self._doi[d]) if d in i.identity.dois]
        if not found and ident.title:
            found = [
                i
                for i in self._live(self._title[ident.title])
                if i.identity.title == ident.title and not ident.contradicts(i.identity)
            ]
        if not found:
            return None
        if collection:
            for i in found:
                if collection in i.collections:
                    return i
        return found[0]

    def _live(self, keys: Iterable[str]) -> list[_Item]:
        seen: set[str] = set()
        out = []
        for k in keys:
            if k not in seen and k in self.items:
                seen.add(k)
                out.append(self.items[k])
        return out


@dataclass
class _New:
    """A record to create, with the key it will have."""

    record: Record
    identity: Identity
    key: str
    item: dict[str, Any]


class _Failure(Exception):
    """A request failed; ``status`` is None when no reply came at all (timeout, reset)."""

    def __init__(self, what: str, status: int | None, cause: str) -> None:
        super().__init__(what)
        self.what = what
        self.status = status
        self.cause = cause

    @property
    def retryable(self) -> bool:
        return self.status is None or self.status == 429 or self.status >= 500

    def describe(self) -> str:
        return f"HTTP {self.status}" if self.status is not None else self.cause


# --- one push ------------------------------------------------------------------------------


class _Run:
    def __init__(
        self, sink: ZoteroSink, settings: _Settings, report: Report, *, dry_run: bool
    ) -> None:
        self.sink = sink
        self.s = settings
        self.report = report
        self.dry_run = dry_run
        self.sleep = sink.sleep if sink.sleep is not None else _default_sleep
        self.transport = _Transport(
            _inner_transport(settings.base_url),
            sleep=self.sleep,
            clock=sink.clock if sink.clock is not None else time.monotonic,
            retries=sink.retries,
            base_delay=sink.retry_delay,
            max_delay=sink.max_delay,
        )
        client = httpx2.Client(
            transport=self.transport, timeout=sink.timeout, follow_redirects=True
        )
        self.zot = Zotero(
            settings.library_id, settings.library_type, settings.api_key, client=client
        )
        # pyzotero sets its endpoint per instance in __init__; point this one elsewhere.
        self.zot.endpoint = settings.base_url
        self.index = _Index()
        self.planned = _Index()
        self.version = 0
        self.collection: str | None = None

    def close(self) -> None:
        c = self.transport.counts
        self.report.count("zotero.requests", c["requests"])
        self.report.count("zotero.reads", c["reads"])
        self.report.count("zotero.item_writes", c["item_writes"])
        if self.zot.client is not None:
            self.zot.client.close()

    # --- the plan ------------------------------------------------------------------------

    def go(self, records: Sequence[Record], keys: Sequence[str]) -> None:
        try:
            self.collection = self._find_collection()
            self._load()
            to_create: list[_New] = []
            to_add: list[tuple[Record, _Item]] = []
            for record, key in zip(records, keys, strict=True):
                ident = record_identity(record)
                if ident.empty:
                    self._fail(record, "no title, arXiv id or DOI to recognise it by; not sent")
                    continue
                if (found := self.index.find(ident, self.collection)) is not None:
                    if self._in_collection(found):
                        self._already(record, found)
                    else:
                        to_add.append((record, found))
                    continue
                if self.planned.find(ident, None) is not None:
                    self._already(record, None)  # the same paper twice in the input
                    continue
                new = _New(record, ident, new_key(), {})
                new.item = {
                    "key": new.key,
                    **to_item(
                        record,
                        citation_key=key,
                        collections=[self.collection] if self.collection else [],
                    ),
                }
                self.planned.put(_Item(new.key, 0, [], ident, {}))
                to_create.append(new)
            if self.dry_run:
                for new in to_create:
                    self.report.note("zotero: would create", _describe(new.record))
                for record, item in to_add:
                    self.report.note(
                        "zotero: would add to collection", f"{_describe(record)} (item {item.key})"
                    )
                return
            # Creations first: their precondition is the library version, which a PATCH
            # (preconditioned on the item's version only) would move on.
            for start in range(0, len(to_create), self.sink.batch_size):
                self._create(to_create[start : start + self.sink.batch_size])
            for record, item in to_add:
                self._add(record, item)
        except _Failure as f:
            self._raise(f)

    def _in_collection(self, item: _Item) -> bool:
        if not (self.s.collection_path or self.s.collection_key):
            return True  # no collection asked for: anywhere in the library will do
        return self.collection is not None and self.collection in item.collections

    def _already(self, record: Record, item: _Item | None) -> None:
        self.report.count("zotero.already_there")
        if self.dry_run:
            self.report.note(
                "zotero: already there", _describe(record) + (f" (item {item.key})" if item else "")
            )

    def _fail(self, record: Record, reason: str) -> None:
        self.report.count("zotero.failed")
        self.report.note("zotero: failed", f"{_describe(record)}: {reason}")

    # --- reads ---------------------------------------------------------------------------

    def _call(self, what: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run one pyzotero call; any failure becomes a :class:`_Failure` (or AuthError)
        whose text is ours: pyzotero's messages carry URLs and server replies."""
        try:
            return fn(*args, **kwargs)
        # Deliberately blind: whatever pyzotero or httpx2 raise, no text of theirs (URLs,
        # server replies) may reach the user, and no traceback either.
        except Exception as exc:  # noqa: BLE001
            status = self.transport.last_status
            if isinstance(exc, httpx2.TransportError):
                status = None
            elif status is not None and status < 400:
                status = None  # a reply that was fine on the wire but could not be read
            if status in (401, 403):
                raise AuthError(
                    f"Zotero refused the API key for library {self.s.library} at {self.s.where}"
                    f": check {ENV_API_KEY} and that the key may read and write this library"
                ) from None
            raise _Failure(what, status, type(exc).__name__) from None

    def _raise(self, f: _Failure) -> NoReturn:
        if f.status == 404:
            raise SinkError(
                f"Zotero has no library {self.s.library} at {self.s.where} (check "
                f"{ENV_LIBRARY_ID} / --library-id and --library-type)"
            ) from None
        if f.status is None:
            raise SinkError(
                f"no usable reply from Zotero at {self.s.where} while {f.what} ({f.cause})"
            ) from None
        raise SinkError(
            f"Zotero answered HTTP {f.status} while {f.what} (library {self.s.library})"
        ) from None

    def _read_all(self, what: str, fn: Callable[..., Any], **params: Any) -> tuple[list[Any], int]:
        """Every object of a listing, page after page; and the library version of page one."""
        out: list[Any] = []
        version: int | None = None
        start = 0
        # Paged with start/limit rather than pyzotero's everything(): the Link URLs it follows
        # break on a base URL with a path (the path is joined twice).
        while True:
            page = self._call(what, fn, limit=self.sink.page_size, start=start, **params)
            headers = self.zot.request.headers if self.zot.request is not None else {}
            if version is None:
                version = int(headers.get("Last-Modified-Version") or 0)
            total = int(headers.get("Total-Results") or 0)
            out.extend(page)
            start += len(page)
            if not page or start >= total:
                return out, version

    def _load(self) -> None:
        objs, self.version = self._read_all(
            "reading the library", self.zot.top, sort="dateAdded", direction="asc"
        )
        for obj in objs:
            self._put(obj)

    def _refresh(self) -> None:
        """Read what changed since the last known library version (after a 412 or a lost
        reply) into the index."""
        objs, version = self._read_all(
            "re-reading the library",
            self.zot.top,
            since=self.version,
            sort="dateAdded",
            direction="asc",
        )
        for obj in objs:
            self._put(obj)
        self.version = version

    def _put(self, obj: dict[str, Any]) -> None:
        if (obj.get("data") or {}).get("itemType") not in _NOT_ITEMS:
            self.index.put(_Item.from_api(obj))

    # --- collection ----------------------------------------------------------------------

    def _find_collection(self) -> str | None:
        if self.s.collection_key:
            try:
                self._call("looking up the collection", self.zot.collection, self.s.collection_key)
            except _Failure as f:
                if f.status == 404:
                    raise SinkError(
                        f"no collection with key {self.s.collection_key} in library "
                        f"{self.s.library}"
                    ) from None
                raise
            return self.s.collection_key
        if not self.s.collection_path:
            return None
        attempt = 0
        while True:
            collections, _ = self._read_all("reading the collections", self.zot.collections)
            parent: str | None = None
            for depth, name in enumerate(self.s.collection_path):
                same = [
                    c
                    for c in collections
                    if c["data"].get("name") == name
                    and (c["data"].get("parentCollection") or None) == parent
                ]
                if len(same) > 1:
                    self.report.warn(
                        f"zotero: {len(same)} collections named {name!r} at the "
                        f"same level; using the first ({same[0]['key']})"
                    )
                if same:
                    parent = str(same[0]["key"])
                    continue
                path = "/".join(self.s.collection_path[: depth + 1])
                if self.dry_run:
                    self.report.note("zotero: would create collection", path)
                    return None
                try:
                    parent = self._create_collection(name, parent)
                except _Failure as f:
                    attempt += 1
                    if not f.retryable and f.status != 412 or attempt > self.sink.retries:
                        raise
                    if f.retryable:
                        self.sleep(
                            self.transport.delay(attempt - 1, self.transport.last_retry_after)
                        )
                    break  # read the collections again: the lost write may have gone in
            else:
                return parent

    def _create_collection(self, name: str, parent: str | None) -> str:
        key = new_key()
        payload = [{"key": key, "name": name, "parentCollection": parent or False}]
        reply = self._call("creating a collection", self.zot.create_collections, payload)
        if not reply.get("success"):
            message = next(iter((reply.get("failed") or {}).values()), {}).get("message", "")
            raise SinkError(f"Zotero did not create collection {name!r}: {message or 'no reason'}")
        return str(next(iter(reply["success"].values())))

    # --- writes --------------------------------------------------------------------------

    def _create(self, batch: list[_New]) -> None:
        attempt = 0
        while batch:
            try:
                reply = self._call(
                    "creating items",
                    self.zot.create_items,
                    [n.item for n in batch],
                    last_modified=self.version,
                )
            except _Failure as f:
                if f.status == 413 and len(batch) > 1:  # a server with a lower limit
                    half = len(batch) // 2
                    self._create(batch[:half])
                    self._create(batch[half:])
                    return
                if not (f.retryable or f.status == 412):
                    raise
                attempt += 1
                if attempt > self.sink.retries:
                    raise
                if f.retryable:
                    self.sleep(self.transport.delay(attempt - 1, self.transport.last_retry_after))
                self._refresh()
                batch = self._reconcile(batch)
                continue
            if self.transport.last_version is not None:
                # Written under If-Unmodified-Since-Version: nothing else changed in between.
                self.version = self.transport.last_version
            self._tally(batch, reply)
            return

    def _reconcile(self, batch: list[_New]) -> list[_New]:
        """After a re-read: what is in (our key came back, or another client added the paper
        meanwhile) is settled; the rest is sent again."""
        rest: list[_New] = []
        for new in batch:
            if new.key in self.index.items:
                self.report.count("zotero.created")
            elif (found := self.index.find(new.identity, self.collection)) is not None:
                if self._in_collection(found):
                    self._already(new.record, found)
                else:
                    self._add(new.record, found)
            else:
                rest.append(new)
        return rest

    def _tally(self, batch: list[_New], reply: Any) -> None:
        reply = reply if isinstance(reply, dict) else {}
        successful = reply.get("successful") or {}
        unchanged = reply.get("unchanged") or {}
        failed = reply.get("failed") or {}
        for i, new in enumerate(batch):
            idx = str(i)
            if idx in successful:
                self.report.count("zotero.created")
                obj = successful[idx]
                if isinstance(obj, dict) and "key" in obj:
                    self._put(obj)
            elif idx in (reply.get("success") or {}):
                self.report.count("zotero.created")
            elif idx in unchanged:
                self._already(new.record, None)
            elif idx in failed:
                err = failed[idx] if isinstance(failed[idx], dict) else {}
                code = err.get("code")
                reason = str(err.get("message") or "no reason given")
                self._fail(new.record, f"{reason} (HTTP {code})" if code else reason)
            else:
                self._fail(new.record, "Zotero's reply did not mention this item")

    def _add(self, record: Record, item: _Item) -> None:
        attempt = 0
        collection = self.collection
        assert collection is not None  # matches elsewhere only exist when there is one
        while True:
            try:
                self._call(
                    "adding an item to the collection",
                    self.zot.addto_collection,
                    collection,
                    item.raw,
                )
            except _Failure as f:
                if not (f.retryable or f.status == 412) or attempt >= self.sink.retries:
                    self._fail(
                        record, f"could not add item {item.key} to the collection ({f.describe()})"
                    )
                    return
                attempt += 1
                if f.retryable:
                    self.sleep(self.transport.delay(attempt - 1, self.transport.last_retry_after))
                self._refresh()
                current = self.index.items.get(item.key)
                if current is None:
                    self._fail(record, f"item {item.key} is no longer in the library")
                    return
                if collection in current.collections:
                    # Our PATCH went in before its reply was lost, or someone else's did.
                    self.report.count("zotero.added_to_collection")
                    return
                item = current
                continue
            item.collections.append(collection)
            if self.transport.last_version is not None:
                item.version = self.transport.last_version
                item.raw = {
                    **item.raw,
                    "version": item.version,
                    "data": {
                        **item.raw.get("data", {}),
                        "version": item.version,
                        "collections": list(item.collections),
                    },
                }
            self.report.count("zotero.added_to_collection")
            return


def _describe(record: Record) -> str:
    label = record.label()
    if record.title and not label.startswith(("'", '"')):
        title = record.title if len(record.title) <= 70 else record.title[:67] + "..."
        return f"{label} {title!r}"
    return label
