"""Real TeX: the writer's output goes through latex + bibtex (plain, plainnat) and latex + biber.

:func:`compile_with` is meant for reuse (golden outputs of the seeds): it compiles a .bib with
one style in a temporary directory and fails with the relevant log lines on any error or
warning.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from bibexport.model import PartialDate, Person, Record, WriteOptions, make_record
from bibexport.writers.bibtex import BibtexWriter

from .helpers import SRC, preprint

TOOLS = ("latex", "bibtex", "biber")
needs_tex = pytest.mark.skipif(
    any(shutil.which(t) is None for t in TOOLS), reason="needs latex, bibtex and biber"
)
pytestmark = [pytest.mark.tex, needs_tex]

_PREAMBLES = {
    "plain": r"\usepackage{url}",
    "plainnat": r"\usepackage{url}\usepackage[numbers]{natbib}",
    "biblatex": r"\usepackage[backend=biber]{biblatex}\addbibresource{refs.bib}",
}
# Every bibtex warning fails, except those saying a record lacks data (a scraped record with
# no date gets "empty year" from natbib styles): that is the input, not the writer.
_BIBTEX_BAD = re.compile(
    r"Warning--(?!empty \w+ in |to sort, need )|error message|I didn't find|I couldn't open",
    re.IGNORECASE,
)
_LATEX_BAD = re.compile(
    r"^!|LaTeX Error|Citation .* undefined|There were undefined references|Please \(re\)run"
    r"|Please rerun|Missing character|Unicode character .* not set up",
    re.MULTILINE,
)
_BIBER_BAD = re.compile(r"\b(ERROR|WARN)\b")


def _run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cmd, cwd=cwd, capture_output=True, text=True, errors="replace", timeout=180, check=False
    )


def _check(done: subprocess.CompletedProcess[str], log: Path, bad: re.Pattern[str]) -> None:
    text = log.read_text(errors="replace") if log.exists() else ""
    hits = [line for line in text.splitlines() if bad.search(line)]
    assert done.returncode == 0 and not hits, (
        f"{' '.join(done.args)} exited {done.returncode}\n"
        + "\n".join(hits[:20])
        + f"\n--- stdout tail ---\n{done.stdout[-2000:]}"
    )


def compile_with(bib_text: str, style: str, tmp_path: Path) -> None:
    """Compile ``bib_text`` (``\\nocite{*}``) with a BibTeX style (``plain``, ``plainnat``, any
    .bst name) or ``biblatex`` (biber); AssertionError with the offending log lines on any
    error or warning from latex, bibtex or biber.
    """
    work = tmp_path / f"tex-{style}"
    work.mkdir(parents=True, exist_ok=True)
    (work / "refs.bib").write_text(bib_text, encoding="utf-8")
    biblatex = style == "biblatex"
    preamble = _PREAMBLES.get(style, r"\usepackage{url}\usepackage{natbib}")
    body = (
        r"\printbibliography"
        if biblatex
        else f"\\bibliographystyle{{{style}}}\\bibliography{{refs}}"
    )
    (work / "doc.tex").write_text(
        "\\documentclass{article}\n"
        f"{preamble}\n"
        "\\begin{document}\n"
        "\\nocite{*}\n"
        f"{body}\n"
        "\\end{document}\n",
        encoding="utf-8",
    )
    latex = ["latex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"]
    first = _run(latex, work)
    assert first.returncode == 0, first.stdout[-3000:]
    if biblatex:
        _check(_run(["biber", "doc"], work), work / "doc.blg", _BIBER_BAD)
    else:
        _check(_run(["bibtex", "doc"], work), work / "doc.blg", _BIBTEX_BAD)
    _run(latex, work)
    _check(_run(latex, work), work / "doc.log", _LATEX_BAD)
    bbl = (work / "doc.bbl").read_text(errors="replace")
    assert bbl.count(r"\bibitem" if not biblatex else r"\entry{") == _count_entries(bib_text)


def _count_entries(bib_text: str) -> int:
    return len(
        re.findall(r"^@(?!string|preamble|comment)\w+\{", bib_text, re.MULTILINE | re.IGNORECASE)
    )


def varied_records() -> list[Record]:
    """A dozen records that exercise every escape the writer makes."""
    evil = r"\input{/etc/passwd} \write18{rm -rf ~} \def\x{y} \csname relax\endcsname } {"
    return [
        preprint(
            authors_truncated=True,
            abstract=r"We show $x \leftrightarrow y$ and $\{0,1\}^n$ for $n \geq 2$.",
        ),
        preprint(
            title="Measuring Faithfulness in Chain-of-Thought Reasoning with LLMs and RLHF",
            authors=(
                Person("Lanham", "Tamera"),
                Person("Lukošiūtė", "Kamilė"),
                Person("Müller", "Jörg"),
                Person("Ødegård", "Søren"),
            ),
            arxiv_id="2307.13702",
            comment="10 pages, 5 figures; v2: 50% more",
        ),
        make_record(
            SRC,
            title="GPT-4 Technical Report",
            authors=(Person("OpenAI", literal=True),),
            date=PartialDate(2023, 3, 15),
            arxiv_id="2303.08774",
            categories=("cs.CL",),
        ),
        preprint(
            title="Attention Is All You Need",
            venue="Advances in Neural Information Processing Systems",
            venue_kind="proceedings",
            arxiv_id="1706.03762",
            doi="10.1007/978-3-319-10590-1_53",
        ),
        preprint(
            title="Human-level control through deep RL",
            venue="Nature",
            venue_kind="journal",
            doi="10.1038/nature14236",
            arxiv_id=None,
        ),
        preprint(
            title="50% of C# & R_1 {braces} ~ ^ \\ costs $5 -- “quoted” — P(IK)?",
            abstract=f"Evil: {evil} and ${evil}$ and $x^^5c$.",
            comment=evil,
            arxiv_id="2207.05221",
        ),
        make_record(
            SRC,
            title="The Large N Limit of Superconformal Field Theories and Supergravity",
            authors=(Person("Maldacena", "Juan"),),
            date=PartialDate(1997, 11),
            arxiv_id="hep-th/9711200",
            categories=("hep-th",),
        ),
        make_record(
            SRC,
            title="A Blog Post about XLNet",
            authors=(Person("Doe", "Jane"),),
            url="https://example.org/a_b/post%20one?x=1&y=2#frag~1",
        ),
        preprint(
            title="On $\\Sigma$-nets and α-divergences",
            authors=(
                Person("van der Berg", "Jan"),
                Person("King Jr.", "Martin Luther"),
                Person("Le Cun"),
                Person("Barnes and Noble", literal=True),
            ),
            arxiv_id="2101.00001",
        ),
        preprint(
            title="A Technical Report",
            entry_type="techreport",
            key="User:Key-1",
            venue=None,
            arxiv_id=None,
            extra=(("institution", "Anthropic"), ("number", "TR-7"), ("pages", "1--10")),
        ),
        preprint(
            title="Scaling Laws for Neural Language Models",
            arxiv_id="2001.08361",
            authors=(Person("Kaplan", "Jared"),),
            date=PartialDate(2020, 1, 23),
        ),
        preprint(
            title="Scaling Laws for Autoregressive Generative Modeling",
            arxiv_id="2010.14701",
            authors=(Person("Kaplan", "Jared"),),
            date=PartialDate(2020, 10, 28),
            updated=PartialDate(2021, 1, 2),
        ),
    ]


def _bib(options: WriteOptions) -> str:
    return BibtexWriter().write(varied_records(), options)


@pytest.mark.parametrize("style", ["plain", "plainnat"])
def test_bibtex_styles_compile_without_errors_or_warnings(style: str, tmp_path: Path) -> None:
    compile_with(_bib(WriteOptions()), style, tmp_path)


def test_biblatex_with_biber_compiles_without_errors_or_warnings(tmp_path: Path) -> None:
    compile_with(_bib(WriteOptions(style="biblatex")), "biblatex", tmp_path)


def test_unicode_output_compiles_with_pdflatex_utf8(tmp_path: Path) -> None:
    # Greek letters in text need a Greek font under pdfLaTeX: --unicode is for Latin scripts.
    records = [r.evolve(title=(r.title or "").replace("α", "alpha")) for r in varied_records()]
    text = BibtexWriter().write(records, WriteOptions(unicode=True))
    assert "Lukošiūtė" in text
    compile_with(text, "plainnat", tmp_path)
    compile_with(
        BibtexWriter().write(records, WriteOptions(unicode=True, style="biblatex")),
        "biblatex",
        tmp_path,
    )


def test_compile_with_reports_a_broken_bib(tmp_path: Path) -> None:
    broken = "@misc{x,\n  title = {Unbalanced {brace},\n  year = {2020}\n}\n"
    with pytest.raises(AssertionError):
        compile_with(broken, "plain", tmp_path)
