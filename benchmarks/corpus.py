"""A generated corpus of realistic posts for the speed benchmarks.

Posts mix paragraphs of the demo corpus (real Amnesty prose) with sentences built from templates
that name many countries, people, organisations and date styles, so the extractors meet the
density of dates and places of real rights reporting. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from etl.demo import DEMO_CORPUS
from etl.schema import RawArticle

COUNTRIES = [
    "Egypt", "Iran", "Tunisia", "Sudan", "South Sudan", "Niger", "Nigeria", "Myanmar", "Russia",
    "Ukraine", "Belarus", "Hungary", "Turkey", "Georgia", "Mexico", "Colombia", "Brazil",
    "Venezuela", "the Democratic Republic of the Congo", "Ethiopia", "Uganda", "Kenya", "India",
    "Pakistan", "Bangladesh", "China", "Hong Kong", "the Philippines", "Saudi Arabia",
    "the United Arab Emirates", "Israel", "the Occupied Palestinian Territory", "Syria",
    "Lebanon", "Greece", "Italy", "the United Kingdom", "the USA", "Papua New Guinea",
    "Dominican Republic", "Côte d’Ivoire", "Burma", "Kosovo", "Czechia", "Chad", "Jordan",
]
DEMONYMS = ["Egyptian", "Iranian", "Tunisian", "Sudanese", "Nigerian", "Russian", "Belarusian",
            "Hungarian", "Turkish", "Mexican", "Ethiopian", "Ugandan", "Indian", "Chinese",
            "Saudi", "Israeli", "Palestinian", "Syrian", "Greek", "British", "Congolese"]
CITIES = ["Cairo", "Tehran", "Tunis", "Khartoum", "Lagos", "Moscow", "Kyiv", "Minsk",
          "Budapest", "Istanbul", "Mexico City", "Bogotá", "Addis Ababa", "Kampala", "Nairobi",
          "New Delhi", "Dhaka", "Beijing", "Riyadh", "Gaza City", "Damascus", "Athens"]
ACTS = [
    "security forces arrested at least {n} protesters",
    "a court sentenced the journalist {name} to {n} years in prison",
    "parliament adopted a law restricting the work of NGOs",
    "police used tear gas and live ammunition against peaceful demonstrators",
    "the authorities blocked access to social media platforms",
    "a military court acquitted {n} officers accused of torture",
    "the government announced a new counter-terrorism strategy",
    "{n} families were forcibly evicted from their homes",
    "human rights defender {name} was released after {n} months in detention",
    "Amnesty International called for an independent investigation",
    "the UN Special Rapporteur urged the authorities to lift the ban",
    "spyware was used to target lawyers and activists",
]
NAMES = ["Alaa Abd El-Fattah", "Narges Mohammadi", "Michael Jordan", "Chad Smith",
         "Ahmed Mansoor", "Maria Ressa", "Ales Bialiatski", "Osman Kavala", "Stella Nyanzi"]


_DATE_STYLES = (
    lambda day: f"on {day.day} {day:%B} {day.year}",
    lambda day: f"on {day:%B} {day.day}, {day.year}",
    lambda day: f"in {day:%B} {day.year}",
    lambda day: f"in {day.year}",
    lambda day: f"on {day.day} {day:%B}",
    lambda day: f"between {day:%B} and {day.day} {day:%B} {day.year}",
    lambda day: f"since mid-{day.year}",
    lambda day: "two weeks later",
    lambda day: "on Tuesday",
)


def _date_text(rng: random.Random, published: date) -> str:
    day = published - timedelta(days=rng.randint(1, 2000))
    return rng.choice(_DATE_STYLES)(day)


def _sentence(rng: random.Random, published: date) -> str:
    act = rng.choice(ACTS).format(n=rng.randint(2, 2700), name=rng.choice(NAMES))
    place = rng.choice(
        [f"in {rng.choice(COUNTRIES)}", f"in {rng.choice(CITIES)}", ""]
    )
    opener = rng.choice(["", f"{rng.choice(DEMONYMS)} authorities said that ", "Reportedly, "])
    text = f"{opener}{_date_text(rng, published)}, {act} {place}".replace(" ,", ",")
    return text[0].upper() + text[1:].rstrip() + "."


def _seed_paragraphs() -> list[str]:
    text = DEMO_CORPUS.read_text(encoding="utf-8")
    return [
        p.strip() for p in text.split("\n\n")
        if len(p.strip()) > 80 and not p.strip().startswith("The post ")
    ]


def make_corpus(target_bytes: int, seed: int = 7) -> list[RawArticle]:
    rng = random.Random(seed)
    paragraphs = _seed_paragraphs()
    articles: list[RawArticle] = []
    size = 0
    while size < target_bytes:
        published = date(2025, 11, 15) - timedelta(days=rng.randint(0, 900))
        country = rng.choice(COUNTRIES).removeprefix("the ")
        body: list[str] = []
        for _ in range(rng.randint(6, 14)):
            # One paragraph in four is made of template sentences, each with a date: about twice
            # the density of dates in the demo corpus (the benchmark prints both).
            if rng.random() < 0.75:
                body.append(rng.choice(paragraphs))
            else:
                body.append(" ".join(_sentence(rng, published) for _ in range(rng.randint(1, 3))))
        text = "\n\n".join(body)
        title = f"{country}: {rng.choice(ACTS).format(n=3, name=rng.choice(NAMES))}"
        articles.append(
            RawArticle(title=title, text=text, origin=f"generated#{len(articles)}",
                       url=f"https://example.org/news/{len(articles)}",
                       source="Generated", published=published)
        )
        size += len(text.encode("utf-8"))
    return articles


def as_feed_dump(articles: list[RawArticle]) -> str:
    """The corpus in the plain-text feed-dump format of data/demo (no dates)."""
    posts = (
        f"{a.title}\n\n{a.text}\n\nThe post {a.title} appeared first on {a.source}."
        for a in articles
    )
    return "\n\n".join(posts) + "\n"
