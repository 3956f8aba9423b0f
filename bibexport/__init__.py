"""bibexport: scraped paper listings, arXiv ids and old .bib files → clean BibTeX or Zotero.

The flow: ``read`` (readers) → ``merge`` → ``enrich`` (arXiv) → ``write`` (BibTeX, CSL-JSON)
or ``push`` (Zotero). Every stage takes and gives :class:`Record` objects.
"""

from __future__ import annotations

from .errors import (
    AuthError,
    BibexportError,
    EnrichError,
    ExportError,
    NetworkUnavailable,
    PluginError,
    ReadError,
    SinkError,
)
from .model import PartialDate, Person, Record, Report, Source, Unparsed, WriteOptions
from .plugins import Registry

__all__ = [
    "AuthError",
    "BibexportError",
    "EnrichError",
    "ExportError",
    "NetworkUnavailable",
    "PartialDate",
    "Person",
    "PluginError",
    "ReadError",
    "Record",
    "Registry",
    "Report",
    "SinkError",
    "Source",
    "Unparsed",
    "WriteOptions",
]
__version__ = "0.1.0"
