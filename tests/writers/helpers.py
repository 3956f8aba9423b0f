"""Records for writer tests, built directly (no reader involved)."""

from __future__ import annotations

from bibexport.model import PartialDate, Person, Record, Source, make_record

SRC = Source("test.txt", 1, "test")


def preprint(**fields: object) -> Record:
    """An arXiv preprint like the enricher gives; ``fields`` override."""
    base: dict[str, object] = {
        "title": "Constitutional AI: Harmlessness from AI Feedback",
        "authors": (Person("Bai", "Yuntao"), Person("Kadavath", "Saurav")),
        "date": PartialDate(2022, 12, 15),
        "arxiv_id": "2212.08073",
        "categories": ("cs.CL", "cs.AI"),
        "abstract": "As AI systems become more capable, we would like to enlist their help.",
        "comment": "34 pages",
    }
    base.update(fields)
    return make_record(SRC, **base)
