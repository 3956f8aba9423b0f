"""Plugin protocols (Reader, Enricher, Writer, Sink) and one registry over entry points.

Built-in plugins register through entry points exactly like third-party ones
(``pyproject.toml``: groups ``bibexport.readers``, ``bibexport.enrichers``,
``bibexport.writers``, ``bibexport.sinks``). A registry is an object, not module state, so a
test can build a fresh one and :meth:`Registry.add` its own plugins.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from importlib.metadata import EntryPoint, entry_points
from typing import Any, ClassVar, Protocol, runtime_checkable

from .errors import PluginError
from .model import Record, Report, Unparsed, WriteOptions


@runtime_checkable
class Reader(Protocol):
    """Turns the text of one input into records and unparsed chunks."""

    name: ClassVar[str]
    suffixes: ClassVar[tuple[str, ...]]
    """File suffixes this reader claims outright (``.bib``); may be empty."""

    def sniff(self, text: str) -> float:
        """How sure (0..1) this reader is that ``text`` is its format."""
        ...

    def read(self, text: str, source: str) -> Iterable[Record | Unparsed]:
        """Records and unparsed chunks; never raises on one bad chunk."""
        ...


@runtime_checkable
class Enricher(Protocol):
    """Completes records from an outside service; batched; returns new records."""

    name: ClassVar[str]

    def enrich(self, records: Sequence[Record], report: Report) -> list[Record]: ...


@runtime_checkable
class Writer(Protocol):
    """Turns records into the text of one output file."""

    name: ClassVar[str]
    suffix: ClassVar[str]

    def write(self, records: Sequence[Record], options: WriteOptions) -> str: ...


@runtime_checkable
class Sink(Protocol):
    """Pushes records to a service (Zotero); the outcome goes in the report."""

    name: ClassVar[str]

    def push(self, records: Sequence[Record], report: Report, *, dry_run: bool = False) -> None: ...


GROUPS: dict[str, type] = {
    "readers": Reader,
    "enrichers": Enricher,
    "writers": Writer,
    "sinks": Sink,
}


class Registry:
    """Plugins by role and name: entry points, plus any added by hand (tests, scripts)."""

    def __init__(self, eps: Iterable[EntryPoint] | None = None) -> None:
        self._eps: dict[str, dict[str, EntryPoint]] = {g: {} for g in GROUPS}
        self._loaded: dict[tuple[str, str], Any] = {}
        for ep in eps or ():
            role = ep.group.removeprefix("bibexport.")
            if role in self._eps:
                self._eps[role][ep.name] = ep

    @classmethod
    def from_entry_points(cls) -> Registry:
        """A registry of every installed plugin (built-in and third-party)."""
        eps = [ep for g in GROUPS for ep in entry_points(group=f"bibexport.{g}")]
        return cls(eps)

    def add(self, role: str, name: str, plugin: Any) -> None:
        """Register a plugin class (or factory) by hand."""
        self._check_role(role)
        self._loaded[(role, name)] = plugin
        self._eps[role].pop(name, None)

    def names(self, role: str) -> list[str]:
        self._check_role(role)
        return sorted({n for r, n in self._loaded if r == role} | set(self._eps[role]))

    def load(self, role: str, name: str) -> Any:
        """The plugin class registered as ``name``; a clear :class:`PluginError` otherwise."""
        self._check_role(role)
        if (role, name) in self._loaded:
            return self._loaded[(role, name)]
        ep = self._eps[role].get(name)
        if ep is None:
            known = ", ".join(self.names(role)) or "none"
            raise PluginError(f"no {role[:-1]} plugin named {name!r} (installed: {known})")
        try:
            plugin = ep.load()
        except Exception as exc:  # any import failure of third-party code
            raise PluginError(
                f"{role[:-1]} plugin {name!r} ({ep.value}) failed to load: "
                f"{type(exc).__name__}: {exc}"
            ) from exc
        if plugin is None:
            raise PluginError(f"{role[:-1]} plugin {name!r} ({ep.value}) loaded as None")
        self._loaded[(role, name)] = plugin
        return plugin

    def create(self, role: str, name: str, **kwargs: Any) -> Any:
        """Load and instantiate a plugin, checking it against its protocol."""
        cls = self.load(role, name)
        try:
            obj = cls(**kwargs)
        except TypeError as exc:
            raise PluginError(f"{role[:-1]} plugin {name!r} could not be created: {exc}") from exc
        proto = GROUPS[role]
        if not isinstance(obj, proto):
            raise PluginError(f"{role[:-1]} plugin {name!r} does not implement {proto.__name__}")
        return obj

    def readers(self) -> list[Reader]:
        return [self.create("readers", n) for n in self.names("readers")]

    def _check_role(self, role: str) -> None:
        if role not in GROUPS:
            raise PluginError(f"unknown plugin role {role!r} (one of {', '.join(GROUPS)})")
