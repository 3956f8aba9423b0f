"""The LaTeX codec: text → safe LaTeX for writers, LaTeX → text for the BibTeX reader.

Both directions live here so that a write/parse round trip gives back the same text.
"""

from __future__ import annotations

from pylatexenc.latex2text import LatexNodes2Text

from .text import collapse_ws

_L2T = LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True)


def latex_to_text(latex: str) -> str:
    """Decode a BibTeX field value (macros, braces) into plain Unicode text."""
    if "\\" not in latex and "{" not in latex and "$" not in latex and "~" not in latex:
        return collapse_ws(latex)
    try:
        return collapse_ws(_L2T.latex_to_text(latex))
    except Exception:  # pylatexenc is lenient, but never let one field stop a read
        return collapse_ws(latex.replace("{", "").replace("}", ""))
