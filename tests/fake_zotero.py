"""A small stateful fake of the Zotero Web API v3, served on 127.0.0.1, for tests and bench.

pyzotero talks HTTP through httpx2, which ``responses`` cannot intercept, so the tests run a
real HTTP server instead. It behaves as zotero.org/support/dev/web_api/v3 documents:

- one library (``users/<id>`` or ``groups/<id>``) with a library version that every write
  bumps once; objects carry the version of their last write; ``Last-Modified-Version`` on
  every reply; ``since=`` and ``If-Modified-Since-Version`` (304) on reads;
- paging with ``start``/``limit`` (at most 100), ``Total-Results`` and ``Link`` (next, last);
- ``POST /items`` and ``/collections`` with at most 50 objects (413 above), write tokens
  (reused → 412), ``If-Unmodified-Since-Version`` (out of date → 412), client-made object
  keys, and the ``successful``/``success``/``unchanged``/``failed`` reply;
- ``PATCH /items/<key>`` with the item's version (stale → 412, none → 428);
- 403 for a missing or wrong API key, or a library the key may not use.

Switches inject trouble: :meth:`FakeZotero.inject` (a status such as 429 with
``Retry-After``, or 500, before or after the write is committed; a reply dropped or delayed
after commit), :meth:`FakeZotero.backoff` (a ``Backoff`` header) and
:meth:`FakeZotero.reject` (per-object failures). Requests are counted by kind.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qsl, urlencode, urlsplit

from local_server import LocalServer

KEY_CHARS = "23456789ABCDEFGHIJKLMNPQRSTUVWXYZ"
_KEY_RE = re.compile(rf"^[{KEY_CHARS}]{{8}}$")
MAX_WRITE = 50
MAX_LIMIT = 100

Kind = Literal["read", "item_write", "collection_write", "other"]
FaultMode = Literal["before", "after_commit", "drop", "timeout"]

# Item properties that are not fields of a type.
_STRUCTURAL = frozenset(
    {
        "key",
        "version",
        "itemType",
        "creators",
        "tags",
        "collections",
        "relations",
        "dateAdded",
        "dateModified",
        "parentItem",
        "deleted",
    }
)


@dataclass(frozen=True)
class TypeSpec:
    """What the server accepts for one item type."""

    fields: frozenset[str]
    creator_types: frozenset[str]


def load_schema(path: str | Path) -> dict[str, TypeSpec]:
    """Item types, fields and creator types from a Zotero ``schema.json``."""
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    return {
        t["itemType"]: TypeSpec(
            frozenset(f["field"] for f in t["fields"]),
            frozenset(c["creatorType"] for c in t.get("creatorTypes", ())),
        )
        for t in raw["itemTypes"]
    }


@dataclass
class Fault:
    """Trouble to inject into the next ``times`` requests of a kind."""

    kind: Kind | Literal["write", "any"]
    status: int = 500
    headers: dict[str, str] = field(default_factory=dict)
    mode: FaultMode = "before"
    """``before``: reply ``status`` and do nothing; ``after_commit``: do the write, then reply
    ``status``; ``drop``: do the write, then close the connection with no reply; ``timeout``:
    do the write, then wait ``delay`` seconds before replying (the client has given up)."""
    delay: float = 0.0
    times: int = 1

    def matches(self, kind: Kind) -> bool:
        if self.times <= 0:
            return False
        if self.kind == "any":
            return True
        if self.kind == "write":
            return kind in ("item_write", "collection_write")
        return self.kind == kind


@dataclass
class _Reject:
    predicate: Callable[[dict[str, Any]], bool]
    code: int
    message: str


class _Reply(Exception):
    """Raised inside a handler to send an error status."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


