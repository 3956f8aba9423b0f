"""Text normalisation shared by merge, enrichers and sinks (never used for output)."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")
_LATEX_CMD = re.compile(r"\\[a-zA-Z]+\s*|[{}\\]")


def ascii_fold(text: str) -> str:
    """``Lukošiūtė`` → ``Lukosiute``: decompose and drop combining marks; keep other ASCII."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    # Letters with no decomposition (ø, ł, ß, æ …).
    return folded.translate(_EXTRA_FOLD).encode("ascii", "ignore").decode("ascii")


_EXTRA_FOLD = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "þ": "th",
        "ı": "i",
    }
)


def normalize_title(title: str) -> str:
    """Lower-case ASCII words separated by single spaces; braces and LaTeX commands removed."""
    t = _LATEX_CMD.sub(" ", title)
    t = ascii_fold(t).lower()
    return " ".join(_NON_WORD.sub(" ", t).split())


def normalize_name(name: str) -> str:
    """A family name for comparison: folded, lower-case, letters only."""
    return _NON_WORD.sub("", ascii_fold(name).lower())


def collapse_ws(text: str) -> str:
    """Runs of whitespace (including newlines) become one space; ends stripped."""
    return " ".join(text.split())
