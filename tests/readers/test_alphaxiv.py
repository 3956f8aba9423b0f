"""The alphaXiv reader: category+date header, title run into authors, abstract."""

from __future__ import annotations

import datetime as dt

import pytest

from bibexport.model import PartialDate, Person
from bibexport.readers.alphaxiv import AlphaxivReader, category_for, split_title_authors

from .helpers import by_title, line_of, page_text, seed_text, split

TODAY = dt.date(2025, 6, 1)


def read(text: str, source: str = "page.txt") -> tuple[list, list]:
    return split(AlphaxivReader(today=TODAY).read(text, source))


def test_seed_002_gives_four_records_and_nothing_unparsed() -> None:
    records, chunks = read(seed_text("002"))
    assert len(records) == 4
    assert chunks == []
    hh = records[0]
    assert hh.title == (
        "Training a Helpful and Harmless Assistant with Reinforcement Learning from Human Feedback"
    )
    assert hh.authors == (
        Person("Bai", "Yuntao"),
        Person("Jones", "Andy"),
        Person("Ndousse", "Kamal"),
    )
    assert hh.authors_truncated
    assert hh.date == PartialDate(2022, 4, 12)
    assert hh.categories == ("cs.CL",)
    assert hh.on_arxiv


def test_seed_003_gives_nineteen_records_and_nothing_unparsed() -> None:
    text = seed_text("003")
    records, chunks = read(text)
    assert len(records) == 19
    assert chunks == []
    titles = by_title(records)
    oversight = titles["Measuring Progress on Scalable Oversight for Large Language Models"]
    assert oversight.categories == ("cs.HC",)
    assert oversight.authors[0] == Person("Bowman", "Samuel R.")
    red = titles[
        "Red Teaming Language Models to Reduce Harms: Methods, Scaling Behaviors, and Lessons Learned"
    ]
    assert red.authors[0] == Person("Ganguli", "Deep")
    assert red.sources[0].line == line_of(text, "CLAug 23, 2022")
    assert red.origin("title").line == red.sources[0].line + 1
    assert red.origin("abstract").line == red.sources[0].line + 2


def test_org_tag_is_dropped_and_untagged_lines_still_split() -> None:
    records, _ = read(seed_text("003"))
    titles = by_title(records)
    toy = titles["Toy Models of Superposition"]
    assert [p.family for p in toy.authors] == ["Elhage", "Hume", "Olsson"]
    assert all("openai" not in p.display for p in toy.authors)
    mono = titles["Scaling Monosemanticity: Extracting Interpretable Features from Claude 3 Sonnet"]
    assert mono.authors[0] == Person("Templeton", "Adly")


def test_date_without_year_is_the_latest_before_today_and_marked_inferred() -> None:
    records, _ = read(seed_text("003"))
    mono = records[1]
    assert mono.date == PartialDate(2025, 5, 28, inferred=True)
    emotion = by_title(records)["Emotion Concepts and their Function in a Large Language Model"]
    assert emotion.date == PartialDate(2025, 4, 9, inferred=True)


def test_date_later_in_the_year_than_today_goes_to_last_year() -> None:
    records, _ = split(AlphaxivReader(today=dt.date(2025, 5, 1)).read(seed_text("003"), "p"))
    assert records[1].date == PartialDate(2024, 5, 28, inferred=True)


def test_leap_day_without_year_goes_back_to_a_leap_year() -> None:
    records, _ = read(page_text("alphaxiv_mixed.txt"))
    attacks = records[-1]
    assert attacks.title == "Attacks on Learned Indexes: A Survey of Threats"
    assert attacks.date == PartialDate(2024, 2, 29, inferred=True)


