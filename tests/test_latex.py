"""The LaTeX codec: escaping, case protection, safe maths, and the exact round trip."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bibexport.latex import MATH_COMMANDS, is_safe_math, latex_to_text, text_to_latex
from bibexport.text import collapse_ws

# Control words text_to_latex may emit for ASCII input outside maths.
_ESCAPE_WORDS = {
    "textbackslash",
    "textbraceleft",
    "textbraceright",
    "textasciitilde",
    "textasciicircum",
}


def _bibtex_balanced(latex: str) -> bool:
    """Braces balanced as BibTeX counts them: every brace, escaped or not."""
    depth = 0
    for c in latex:
        depth += (c == "{") - (c == "}")
        if depth < 0:
            return False
    return depth == 0


def _control_words(latex: str) -> set[str]:
    return set(re.findall(r"\\([A-Za-z]+)", latex))


# --- non-ASCII ------------------------------------------------------------------------------


def test_non_ascii_name_becomes_braced_bibtex_special_characters() -> None:
    assert text_to_latex("Lukošiūtė") == r"Luko{\v{s}}i{\=u}t{\.e}"


def test_unicode_option_keeps_utf8() -> None:
    assert text_to_latex("Lukošiūtė – Ω", unicode=True) == "Lukošiūtė – Ω"


def test_character_without_macro_stays_utf8() -> None:
    assert text_to_latex("中文") == "中文"


def test_dashes_and_double_quotes_become_tex_ligatures() -> None:
    assert text_to_latex("pp. 1–10 — “quoted”") == "pp. 1--10 --- ``quoted''"


def test_typed_double_hyphen_stays_two_hyphens() -> None:
    encoded = text_to_latex("a--b ``c'' ?`")
    assert encoded == "a-{}-b `{}`c'{}' ?{}`"
    assert latex_to_text(encoded) == "a--b ``c'' ?`"


# --- escaping and injection -----------------------------------------------------------------


def test_tex_special_characters_are_escaped() -> None:
    assert text_to_latex("50% & $5 #1 a_b ~ ^") == (
        r"50\% \& \$5 \#1 a\_b \textasciitilde{} \textasciicircum{}"
    )


@pytest.mark.parametrize(
    "attack",
    [
        "}",
        "} , note = {pwned",
        r"\input{/etc/passwd}",
        r"\write18{rm -rf ~}",
        r"\immediate\write18{rm -rf /}",
        r"\def\x{y}\x",
        r"\csname foo\endcsname",
        "{{{ unbalanced",
        "unbalanced }}}",
        r"\catcode`\@=11",
        "^^5cinput{x}",
    ],
)
@pytest.mark.parametrize("math", [False, True])
def test_injection_attempt_is_inert_text(attack: str, math: bool) -> None:
    for text in (attack, f"${attack}$", f"a ${attack}$ b $x$"):
        encoded = text_to_latex(text, math=math, protect_case=True)
        assert _bibtex_balanced(encoded)
        words = _control_words(encoded) - _ESCAPE_WORDS - (MATH_COMMANDS if math else set())
        assert words == set(), encoded
        assert latex_to_text(encoded) == collapse_ws(text)


def test_closing_brace_cannot_end_the_field() -> None:
    encoded = text_to_latex("x} , author = {Evil")
    assert "}" not in encoded.replace(r"\textbraceright{}", "").replace(r"\textbraceleft{}", "")


def test_control_characters_are_dropped() -> None:
    assert text_to_latex("a\x00b\x07c") == "abc"


# --- case protection ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "protected"),
    [
        ("AI", "{AI}"),
        ("RLHF", "{RLHF}"),
        ("LLMs", "{LLMs}"),
        ("GPT-4", "{GPT-4}"),
        ("CoT", "{CoT}"),
        ("XLNet", "{XLNet}"),
        ("LLaMA", "{LLaMA}"),
        ("P(IK)?", "{P(IK)}?"),
        ("T5", "{T5}"),
        ("Q-learning", "{Q-learning}"),
        ("iPhone", "{iPhone}"),
        ("(RLHF),", "{(RLHF)},"),
        ("C#", "{C\\#}"),
        ("Llama-2", "{Llama-2}"),
        ("XLNet-based", "{XLNet-based}"),
        ("I", "{I}"),
    ],
)
def test_acronyms_and_mixed_case_words_are_brace_protected(word: str, protected: str) -> None:
    assert text_to_latex(f"Training with {word}", protect_case=True) == f"Training with {protected}"


@pytest.mark.parametrize(
    "title",
    [
        "Training Language Models",
        "A Study of the Brain",
        "Émile",
        "Is A Better",
        "Measuring Chain-of-Thought Faithfulness",
        "Model-Written Evaluations",
    ],
)
def test_ordinary_capitalised_words_are_not_protected(title: str) -> None:
    assert "{" not in text_to_latex(title, protect_case=True, unicode=True)


def test_case_protection_off_by_default() -> None:
    assert text_to_latex("Constitutional AI") == "Constitutional AI"


# --- maths ----------------------------------------------------------------------------------


def test_whitelisted_inline_maths_is_kept() -> None:
    text = r"maps $x \leftrightarrow y$ with $\{0,1\}^n$ and $\mathcal{O}(n^{2})$"
    assert text_to_latex(text, math=True) == text


def test_maths_is_escaped_without_math_option() -> None:
    assert text_to_latex(r"$\alpha$") == r"\$\textbackslash{}alpha\$"


def test_maths_in_title_is_brace_protected() -> None:
    assert text_to_latex(r"$\Sigma$-nets", math=True, protect_case=True) == r"{$\Sigma$}-nets"


def test_dollar_amounts_are_not_maths() -> None:
    assert text_to_latex("costs $5 and $10", math=True) == r"costs \$5 and \$10"


@pytest.mark.parametrize(
    "content",
    [
        r"\input{x}",
        r"\def\x{}",
        "}{",
        "a}",
        r"\{",
        "^^5c",
        "x^",
        "50%",
        "a#b",
        "a&b",
        r"\alphabet",
        "α",
        "\\",
    ],
)
def test_unsafe_maths_is_escaped_as_text(content: str) -> None:
    assert not is_safe_math(content)
    encoded = text_to_latex(f"see ${content}$ here", math=True)
    assert "$" not in encoded.replace(r"\$", "")
    assert latex_to_text(encoded) == f"see ${content}$ here"


def test_a_rejected_span_does_not_hide_a_good_one() -> None:
    assert text_to_latex(r"$\input$ and $x$", math=True) == r"\$\textbackslash{}input\$ and $x$"


# --- decoding -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"Luko{\v{s}}i{\=u}t{\.e}", "Lukošiūtė"),
        (r"{\"o}", "ö"),
        (r"\'{e}", "é"),
        (r"Constitutional {AI}", "Constitutional AI"),
        (r"\url{https://x.org/a_b}", "https://x.org/a_b"),
        (r"\mbox{GPT}-4", "GPT-4"),
        ("a\n  b", "a b"),
        (r"\textasciicircum{}", "^"),
        (r"$\alpha$", r"$\alpha$"),
        ("Q&A with 50% more", "Q&A with 50% more"),
    ],
)
def test_latex_to_text_decodes_bibtex_values(latex: str, text: str) -> None:
    assert latex_to_text(latex) == text


# --- round trip -----------------------------------------------------------------------------

_PIECES = st.one_of(
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=8),
    st.sampled_from(
        list("&%$#_{}~^\\-`'?!\" ") + [r"$\alpha$", "$x^2$", "AI", "–", "é", r"\input{x}", "--"]
    ),
)
_TEXT = st.lists(_PIECES, max_size=12).map("".join)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(_TEXT, st.booleans(), st.booleans(), st.booleans())
def test_round_trip_gives_back_the_text(
    text: str, unicode: bool, protect_case: bool, math: bool
) -> None:
    encoded = text_to_latex(text, unicode=unicode, protect_case=protect_case, math=math)
    assert latex_to_text(encoded) == collapse_ws(text)
    assert _bibtex_balanced(encoded)


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(min_codepoint=32, max_codepoint=126)), st.booleans())
def test_ascii_text_only_yields_known_control_words(text: str, math: bool) -> None:
    encoded = text_to_latex(text, math=math, protect_case=True)
    allowed = _ESCAPE_WORDS | (MATH_COMMANDS if math else set())
    assert _control_words(encoded) <= allowed
