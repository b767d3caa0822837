"""What the pipeline makes of one page: for `scrapy shell`, `scrapy extract` and debugging.

In `scrapy shell URL`:
    >>> show(response)          # already in the shell's namespace (crawler/commands/shell.py)
    >>> analyse(response)       # the same as a value
"""
from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from datetime import date

from rich.console import Console
from rich.table import Table

from pipelines.clean import Cleaned, clean
from pipelines.skip import Skip
from pipelines.extract import extract
from pipelines.extract.model import Context, Extraction
from pipelines.language import Language, detect_language


@dataclass
class Analysis:
    url: str | None
    cleaned: Cleaned | None
    language: Language | None
    extraction: Extraction | None
    skipped: str | None = None  # the reason a crawl would drop this page

    def to_json(self) -> dict:
        c = self.cleaned
        return {"url": (c.canonical_url if c and c.canonical_url else self.url), "published": c.published.isoformat() if c and c.published else None,
                "title": c.title if c else None, "skipped": self.skipped,
                "language": self.language.code if self.language else None,
                "language_probability": self.language.probability if self.language else None,
                **(self.extraction.to_json() if self.extraction else {"meetings": []})}


def analyse_html(body: bytes, url: str | None = None, published: date | None = None) -> Analysis:
    """The crawl's stages on a page's raw bytes; `published` overrides the page's own date."""
    try:
        cleaned = clean(body, url)
    except Skip as exc:
        return Analysis(url, None, None, None, skipped=str(exc))
    if published:
        cleaned.published = published
    return analyse_cleaned(cleaned, url)


def analyse_text(text: str, url: str | None = None, published: date | None = None) -> Analysis:
    """The language and extraction stages on an already clean text."""
    return analyse_cleaned(Cleaned(text=unicodedata.normalize("NFC", text), published=published), url)


def analyse_cleaned(cleaned: Cleaned, url: str | None) -> Analysis:
    language = detect_language(cleaned.text)
    skipped = None if language.code == "hi" else f"language_{language.code}"
    extraction = extract(cleaned.text, Context(url=cleaned.canonical_url or url, published=cleaned.published,
                                               title=cleaned.title))
    return Analysis(url, cleaned, language, extraction, skipped)


def analyse(response) -> Analysis:
    """What the pipeline makes of a Scrapy response, as a value."""
    return analyse_html(response.body, response.url)


def show(response, as_json: bool = False) -> None:
    """Print what the pipeline makes of a Scrapy response; returns nothing, so the shell echoes nothing
    after the table (the value: `analyse(response)`)."""
    print_analysis(analyse(response), as_json)


def print_analysis(a: Analysis, as_json: bool = False, console: Console | None = None) -> None:
    if as_json:
        print(json.dumps(a.to_json(), ensure_ascii=False, indent=2))
        return
    console = console or Console(width=None if Console().is_terminal else 160)
    if a.cleaned is None:
        console.print(f"[bold red]No article[/]: {a.skipped}")
        return
    c = a.cleaned
    console.print(f"[bold]{c.title or '(no title)'}[/]  published={c.published}  author={c.author}")
    console.print(f"canonical={c.canonical_url}  language={a.language.code} p={a.language.probability}"
                  + (f"  [red]a crawl would skip it: {a.skipped}[/]" if a.skipped else ""))
    console.rule("cleaned text")
    console.print(c.text, markup=False, highlight=False)
    console.rule(f"{len(a.extraction.meetings)} meeting(s), extractor {a.extraction.extractor_version}")
    for m in a.extraction.meetings:
        console.print(f"[bold]{m.organisation}[/] wings={m.wings} level={m.level} kind={m.kind} mode={m.mode} "
                      f"place={m.place} ({m.place_kind}, district {m.district_code}) state={m.state} "
                      f"venue={m.venue} date={m.date} days={m.duration_days}", markup=True, highlight=False)
        for e in m.evidence[:3]:
            console.print(f"  [dim]{e.fact} @{e.start}-{e.end}: {e.sentence}[/]", highlight=False)
        console.print(participants_table(m))


def participants_table(meeting) -> Table:
    table = Table("name", "romanised", "designation", "post", "level", "roles", "first evidence")
    for p in meeting.participants:
        ev = p.evidence[0] if p.evidence else None
        table.add_row(p.name + (f" ({', '.join(p.aliases)})" if p.aliases else ""), p.romanised or "",
                      p.designation or "", p.post or "", p.level or "", ", ".join(p.roles),
                      f"@{ev.start}: {ev.sentence[:40]}…" if ev else "")
    return table