@pytest.mark.parametrize(
    ("line", "title", "authors"),
    [
        (
            "Aligning Chatbots with RLHFYuntao Bai, Andy Jones",
            "Aligning Chatbots with RLHF",
            [Person("Bai", "Yuntao"), Person("Jones", "Andy")],
        ),
        (
            "Sparks of Reasoning in GPT-4Sébastien Bubeck, Varun Chandrasekaran",
            "Sparks of Reasoning in GPT-4",
            [Person("Bubeck", "Sébastien"), Person("Chandrasekaran", "Varun")],
        ),
        (
            "Benchmarks Made Easy 2Ada Lovelace, Alan Turing",
            "Benchmarks Made Easy 2",
            [Person("Lovelace", "Ada"), Person("Turing", "Alan")],
        ),
        (
            "Robots (Mostly) Obey RulesKaren Smith, John Doe",
            "Robots (Mostly) Obey Rules",
            [Person("Smith", "Karen"), Person("Doe", "John")],
        ),
        (
            "Sparse Probes: A Study of FeaturesSam McCandlish, Nova DasSarma",
            "Sparse Probes: A Study of Features",
            [Person("McCandlish", "Sam"), Person("DasSarma", "Nova")],
        ),
        (
            "Chain-of-Thought Is Not EnoughNova DasSarma, Sheer El Showk",
            "Chain-of-Thought Is Not Enough",
            [Person("DasSarma", "Nova"), Person("El Showk", "Sheer")],
        ),
        (
            "Learning to Summarize from Human FeedbackOpenAI",
            "Learning to Summarize from Human Feedback",
            [Person("OpenAI", literal=True)],
        ),
        (
            "Safety Cases for RLHFAnthropic",
            "Safety Cases for RLHF",
            [Person("Anthropic", literal=True)],
        ),
        (
            "Attacks on Learned Indexes: A Survey of ThreatsDeAndre Jordan, Aoife O'Brien",
            "Attacks on Learned Indexes: A Survey of Threats",
            [Person("Jordan", "DeAndre"), Person("O'Brien", "Aoife")],
        ),
        (
            "Is Attention Enough?Jean-Baptiste Martin, Yann LeCun",
            "Is Attention Enough?",
            [Person("Martin", "Jean-Baptiste"), Person("LeCun", "Yann")],
        ),
    ],
)
def test_title_is_split_from_the_authors(line: str, title: str, authors: list[Person]) -> None:
    parts = split_title_authors(line)
    assert parts is not None
    assert parts.title == title
    assert list(parts.authors) == authors
    assert not parts.truncated


def test_one_word_author_after_the_first_is_a_literal_name() -> None:
    parts = split_title_authors("Models of MindsAda Lovelace, Anthropic, Alan Turing")
    assert parts is not None
    assert parts.title == "Models of Minds"
    assert parts.authors == (
        Person("Lovelace", "Ada"),
        Person("Anthropic", literal=True),
        Person("Turing", "Alan"),
    )


def test_et_al_marks_the_author_list_truncated_and_tag_is_dropped() -> None:
    parts = split_title_authors("Deep Nets for BirdsMary Major, John Minor et al. · mit, cmu")
    assert parts is not None
    assert parts.title == "Deep Nets for Birds"
    assert [p.family for p in parts.authors] == ["Major", "Minor"]
    assert parts.truncated


def test_line_with_no_author_list_does_not_split() -> None:
    assert split_title_authors("just some lower case words") is None
    assert split_title_authors("") is None


@pytest.mark.parametrize(
    ("code", "category"),
    [
        ("CL", "cs.CL"),
        ("LG", "cs.LG"),
        ("AI", "cs.AI"),
        ("HC", "cs.HC"),
        ("CV", "cs.CV"),
        ("RO", "cs.RO"),
        ("ML", "stat.ML"),
        ("QX", None),
    ],
)
def test_header_code_maps_to_an_arxiv_category(code: str, category: str | None) -> None:
    assert category_for(code) == category


def test_own_page_reads_every_paper_and_reports_the_stray_lines() -> None:
    text = page_text("alphaxiv_mixed.txt")
    records, chunks = read(text)
    assert [r.title for r in records] == [
        "Deep Residual Learning for Image Recognition",
        "Scaling Preference Models with RLHF",
        "GPT-4 Technical Report",
        "Benchmarks for GPT-4",
        "Transformers Are (Mostly) Linear",
        "Attacks on Learned Indexes: A Survey of Threats",
    ]
    assert len(chunks) == 1
    assert chunks[0].source.line == line_of(text, "Load more papers")
    assert "Sign in" in chunks[0].text


def test_own_page_fields() -> None:
    records, _ = read(page_text("alphaxiv_mixed.txt"))
    resnet, prefs, gpt4, bench, linear, _attacks = records
    assert resnet.categories == ("cs.CV",)
    assert resnet.date == PartialDate(2015, 12, 10)
    assert prefs.date == PartialDate(2025, 3, 3, inferred=True)
    assert prefs.authors[0] == Person("Alayrac", "Jean-Baptiste")
    assert gpt4.authors == (Person("OpenAI", literal=True),)
    assert not gpt4.authors_truncated
    assert bench.categories == ("stat.ML",)
    assert bench.authors == (Person("LeCun", "Yann"), Person("El Showk", "Sheer"))
    assert linear.categories == ()  # unknown code: no category, record kept
    assert linear.authors[0] == Person("Garcia-Lopez", "Maria")


def test_header_whose_title_line_will_not_split_is_unparsed() -> None:
    text = "CLApr 12, 2022\nno capital letters here at all\nAn abstract.\n"
    records, chunks = read(text)
    assert records == []
    assert len(chunks) == 1
    assert chunks[0].source.line == 1
