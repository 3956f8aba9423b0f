"""Reader for AITopics author pages, as copied from the browser.

Layout: "Goto", "Collaborating Authors", the page owner as ``Family, Given``, then per paper
three paragraphs: the title, a short source line ("arXiv.org Artificial Intelligence",
"Neural Information Processing Systems") and the abstract. A paper is recognised by that
shape (short line, shorter line, prose), not by a list of known sources.

The page lists only its owner among the authors, so every record gets the owner as its one
known author with the list marked truncated.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, ClassVar

from ..model import Person, Record, Unparsed
from ..text import collapse_ws
from ..venues import guess_venue_kind
from ._common import CS_SUBJECTS, Line, build_record, join_lines, numbered_lines, paragraphs
from ._common import unparsed as make_unparsed

_CHROME = frozenset({"goto", "collaborating authors"})
_OWNER = re.compile(r"^(?P<family>[^\W\d_][^,]{0,60}),\s*(?P<given>[^\W\d_][^,]{0,60})$")
_ARXIV_SOURCE = re.compile(r"^arxiv(?:\.org)?(?:\s+(?P<subject>.+))?$", re.IGNORECASE)
# arXiv subject names as feeds print them ("Machine Learning") → category.
_SUBJECT_TO_CATEGORY = {name.lower(): f"cs.{code}" for code, name in CS_SUBJECTS.items()} | {
    "computer vision": "cs.CV",
    "computation and language (natural language processing)": "cs.CL",
    "natural language processing": "cs.CL",
    "machine learning (statistics)": "stat.ML",
    "statistics machine learning": "stat.ML",
}


class AitopicsReader:
    """AITopics author page → records with title, source (arXiv or venue), abstract."""

    name: ClassVar[str] = "aitopics"
    suffixes: ClassVar[tuple[str, ...]] = ()

    def sniff(self, text: str) -> float:
        """Sure when title/source/abstract triples follow the site's "Collaborating Authors"."""
        paras = paragraphs(numbered_lines(text))
        triples = [i for i in range(len(paras)) if _is_paper(paras, i)]
        if not triples:
            return 0.0
        chrome = any(len(p) == 1 and p[0].text.lower() in _CHROME for p in paras)
        on_arxiv = sum(1 for i in triples if _ARXIV_SOURCE.match(paras[i + 1][0].text))
        return 0.5 + (0.25 if chrome else 0.0) + 0.2 * on_arxiv / len(triples)

    def read(self, text: str, source: str) -> Iterable[Record | Unparsed]:
        """One record per title/source/abstract triple; chrome skipped; the rest reported."""
        paras = paragraphs(numbered_lines(text))
        out: list[Record | Unparsed] = []
        owner: tuple[Person, int] | None = None
        seen_paper = False
        i = 0
        while i < len(paras):
            if _is_paper(paras, i):
                out.append(self._paper(paras[i : i + 3], source, owner))
                seen_paper = True
                i += 3
                continue
            para = paras[i]
            i += 1
            if len(para) == 1 and para[0].text.lower() in _CHROME:
                continue
            if not seen_paper and owner is None and (who := _owner(para)):
                owner = (who, para[0].no)
                continue
            out.append(make_unparsed(source, self.name, para, "not a title/source/abstract"))
        return out

    def _paper(
        self, paras: list[list[Line]], source: str, owner: tuple[Person, int] | None
    ) -> Record:
        title, where, abstract = paras
        fields: dict[str, Any] = {"title": join_lines(title), "abstract": join_lines(abstract)}
        at = {"title": title[0].no, "abstract": abstract[0].no}
        if owner is not None:
            fields["authors"] = (owner[0],)
            fields["authors_truncated"] = True
            at["authors"] = owner[1]
        src = collapse_ws(where[0].text)
        if m := _ARXIV_SOURCE.match(src):
            fields["on_arxiv"] = True
            at["on_arxiv"] = where[0].no
            subject = (m.group("subject") or "").lower()
            if cat := _SUBJECT_TO_CATEGORY.get(subject):
                fields["categories"] = (cat,)
                at["categories"] = where[0].no
        else:
            fields["venue"] = src
            fields["venue_kind"] = guess_venue_kind(src)
            at["venue"] = where[0].no
        return build_record(source, self.name, title[0].no, fields, at)


def _is_paper(paras: list[list[Line]], i: int) -> bool:
    if i + 2 >= len(paras):
        return False
    title, where, abstract = paras[i], paras[i + 1], paras[i + 2]
    return _is_title(title) and _is_source(where) and _is_abstract(abstract)


def _is_title(para: list[Line]) -> bool:
    text = para[0].text
    return (
        len(para) == 1
        and 1 <= len(text.split()) <= 40
        and text.lower() not in _CHROME
        and not text.endswith(".")
    )


def _is_source(para: list[Line]) -> bool:
    """A short name: a few words, no sentence, not an abstract."""
    text = para[0].text
    if len(para) != 1 or text.lower() in _CHROME or text.endswith((".", ":", "?", "!")):
        return False
    if not (len(text.split()) <= 10 and len(text) <= 100):
        return False
    return text[0].isupper() or text.lower().startswith("arxiv")


def _is_abstract(para: list[Line]) -> bool:
    """Prose: a long first line, and many words or a closing full stop."""
    words = len(join_lines(para).split())
    if len(para[0].text.split()) < 8:
        return False
    return words >= 25 or para[-1].text.endswith((".", "!", "?", ")"))


def _owner(para: list[Line]) -> Person | None:
    """The page owner, written ``Family, Given``."""
    if len(para) != 1:
        return None
    m = _OWNER.match(collapse_ws(para[0].text))
    if not m or len(para[0].text.split()) > 6:
        return None
    return Person(family=m.group("family").strip(), given=m.group("given").strip())
