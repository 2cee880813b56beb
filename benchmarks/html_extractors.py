"""The atlas's own page reader (etl/sources/html_page.py) beside trafilatura, on the fixture
pages: which takes the article's text and metadata better, and how fast.

    pip install -e '.[bench]'          # trafilatura, only for this comparison
    python -m benchmarks.html_extractors

Per page and in total: paragraphs of the article found (of those a reader would call the
article), boilerplate snippets let through (cookie banners, share boxes, related links,
bylines, sidebars, footers), metadata right (title, canonical URL, publication date, site
name; a field the page does not give is not scored), and milliseconds per page.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

try:
    import trafilatura
except ImportError:
    sys.exit("trafilatura is not installed: pip install -e '.[bench]'")

from etl.sources.html_page import read_html_page
from etl.sources.text_io import one_line

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "fixtures"
# The fetch fixtures link to the test site as `{base}`: scored as served from a real address.
SITE = "https://rights.example.org"


@dataclass(frozen=True)
class Page:
    path: str
    paragraphs: tuple[str, ...]
    boilerplate: tuple[str, ...]
    title: str
    url: str | None
    published: date | None  # None: the page's date is ambiguous, not scored
    site: str | None


@dataclass(frozen=True)
class Extracted:
    text: str
    title: str | None
    url: str | None
    published: date | None
    site: str | None


CASES = (
    Page("sources/pages/article.html",
         ("Riot police beat and detained at least 40 protesters in Tbilisi on 14 November 2025.",
          "Among those detained was the opposition leader, who was released the next day. "
          "Lawyers said their clients were denied access to counsel.",
          "“We were kicked while we lay on the ground,” one protester said.",
          "The authorities must release everyone detained for peaceful protest."),
         ("We use cookies", "Share on X", "Related", "Foreign agents law", "Most read",
          "Subscribe to our newsletter", "All rights reserved", "By Nino K.", "Tags:"),
         "Georgia: Protesters beaten and detained in Tbilisi",
         "https://rights.example.org/georgia-protesters", date(2025, 11, 15), "Rights Watchdog"),
    Page("sources/pages/div_soup.htm",
         ("A court in Minsk sentenced the activist to 10 years on 12 November 2025.",
          "She had been held in pre-trial detention since her arrest in March 2024, when police "
          "searched her flat.",
          "Her lawyer said the verdict would be appealed."),
         ("Latest from the blog", "Contact us at", "About"),
         "Belarus: Activist sentenced", None, None, None),
    Page("sources/page.html",
         ("A military court in Yangon sentenced three activists on 1 June 2025.",
          "They were arrested in February 2024."),
         ("We use cookies", "Share on X", "Related: other stories", "© 2025"),
         "Myanmar: Junta jails activists", "https://example.org/myanmar", date(2025, 6, 2), None),
    Page("fetch/pages/chad.html",
         ("Floods displaced more than 3,000 people in N'Djamena in August 2025.",
          "On 10 November 2025, the authorities evicted families from a camp for displaced "
          "people."),
         ("By A. Researcher", "Share on X", "Related content", "Chad: Drought", "Most read",
          "newsletter", "© 2025"),
         "Chad: Floods displace thousands", f"{SITE}/pages/chad.html", date(2025, 11, 17),
         "Rights Watchdog"),
    Page("fetch/pages/press_release.html",
         ("GENEVA (12 November 2025) – A UN expert today expressed alarm at reports that armed "
          "groups killed dozens of civilians in El Fasher, North Darfur, between 26 and 28 "
          "October 2025.",
          "“Civilians, including children, were shot while trying to flee the city,” the "
          "Independent Expert on the situation of human rights in the Sudan said.",
          "Since April 2023, the conflict has displaced more than 12 million people. The expert "
          "called on all parties to allow humanitarian access and to protect civilians.",
          "The expert will present a report to the Human Rights Council in March 2026."),
         ("Skip to main content", "Français", "Press releases", "Special Procedures",
          "Media contacts", "press office", "Tags", "About us", "Privacy notice",
          "All rights reserved"),
         "Sudan: UN expert alarmed by attacks on civilians in El Fasher",
         "https://rights-office.example.org/en/press-releases/2025/11/sudan-el-fasher",
         date(2025, 11, 12), "Human Rights Office"),
)


def atlas_reader(html: str) -> Extracted:
    [article] = read_html_page(Path("page.html"), html).articles
    return Extracted(article.text, article.title, article.url, article.published, article.source)


def trafilatura_reader(html: str) -> Extracted:
    document = trafilatura.bare_extraction(html, with_metadata=True)
    published = date.fromisoformat(document.date) if document.date else None
    return Extracted(document.text or "", document.title, document.url, published,
                     document.sitename)


def score(page: Page, found: Extracted) -> tuple[int, int, int, int]:
    """(paragraphs found, boilerplate let through, metadata right, metadata scored)."""
    text = one_line(found.text)
    paragraphs = sum(1 for paragraph in page.paragraphs if paragraph in text)
    leaked = sum(1 for snippet in page.boilerplate if snippet in text)
    expected = {"title": page.title, "url": page.url, "published": page.published,
                "site": page.site}
    scored = {name: value for name, value in expected.items() if value is not None}
    right = sum(1 for name, value in scored.items() if getattr(found, name) == value)
    return paragraphs, leaked, right, len(scored)


def main() -> None:
    readers: dict[str, Callable[[str], Extracted]] = {
        "atlas (html_page.py)": atlas_reader, "trafilatura": trafilatura_reader,
    }
    totals = {name: [0, 0, 0, 0, 0.0] for name in readers}
    paragraphs = sum(len(page.paragraphs) for page in CASES)
    boilerplate = sum(len(page.boilerplate) for page in CASES)
    print(f"{'page':<34} {'reader':<22} {'paragraphs':>10} {'leaked':>7} {'metadata':>9} "
          f"{'ms/page':>8}")
    for page in CASES:
        html = (PAGES / page.path).read_text(encoding="utf-8").replace("{base}", SITE)
        for name, reader in readers.items():
            reader(html)  # warm up: imports, compiled patterns
            started = time.perf_counter()
            found = reader(html)
            milliseconds = (time.perf_counter() - started) * 1000
            found_paragraphs, leaked, right, scored = score(page, found)
            print(f"{page.path:<34} {name:<22} {found_paragraphs:>5}/{len(page.paragraphs):<4} "
                  f"{leaked:>3}/{len(page.boilerplate):<3} {right:>4}/{scored:<4} "
                  f"{milliseconds:>8.1f}")
            for index, value in enumerate((found_paragraphs, leaked, right, scored, milliseconds)):
                totals[name][index] += value
    print()
    for name, (found_paragraphs, leaked, right, scored, milliseconds) in totals.items():
        print(f"{name:<22} paragraphs {found_paragraphs}/{paragraphs} "
              f"({found_paragraphs / paragraphs:.0%}), boilerplate let through "
              f"{leaked}/{boilerplate} ({leaked / boilerplate:.0%}), metadata right "
              f"{right}/{scored} ({right / scored:.0%}), {milliseconds / len(CASES):.1f} ms/page")


if __name__ == "__main__":
    main()
