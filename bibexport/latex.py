"""The LaTeX codec: text → safe LaTeX for writers, LaTeX → text for the BibTeX reader.

Both directions live here so that a write/parse round trip gives back the same text:
``latex_to_text(text_to_latex(t)) == collapse_ws(t)`` for any printable text.

Encoding is hand-written around pylatexenc's ``latexencode`` (which knows the macros for
non-ASCII characters) because the safety rules are ours: scraped text must never close a
BibTeX field, start a LaTeX command, or unbalance braces — even ``\\{`` counts as a brace to
BibTeX, so literal braces become ``\\textbraceleft{}``/``\\textbraceright{}``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pylatexenc.latex2text import (
    LatexNodes2Text,
    MacroTextSpec,
    SpecialsTextSpec,
    get_default_latex_context_db,
)
from pylatexenc.latexencode import UnicodeToLatexEncoder

from .text import collapse_ws

# --- decoding -------------------------------------------------------------------------------

# Overrides of pylatexenc's defaults so that every escape text_to_latex emits decodes back to
# the character it stands for (pylatexenc maps \textasciicircum to U+02C6, drops
# \textbraceleft, and wraps \url in angle brackets), plus a few macros common in .bib files.
_DECODE_OVERRIDES = [
    MacroTextSpec("textbraceleft", "{"),
    MacroTextSpec("textbraceright", "}"),
    MacroTextSpec("textbackslash", "\\"),
    MacroTextSpec("textasciicircum", "^"),
    MacroTextSpec("textasciitilde", "~"),
    MacroTextSpec("textless", "<"),
    MacroTextSpec("textgreater", ">"),
    MacroTextSpec("textbar", "|"),
    MacroTextSpec("url", "%s"),
    MacroTextSpec("mbox", "%s"),
    MacroTextSpec("LaTeX", "LaTeX"),
    MacroTextSpec("TeX", "TeX"),
]


def _decode_context():  # type: ignore[no-untyped-def]
    db = get_default_latex_context_db()
    # A raw & in a .bib field (wrong for LaTeX, common in the wild) still means "and".
    specials = [SpecialsTextSpec("&", "&")]
    db.add_context_category("bibexport", macros=_DECODE_OVERRIDES, specials=specials, prepend=True)
    return db


# A raw % in a .bib field is a literal percent for BibTeX, not the start of a TeX comment.
_RAW_PERCENT = re.compile(r"(?<!\\)%")


_L2T = LatexNodes2Text(
    latex_context=_decode_context(), math_mode="verbatim", strict_latex_spaces=True
)


def latex_to_text(latex: str) -> str:
    """Decode a BibTeX field value (macros, braces) into plain Unicode text.

    Inline maths is kept verbatim (``$\\alpha$``), whitespace is collapsed.
    """
    if not any(c in latex for c in "\\{}$~%&") and not any(lig in latex for lig in _LIGATURES):
        return collapse_ws(latex)
    try:
        return collapse_ws(_L2T.latex_to_text(_RAW_PERCENT.sub(r"\\%", latex)))
    except Exception:  # noqa: BLE001 -- pylatexenc is lenient, but never let one field stop a read
        return collapse_ws(latex.replace("{", "").replace("}", ""))


# --- encoding -------------------------------------------------------------------------------

_TEXT_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
# Pairs TeX turns into one glyph (en dash, curly quotes, inverted marks): a {} between them
# keeps the characters as typed, in print and on decoding.
_LIGATURES = frozenset({"--", "``", "''", "?`", "!`"})

_ENCODER = UnicodeToLatexEncoder(
    non_ascii_only=True,
    replacement_latex_protection="none",
    unknown_char_policy="keep",
    unknown_char_warning=False,
)
# `\={u}` → `\=u`: the classic BibTeX special-character form `{\=u}`.
_SYMBOL_ACCENT = re.compile(r"^(\\[^a-zA-Z])\{([a-zA-Z])\}$")


# Dashes and double quotes as the TeX ligatures people type (pages = {1--10}).
_PREFERRED = {"\u2013": "--", "\u2014": "---", "\u201c": "``", "\u201d": "''"}


@lru_cache(maxsize=4096)
def _encode_non_ascii(char: str) -> str:
    """One non-ASCII character as LaTeX, or itself if no encoding decodes back to it."""
    if char in _PREFERRED:
        return _PREFERRED[char]
    latex = _ENCODER.unicode_to_latex(char)
    if latex == char or not latex.startswith("\\"):
        return char
    latex = "{" + _SYMBOL_ACCENT.sub(r"\1\2", latex) + "}"
    # Keep the character as UTF-8 unless the macro is an exact inverse (ligatures such as ﬁ,
    # soft hyphens and lone combining marks are not).
    return latex if latex_to_text(latex) == char else char


def _is_dropped(char: str) -> bool:
    # Control characters have no business in a bibliography and can break TeX's input.
    return unicodedata.category(char) == "Cc"


# Characters that need nothing: ASCII, not special to TeX, and unable to form a ligature
# with the character before them (`-`, backquote and `'` are left to the careful path).
_PLAIN_CHARS = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 \t\n!\"()*+,./:;<=>?@[]|"
)
_RUNS = re.compile(r"[A-Za-z0-9 \t\n!\"()*+,./:;<=>?@\[\]|]+|.", re.DOTALL)


def _escape(text: str, unicode: bool) -> str:
    """Text with every TeX-special character escaped (no whitespace handling)."""
    out: list[str] = []
    for run in _RUNS.findall(text):
        if run[0] in _PLAIN_CHARS:  # a whole run of plain characters: as it is
            out.append(run)
            continue
        c = run
        if _is_dropped(c):
            continue
        if c in _TEXT_ESCAPES:
            piece = _TEXT_ESCAPES[c]
        elif c.isascii() or unicode:
            piece = c
        else:
            piece = _encode_non_ascii(c)
        if out and out[-1][-1] + piece[0] in _LIGATURES:
            out.append("{}")
        out.append(piece)
    return "".join(out)


def _needs_case_protection(word: str) -> bool:
    """True for acronyms, mixed-case words and lone capitals (AI, LLMs, GPT-4, XLNet, iPhone,
    Q-learning, C#, Llama-2) — not for title-case compounds (Chain-of-Thought)."""
    letters = [c for c in word if c.isalpha()]
    if letters and letters[0].isupper() and any(c.isdigit() for c in word):
        return True  # T5, Llama-2
    for part in re.split(r"[-/]", word):
        chars = [c for c in part if c.isalpha()]
        if any(c.isupper() for c in chars[1:]):
            return True
        if len(chars) == 1 and chars[0].isupper() and chars[0] != "A":
            return True  # C#, Part B, what I learned ("A" is mostly the article)
    return False


_TRAILING_PUNCT = re.compile(r"[.,:;!?]+$")


def _encode_words(text: str, unicode: bool, protect_case: bool) -> str:
    if not protect_case:
        return _escape(text, unicode)
    out: list[str] = []
    for piece in re.split(r"( )", text):
        if piece == " " or not _needs_case_protection(piece):
            out.append(_escape(piece, unicode))
            continue
        core = _TRAILING_PUNCT.sub("", piece)
        tail = piece[len(core) :]
        out.append("{" + _escape(core, unicode) + "}" + _escape(tail, unicode))
    return "".join(out)


# Pandoc's rule for inline maths: the opening $ is followed by a non-space, the closing $ is
# preceded by a non-space and not followed by a digit ("$5 and $10" is not maths).
_MATH_SPAN = re.compile(r"\$([^$\s](?:[^$]*[^$\s])?)\$(?!\d)")

# Commands allowed inside inline maths (MATH_COMMANDS): only harmless symbols that LaTeX itself
# defines (no amsmath/amssymb), so that a bibliography compiles with any preamble.
_MATH_COMMAND_NAMES = """
    alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu
    xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega
    Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega
    leftarrow rightarrow leftrightarrow Leftarrow Rightarrow Leftrightarrow to gets mapsto
    longleftarrow longrightarrow longleftrightarrow Longleftarrow Longrightarrow
    Longleftrightarrow uparrow downarrow updownarrow hookrightarrow hookleftarrow
    rightleftharpoons leadsto
    leq le geq ge neq ne approx sim simeq cong equiv propto ll gg prec succ preceq succeq
    subset subseteq supset supseteq in notin ni perp parallel mid models vdash
    times cdot pm mp div ast star circ bullet cup cap wedge vee oplus otimes setminus
    neg lnot land lor forall exists emptyset infty partial nabla ell hbar prime
    ldots cdots dots vdots ddots langle rangle lfloor rfloor lceil rceil
    sum prod int oint bigcup bigcap
    log ln exp sin cos tan max min sup inf lim arg det dim ker Pr
    sqrt frac hat bar tilde vec dot ddot widehat widetilde overline underline
    mathcal mathbf mathrm mathit mathsf mathtt
"""
MATH_COMMANDS = frozenset(_MATH_COMMAND_NAMES.split())
_MATH_TOKEN = re.compile(r"\\([a-zA-Z]+|[,;:! {}|])|([A-Za-z0-9\s+\-*/=<>()\[\]|.,;:!?'^_{}])")


def is_safe_math(content: str) -> bool:
    """True when ``content`` (between ``$``) is harmless maths that can be kept as maths."""
    pos = 0
    tex_depth = 0  # groups as TeX sees them
    bib_depth = 0  # braces as BibTeX counts them (it ignores backslashes)
    while pos < len(content):
        m = _MATH_TOKEN.match(content, pos)
        if m is None:
            return False
        cmd, char = m.group(1), m.group(2)
        if cmd is not None:
            if cmd.isalpha() and cmd not in MATH_COMMANDS:
                return False
            if cmd in "{}":
                bib_depth += 1 if cmd == "{" else -1
        elif char in "{}":
            delta = 1 if char == "{" else -1
            tex_depth += delta
            bib_depth += delta
        if tex_depth < 0 or bib_depth < 0:
            return False
        pos = m.end()
    if tex_depth or bib_depth:
        return False
    # ^^xx is TeX's notation for any character (^^5c is a backslash): never allowed.
    return "^^" not in content and not re.search(r"[\^_](\s*[}]|\s*$)", content)


def text_to_latex(
    text: str, *, unicode: bool = False, protect_case: bool = False, math: bool = False
) -> str:
    """Plain text as a LaTeX field value that is safe inside BibTeX braces.

    ``unicode`` keeps non-ASCII as UTF-8 instead of macros; ``protect_case`` braces acronyms
    and mixed-case words (titles); ``math`` keeps ``$…$`` spans made only of whitelisted
    commands (:data:`MATH_COMMANDS`) as maths — anything else is escaped as text.
    Whitespace is collapsed.
    """
    text = collapse_ws(text)
    if not math:
        return _encode_words(text, unicode, protect_case)
    out: list[str] = []
    done = 0  # text[:done] is encoded
    search_from = 0
    while m := _MATH_SPAN.search(text, search_from):
        if not is_safe_math(m.group(1)):
            # Its closing $ may still open a good span: "$\input$ and $x$".
            search_from = m.start() + 1
            continue
        out.append(_encode_words(text[done : m.start()], unicode, protect_case))
        # BibTeX would lower-case letters in maths too ($\Sigma$ → $\sigma$): protect it.
        out.append("{" + m.group(0) + "}" if protect_case else m.group(0))
        done = search_from = m.end()
    out.append(_encode_words(text[done:], unicode, protect_case))
    return "".join(out)