class FakeZotero(LocalServer):
    """The fake server and its state. Use as a context manager, or call start()/stop()."""

    def __init__(
        self,
        *,
        api_key: str = "fake-key-0123456789abcdef",
        library_type: Literal["user", "group"] = "user",
        library_id: str = "475425",
        schema: Mapping[str, TypeSpec] | None = None,
        mount: str = "",
        max_write: int = MAX_WRITE,
    ) -> None:
        self.api_key = api_key
        self.max_write = max_write
        """Objects per write request above which the reply is 413 (the API's is 50)."""
        self.mount = mount.rstrip("/")
        """A path the API lives under (``/api``), as behind a reverse proxy."""
        self.library_type = library_type
        self.library_id = library_id
        self.prefix = f"/{library_type}s/{library_id}"
        self.schema = schema
        """When given, objects with a type, field or creator type not in it are ``failed``."""
        self.version = 0
        self.items: dict[str, dict[str, Any]] = {}
        self.collections: dict[str, dict[str, Any]] = {}
        self.tokens: set[str] = set()
        self.faults: list[Fault] = []
        self.rejects: list[_Reject] = []
        self.backoff_left: list[tuple[float, int]] = []
        self.hooks: list[tuple[Kind, Callable[[FakeZotero], None]]] = []
        self.counts: Counter[str] = Counter()
        """Requests by kind (``read``, ``item_write``, ``collection_write``, ``other``) and in
        all (``requests``), faulted ones included."""
        self.log: list[tuple[str, str, int]] = []
        """(method, path, status) of every request."""
        self._lock = threading.RLock()
        self._seq = 0

    # --- lifecycle -----------------------------------------------------------------------

    def handler_class(self) -> type[BaseHTTPRequestHandler]:
        return type("Handler", (_Handler,), {"fake": self})

    @property
    def url(self) -> str:
        """The base URL to give as ``BIBEXPORT_ZOTERO_URL``."""
        return f"http://127.0.0.1:{self.port}{self.mount}"

    # --- switches ------------------------------------------------------------------------

    def inject(
        self,
        kind: Kind | Literal["write", "any"],
        status: int = 500,
        *,
        headers: Mapping[str, str] | None = None,
        mode: FaultMode = "before",
        delay: float = 0.0,
        times: int = 1,
    ) -> Fault:
        """Make the next ``times`` requests of ``kind`` go wrong (see :class:`Fault`)."""
        fault = Fault(kind, status, dict(headers or {}), mode, delay, times)
        with self._lock:
            self.faults.append(fault)
        return fault

    def before_next(self, kind: Kind, action: Callable[[FakeZotero], None]) -> None:
        """Run ``action(fake)`` just before the next request of ``kind`` is handled, as if
        another client had changed the library in between (for real 412s)."""
        with self._lock:
            self.hooks.append((kind, action))

    def backoff(self, seconds: float, times: int = 1) -> None:
        """Send ``Backoff: seconds`` with the next ``times`` successful replies."""
        with self._lock:
            self.backoff_left.append((seconds, times))

    def reject(
        self,
        predicate: Callable[[dict[str, Any]], bool],
        *,
        code: int = 400,
        message: str = "rejected by the fake server",
    ) -> None:
        """Report every written object for which ``predicate(data)`` holds under ``failed``."""
        with self._lock:
            self.rejects.append(_Reject(predicate, code, message))

    # --- direct state access for tests ---------------------------------------------------

    def add_collection(self, name: str, parent: str | None = None) -> str:
        """Create a collection as another client would; returns its key."""
        with self._lock:
            self.version += 1
            key = self._new_key()
            self.collections[key] = self._collection_object(
                {"key": key, "name": name, "parentCollection": parent or False, "relations": {}}
            )
            return key

    def add_item(self, data: Mapping[str, Any]) -> str:
        """Create an item as another client would (no validation); returns its key."""
        with self._lock:
            self.version += 1
            key = str(data.get("key") or self._new_key())
            self.items[key] = self._item_object(key, dict(data))
            return key

    def item_data(self) -> list[dict[str, Any]]:
        """The ``data`` of every item in the library."""
        with self._lock:
            return [dict(o["data"]) for o in self.items.values()]

    def items_in(self, collection_key: str) -> list[dict[str, Any]]:
        with self._lock:
            return [
                dict(o["data"])
                for o in self.items.values()
                if collection_key in o["data"]["collections"]
            ]

    def collection_key(self, path: str) -> str | None:
        """The key of the collection at ``Parent/Child``, if there is exactly one."""
        parent: str | bool = False
        with self._lock:
            for name in path.split("/"):
                found = [
                    k
                    for k, c in self.collections.items()
                    if c["data"]["name"] == name and c["data"]["parentCollection"] == parent
                ]
                if len(found) != 1:
                    return None
                parent = found[0]
        return str(parent)

    # --- internals -----------------------------------------------------------------------

    def _new_key(self) -> str:
        # Deterministic and valid: keys only need to be unique within the library.
        while True:
            self._seq += 1
            n, out = self._seq, ""
            for _ in range(8):
                n, r = divmod(n, len(KEY_CHARS))
                out = KEY_CHARS[r] + out
            if out not in self.items and out not in self.collections:
                return out

    def _library(self) -> dict[str, Any]:
        return {"type": self.library_type, "id": int(self.library_id), "name": "fake", "links": {}}

    def _item_object(
        self, key: str, data: dict[str, Any], previous: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        now = _now()
        data = {"tags": [], "collections": [], "relations": {}, "creators": [], **data}
        data["key"] = key
        data["version"] = self.version
        data["dateAdded"] = previous["data"]["dateAdded"] if previous else now
        data["dateModified"] = now
        return {
            "key": key,
            "version": self.version,
            "library": self._library(),
            "links": {
                "self": {
                    "href": f"{self.mount}{self.prefix}/items/{key}",
                    "type": "application/json",
                }
            },
            "meta": {"numChildren": 0},
            "data": data,
            "_added": previous["_added"] if previous else self._bump_seq(),
        }

    def _collection_object(self, data: dict[str, Any]) -> dict[str, Any]:
        data = dict(data)
        data["version"] = self.version
        return {
            "key": data["key"],
            "version": self.version,
            "library": self._library(),
            "links": {},
            "meta": {"numCollections": 0, "numItems": 0},
            "data": data,
            "_added": self._bump_seq(),
        }

    def _bump_seq(self) -> int:
        self._seq += 1
        return self._seq

    def _take_fault(self, kind: Kind) -> Fault | None:
        with self._lock:
            for f in self.faults:
                if f.matches(kind):
                    f.times -= 1
                    return f
        return None

    def _take_backoff(self) -> float | None:
        with self._lock:
            if not self.backoff_left:
                return None
            seconds, times = self.backoff_left[0]
            if times <= 1:
                self.backoff_left.pop(0)
            else:
                self.backoff_left[0] = (seconds, times - 1)
            return seconds


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _kind(method: str, path: str) -> Kind:
    if method in ("GET", "HEAD"):
        return "read"
    parts = path.strip("/").split("/")
    if len(parts) >= 3 and parts[2] == "items":
        return "item_write"
    if len(parts) >= 3 and parts[2] == "collections":
        return "collection_write"
    return "other"


def _public(obj: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if not k.startswith("_")}


class _Handler(BaseHTTPRequestHandler):
    fake: FakeZotero
    protocol_version = "HTTP/1.1"
    # One write per reply: headers and body in separate segments meet the client's delayed
    # ACK (40 ms a request).
    wbufsize = 1 << 16

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output clean

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_PATCH(self) -> None:
        self._dispatch("PATCH")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    # --- plumbing ------------------------------------------------------------------------

    def _dispatch(self, method: str) -> None:
        fake = self.fake
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path = url.path
        if fake.mount:
            if not path.startswith(fake.mount + "/"):
                self._send(404, "Not found", {}, method=method, path=path)
                return
            path = path[len(fake.mount) :]
        path = path.rstrip("/") or "/"
        query = dict(parse_qsl(url.query))
        kind = _kind(method, path)
        with fake._lock:
            fake.counts["requests"] += 1
            fake.counts[kind] += 1
            hook = next((h for h in fake.hooks if h[0] == kind), None)
            if hook:
                fake.hooks.remove(hook)
                hook[1](fake)
        fault = fake._take_fault(kind)
        if fault and fault.mode == "before":
            self._send(fault.status, {"error": "injected"}, fault.headers, method=method, path=path)
            return
        try:
            status, payload, headers = self._route(method, path, query, body)
        except _Reply as r:
            status, payload, headers = r.status, r.message, r.headers
        if fault and fault.mode == "drop":
            with fake._lock:
                fake.log.append((method, path, 0))
            self.close_connection = True
            return
        if fault and fault.mode == "timeout":
            time.sleep(fault.delay)
        if fault and fault.mode == "after_commit":
            status, payload, headers = fault.status, "injected after commit", fault.headers
        if status < 400 and (backoff := fake._take_backoff()) is not None:
            headers = {**headers, "Backoff": f"{backoff:g}"}
        try:
            self._send(status, payload, headers, method=method, path=path)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout fault)

    def _send(
        self, status: int, payload: Any, headers: Mapping[str, str], *, method: str, path: str
    ) -> None:
        with self.fake._lock:
            self.fake.log.append((method, path, status))
            version = self.fake.version
        if status == 204 or status == 304:
            data, ctype = b"", None
        elif isinstance(payload, str):
            data, ctype = payload.encode(), "text/plain; charset=utf-8"
        else:
            data, ctype = json.dumps(payload).encode(), "application/json"
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Zotero-API-Version", "3")
        if "Last-Modified-Version" not in headers and status < 400:
            self.send_header("Last-Modified-Version", str(version))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        if data:
            self.wfile.write(data)
        self.wfile.flush()

    def _auth(self, query: Mapping[str, str]) -> None:
        given = None
        auth = self.headers.get("Authorization", "")
        if auth.startswith("Bearer "):
            given = auth[len("Bearer ") :]
        given = given or self.headers.get("Zotero-API-Key") or query.get("key")
        if given != self.fake.api_key:
            raise _Reply(403, "Forbidden")

    # --- routes --------------------------------------------------------------------------

    def _route(
        self, method: str, path: str, query: dict[str, str], body: bytes
    ) -> tuple[int, Any, dict[str, str]]:
        fake = self.fake
        self._auth(query)
        if not path.startswith(fake.prefix + "/") and path != fake.prefix:
            # A valid key without access to that library: Zotero says 403 too.
            raise _Reply(403, "Forbidden")
        rest = path[len(fake.prefix) :].strip("/").split("/")
        with fake._lock:
            if method == "GET":
                return self._read(rest, query)
            if method == "POST" and rest in (["items"], ["collections"]):
                return self._post(rest[0], body)
            if method == "PATCH" and len(rest) == 2 and rest[0] == "items":
                return self._patch(rest[1], body)
        raise _Reply(405 if rest and rest[0] in ("items", "collections") else 404, "Not found")

    def _read(self, rest: list[str], query: dict[str, str]) -> tuple[int, Any, dict[str, str]]:
        fake = self.fake
        ims = self.headers.get("If-Modified-Since-Version")
        if ims is not None and fake.version <= int(ims):
            return 304, None, {}
        objs: list[dict[str, Any]]
        match rest:
            case ["items"] | ["items", "top"]:
                objs = list(fake.items.values())
                if rest[-1] == "top":
                    objs = [o for o in objs if not o["data"].get("parentItem")]
            case ["items", key]:
                if key not in fake.items:
                    raise _Reply(404, "Item not found")
                return 200, _public(fake.items[key]), {}
            case ["collections"]:
                objs = list(fake.collections.values())
            case ["collections", "top"]:
                objs = [c for c in fake.collections.values() if not c["data"]["parentCollection"]]
            case ["collections", key]:
                if key not in fake.collections:
                    raise _Reply(404, "Collection not found")
                return 200, _public(fake.collections[key]), {}
            case ["collections", key, "collections"]:
                objs = [
                    c for c in fake.collections.values() if c["data"]["parentCollection"] == key
                ]
            case ["collections", key, "items"] | ["collections", key, "items", "top"]:
                if key not in fake.collections:
                    raise _Reply(404, "Collection not found")
                objs = [o for o in fake.items.values() if key in o["data"]["collections"]]
            case _:
                raise _Reply(404, "Not found")
        if not query.get("includeTrashed") in ("1", "true"):
            objs = [o for o in objs if not o["data"].get("deleted")]
        if "since" in query:
            objs = [o for o in objs if o["version"] > int(query["since"])]
        objs = self._sorted(objs, query)
        total = len(objs)
        start = int(query.get("start", 0))
        limit = min(int(query.get("limit", 25)), MAX_LIMIT)
        page = objs[start : start + limit]
        headers = {"Total-Results": str(total)}
        links = []
        if start + limit < total:
            links.append(f'<{self._link(query, start + limit, limit)}>; rel="next"')
            last = ((total - 1) // limit) * limit
            links.append(f'<{self._link(query, last, limit)}>; rel="last"')
        links.append('<https://www.zotero.org/fake>; rel="alternate"')
        headers["Link"] = ", ".join(links)
        if query.get("format") == "versions":
            return 200, {o["key"]: o["version"] for o in page}, headers
        if query.get("format") == "keys":
            return 200, "\n".join(o["key"] for o in page), headers
        return 200, [_public(o) for o in page], headers

    @staticmethod
    def _sorted(objs: list[dict[str, Any]], query: Mapping[str, str]) -> list[dict[str, Any]]:
        sort = query.get("sort", "dateModified")
        if sort == "dateAdded":
            key: Callable[[dict[str, Any]], Any] = lambda o: o["_added"]
            default_dir = "asc"
        elif sort == "title":
            key = lambda o: str(o["data"].get("title") or o["data"].get("name") or "")
            default_dir = "asc"
        else:  # dateModified, the API's default, newest first
            key = lambda o: (o["version"], o["_added"])
            default_dir = "desc"
        return sorted(objs, key=key, reverse=query.get("direction", default_dir) == "desc")

    def _link(self, query: Mapping[str, str], start: int, limit: int) -> str:
        q = {**query, "start": str(start), "limit": str(limit)}
        q.pop("key", None)
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}{urlsplit(self.path).path}?{urlencode(q)}"

    def _preconditions(self) -> None:
        fake = self.fake
        iusv = self.headers.get("If-Unmodified-Since-Version")
        if iusv is not None and fake.version > int(iusv):
            raise _Reply(
                412,
                f"Library has been modified since specified version "
                f"(expected {iusv}, found {fake.version})",
            )
        token = self.headers.get("Zotero-Write-Token")
        if token is not None and token in fake.tokens:
            raise _Reply(412, "Write token already used")

    def _post(self, what: str, body: bytes) -> tuple[int, Any, dict[str, str]]:
        fake = self.fake
        try:
            objects = json.loads(body or b"null")
        except ValueError:
            raise _Reply(400, "Invalid JSON") from None
        if not isinstance(objects, list):
            raise _Reply(400, "Uploaded data must be a JSON array")
        if len(objects) > fake.max_write:
            raise _Reply(413, f"Only {fake.max_write} objects can be saved in a single request")
        self._preconditions()
        versioned = self.headers.get("If-Unmodified-Since-Version") is not None
        new_version = fake.version + 1
        reply: dict[str, dict[str, Any]] = {
            "successful": {},
            "success": {},
            "unchanged": {},
            "failed": {},
        }
        changed = False
        store = fake.items if what == "items" else fake.collections
        for i, obj in enumerate(objects):
            idx = str(i)
            problem = self._check_item(obj) if what == "items" else self._check_collection(obj)
            key = obj.get("key") if isinstance(obj, dict) else None
            if problem:
                reply["failed"][idx] = {"key": key, "code": problem[0], "message": problem[1]}
                continue
            if key and key in store:
                current = store[key]
                if "version" in obj and int(obj["version"]) != current["version"]:
                    reply["failed"][idx] = {
                        "key": key,
                        "code": 412,
                        "message": f"Item has been modified since specified "
                        f"version (expected {obj['version']}, "
                        f"found {current['version']})",
                    }
                    continue
                if "version" not in obj and not versioned:
                    reply["failed"][idx] = {
                        "key": key,
                        "code": 428,
                        "message": "Either If-Unmodified-Since-Version or "
                        "object version must be provided for "
                        "key-based writes",
                    }
                    continue
                merged = {**current["data"], **{k: v for k, v in obj.items() if k != "version"}}
                if merged == current["data"]:
                    reply["unchanged"][idx] = key
                    continue
                data = merged
            else:
                key = key or fake._new_key()
                data = {k: v for k, v in obj.items() if k != "version"}
            fake.version = new_version
            changed = True
            if what == "items":
                saved = fake._item_object(key, data, store.get(key))
            else:
                saved = fake._collection_object(
                    {"relations": {}, "parentCollection": False, **data, "key": key}
                )
            store[key] = saved
            reply["successful"][idx] = _public(saved)
            reply["success"][idx] = key
        if changed:
            token = self.headers.get("Zotero-Write-Token")
            if token:
                fake.tokens.add(token)
        return 200, reply, {"Last-Modified-Version": str(fake.version)}

    def _patch(self, key: str, body: bytes) -> tuple[int, Any, dict[str, str]]:
        fake = self.fake
        if key not in fake.items:
            raise _Reply(404, "Item not found")
        try:
            changes = json.loads(body or b"null")
        except ValueError:
            raise _Reply(400, "Invalid JSON") from None
        if not isinstance(changes, dict):
            raise _Reply(400, "Uploaded data must be a JSON object")
        current = fake.items[key]
        given = self.headers.get("If-Unmodified-Since-Version", changes.get("version"))
        if given is None:
            raise _Reply(428, "If-Unmodified-Since-Version not provided")
        if int(given) != current["version"]:
            raise _Reply(
                412,
                f"Item has been modified since specified version "
                f"(expected {given}, found {current['version']})",
            )
        merged = {**current["data"], **{k: v for k, v in changes.items() if k != "version"}}
        problem = self._check_item(merged)
        if problem:
            raise _Reply(problem[0], problem[1])
        if merged != current["data"]:
            fake.version += 1
            fake.items[key] = fake._item_object(key, merged, current)
        return 204, None, {"Last-Modified-Version": str(fake.version)}

    # --- validation ----------------------------------------------------------------------

    def _check_item(self, obj: Any) -> tuple[int, str] | None:
        fake = self.fake
        if not isinstance(obj, dict):
            return 400, "Item must be an object"
        key = obj.get("key")
        if key is not None and not _KEY_RE.match(str(key)):
            return 400, f"'{key}' is not a valid item key"
        itype = obj.get("itemType")
        if key not in fake.items and not itype:
            return 400, "'itemType' property not provided"
        itype = itype or fake.items[key]["data"]["itemType"]
        for coll in obj.get("collections", ()):
            if coll not in fake.collections:
                return 409, f"Collection {coll} doesn't exist"
        for creator in obj.get("creators", ()):
            if not isinstance(creator, dict) or not (
                creator.get("name") or creator.get("lastName") or creator.get("firstName")
            ):
                return 400, "Creator must have a name or a first/last name"
            if "name" in creator and ("firstName" in creator or "lastName" in creator):
                return 400, "Creator cannot have both 'name' and 'firstName'/'lastName'"
        if fake.schema is not None:
            spec = fake.schema.get(itype)
            if spec is None:
                return 400, f"'{itype}' is not a valid itemType"
            for name in obj:
                if name not in _STRUCTURAL and name not in spec.fields:
                    return 400, f"'{name}' is not a valid field for type '{itype}'"
            for creator in obj.get("creators", ()):
                if creator.get("creatorType") not in spec.creator_types:
                    return 400, (
                        f"'{creator.get('creatorType')}' is not a valid creator type "
                        f"for item type '{itype}'"
                    )
        for rej in fake.rejects:
            if rej.predicate(obj):
                return rej.code, rej.message
        return None

    def _check_collection(self, obj: Any) -> tuple[int, str] | None:
        if not isinstance(obj, dict) or not str(obj.get("name") or "").strip():
            return 400, "Collection name cannot be empty"
        key = obj.get("key")
        if key is not None and not _KEY_RE.match(str(key)):
            return 400, f"'{key}' is not a valid collection key"
        parent = obj.get("parentCollection")
        if parent and parent not in self.fake.collections:
            return 409, f"Parent collection {parent} doesn't exist"
        return None
