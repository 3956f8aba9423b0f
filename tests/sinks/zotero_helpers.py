"""Helpers for the Zotero sink tests and bench: 23 varied records, synthetic records, the
schema when available, a recording sleep."""

from __future__ import annotations

from pathlib import Path

from fake_zotero import TypeSpec, load_schema

from bibexport.model import PartialDate, Person, Record, Source, make_record

SCHEMA_PATH = Path(__file__).resolve().parents[2].parent / "shared" / "zotero" / "schema.json"


def zotero_schema() -> dict[str, TypeSpec] | None:
    """Zotero's schema (v41) when ../shared is there, else None."""
    return load_schema(SCHEMA_PATH) if SCHEMA_PATH.is_file() else None


class Sleeps(list[float]):
    """Records the sleeps asked for; a clock that moves only when "slept"."""

    now = 1000.0

    def __call__(self, seconds: float) -> None:
        self.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now


SRC = Source("test.txt", 1, "test")


def rec(**fields: object) -> Record:
    return make_record(SRC, **fields)


def varied_records() -> list[Record]:
    """23 records of every shape the sink meets: arXiv papers (new and old ids, with and
    without categories), papers with a venue, .bib entry types, organisations, accents,
    truncated author lists, a key from the user's .bib, listing records with no id."""
    p = Person
    return [
        rec(
            title="Constitutional AI: Harmlessness from AI Feedback",
            arxiv_id="2212.08073",
            authors=(p("Bai", "Yuntao"), p("Kadavath", "Saurav")),
            authors_truncated=True,
            date=PartialDate(2022, 12, 15),
            categories=("cs.CL", "cs.AI"),
            abstract="As AI systems become more capable, we would like to enlist their help.",
        ),
        rec(
            title="Language Models (Mostly) Know What They Know",
            arxiv_id="2207.05221",
            authors=(p("Kadavath", "Saurav"),),
            date=PartialDate(2022, 7, 11),
            categories=("cs.CL",),
            comment="23+17 pages",
        ),
        rec(
            title="Toy Models of Superposition",
            arxiv_id="2209.10652",
            authors=(p("Elhage", "Nelson"),),
            date=PartialDate(2022, 9, 21),
        ),
        rec(
            title="Noncommutative geometry and matrix theory",
            arxiv_id="hep-th/9711162",
            authors=(p("Connes", "Alain"), p("Douglas", "Michael R.")),
            date=PartialDate(1997, 11, 21),
            categories=("hep-th",),
        ),
        rec(
            title="Knots and quantum groups",
            arxiv_id="math.GT/0309136",
            authors=(p("Doe", "John"),),
            date=PartialDate(2003, 9),
        ),
        rec(
            title="GPT-4 Technical Report",
            arxiv_id="2303.08774",
            authors=(p("OpenAI", literal=True),),
            date=PartialDate(2023, 3, 15),
            categories=("cs.CL", "cs.AI"),
        ),
        rec(
            title="Discovering Latent Knowledge in Language Models Without Supervision",
            arxiv_id="2212.03827",
            authors=(p("Burns", "Collin"),),
            date=PartialDate(2022, 12, 7),
            venue="International Conference on Learning Representations",
            venue_kind="proceedings",
            categories=("cs.CL",),
        ),
        rec(
            title="Deep learning",
            doi="10.1038/nature14539",
            venue="Nature",
            venue_kind="journal",
            authors=(p("LeCun", "Yann"), p("Bengio", "Yoshua")),
            date=PartialDate(2015, 5, 28),
            extra=(("volume", "521"), ("pages", "436--444")),
        ),
        rec(
            title="Attention Is All You Need",
            venue="Advances in Neural Information Processing Systems",
            authors=(p("Vaswani", "Ashish"),),
            date=PartialDate(2017),
        ),
        rec(
            title="A Mathematical Theory of Communication",
            venue="Bell System Technical Journal",
            authors=(p("Shannon", "Claude E."),),
            date=PartialDate(1948),
            doi="10.1002/j.1538-7305.1948.tb01338.x",
        ),
        rec(
            title="Pattern Recognition and Machine Learning",
            entry_type="book",
            authors=(p("Bishop", "Christopher M."),),
            date=PartialDate(2006),
            extra=(("publisher", "Springer"), ("isbn", "978-0-387-31073-2")),
        ),
        rec(
            title="Learning Deep Architectures",
            entry_type="phdthesis",
            authors=(p("Lukošiūtė", "Kamilė"),),
            date=PartialDate(2019),
            extra=(("school", "Vilniaus universitetas"),),
        ),
        rec(
            title="The AI Index 2021 Annual Report",
            entry_type="techreport",
            authors=(p("Zhang", "Daniel"),),
            date=PartialDate(2021),
            extra=(("institution", "Stanford HAI"), ("number", "2021-1")),
        ),
        rec(
            title="Notes on a neglected problem", entry_type="misc", authors=(p("Tolstoy", "Lev"),)
        ),
        rec(
            title="The Illustrated Transformer",
            entry_type="online",
            authors=(p("Alammar", "Jay"),),
            url="https://jalammar.github.io/illustrated-transformer/",
        ),
        rec(
            title="Unfinished Draft on Alignment",
            entry_type="unpublished",
            authors=(p("Christiano", "Paul"),),
            date=PartialDate(2018),
        ),
        rec(
            title="Chapter on Kernels",
            entry_type="incollection",
            venue="Handbook of Learning",
            authors=(p("Schölkopf", "Bernhard"),),
            date=PartialDate(2002),
        ),
        rec(
            title="Specific versus General Principles for Constitutional AI",
            on_arxiv=True,
            authors=(p("Kundu", "Sandipan"),),
            authors_truncated=True,
            date=PartialDate(2023, 10, 20),
            categories=("cs.CL",),
        ),
        rec(
            title="Measuring Faithfulness in Chain-of-Thought Reasoning",
            on_arxiv=True,
            authors=(p("Lanham", "Tamera"),),
            date=PartialDate(2023, 7, 17, inferred=True),
        ),
        rec(
            title="Scaling Laws for Neural Language Models",
            categories=("cs.LG",),
            authors=(p("Kaplan", "Jared"),),
            date=PartialDate(2020, 1, 23),
        ),
        rec(
            arxiv_id="2202.07785",
            date=PartialDate(2022, 2, 15),
            abstract="A title-less record, as an abstract dump gives it.",
        ),
        rec(
            title="An Entry With The User's Own Key",
            key="myOwnKey2020",
            entry_type="article",
            venue="Journal of Things",
            authors=(p("Smith", "Ann"),),
            date=PartialDate(2020),
            extra=(("number", "4"), ("issn", "1234-5678")),
        ),
        rec(
            title="Quantum Field Theory & the {Standard} Model: $\\alpha$ < 1",
            arxiv_id="1501.00001",
            authors=(p("García-López", "José"), p("ATLAS Collaboration", literal=True)),
            date=PartialDate(2015, 1, 1),
            doi="10.1103/physrevd.91.000001",
            categories=("hep-ph", "hep-ex"),
        ),
    ]


def synthetic(n: int, offset: int = 0) -> list[Record]:
    """``n`` distinct arXiv preprints (for counts)."""
    out = []
    for i in range(offset, offset + n):
        out.append(
            rec(
                title=f"Synthetic Paper Number {i} on Scaling",
                arxiv_id=f"2401.{i:05d}",
                authors=(Person(f"Author{i % 97}", "Some"),),
                date=PartialDate(2024, 1, 1 + i % 28),
                categories=("cs.LG",),
            )
        )
    return out
