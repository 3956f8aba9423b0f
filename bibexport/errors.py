"""One error tree. Everything bibexport raises on purpose is a :class:`BibexportError`.

The CLI prints ``str(error)`` as one line and exits non-zero; no traceback reaches the user.
Messages never contain secrets (API keys are not even passed to the constructors).
"""

from __future__ import annotations


class BibexportError(Exception):
    """Base of every error bibexport raises on purpose."""


class ReadError(BibexportError):
    """An input could not be read at all (missing, binary, empty). Names the file and line."""

    def __init__(self, file: str, message: str, line: int | None = None) -> None:
        self.file = file
        self.line = line
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message}")


class PluginError(BibexportError):
    """A plugin could not be found or loaded, or does not fit its protocol."""


class EnrichError(BibexportError):
    """An enricher failed in a way that cannot degrade to the records as they were."""


class NetworkUnavailable(EnrichError):
    """The service could not be reached at all: the run goes on offline."""


class ExportError(BibexportError):
    """Output could not be produced or written."""


class SinkError(ExportError):
    """A sink (Zotero) refused or failed the push."""


class AuthError(SinkError):
    """The service refused the credentials. The message never contains the key."""
