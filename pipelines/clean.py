"""Main text and metadata of a page, without boilerplate (trafilatura).

`clean` takes the raw bytes, not Scrapy's decoded text: pages often declare
the wrong charset, and trafilatura's own detection reads them right.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

import trafilatura

MIN_CHARS = 150  # shorter bodies are teasers, captions or empty templates

# A trailing " - Mainpuri News" / " | Amar Ujala" site suffix in Latin script.
SITE_SUFFIX = re.compile(r"\s+[-|–]\s+[A-Za-z][A-Za-z0-9 .&']*$")
TABLE_CELL = re.compile(r"\s*\\?\|\s*")
DEVANAGARI_MARKS = "[\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963]*"


class Unusable(ValueError):
    """A page that yields no article; `reason` is a short code for counting."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass
class Cleaned:
    text: str
    title: str | None = None
    author: str | None = None
    published: date | None = None
    canonical_url: str | None = None
    sitename: str | None = None


def clean(body: bytes, url: str | None = None, min_chars: int = MIN_CHARS) -> Cleaned:
    """Cleaned text and metadata of an HTML page; raises Unusable when there is no article."""
    if not body or not body.strip():
        raise Unusable("empty", "no bytes")
    doc = trafilatura.bare_extraction(body, url=url, favor_precision=True, with_metadata=True,
                                      include_comments=False)
    text = tidy(doc.text) if doc is not None and doc.text else ""
    if not text:
        raise Unusable("empty", "no main text found")
    if len(text) < min_chars:
        raise Unusable("too_short", f"{len(text)} characters of main text")
    html = trafilatura.utils.decode_file(body) if doc.author else ""
    return Cleaned(text=text, title=tidy_title(doc.title), author=restore_marks(doc.author, html),
                   published=parse_date(doc.date), canonical_url=doc.url, sitename=doc.sitename)


def tidy(text: str) -> str:
    """NFC text; layout-table pipes that trafilatura keeps from old table pages removed."""
    lines = []
    for line in unicodedata.normalize("NFC", text).splitlines():
        if "|" in line:
            cells = [c for c in TABLE_CELL.split(line) if c.strip()]
            lines.extend(cells)
        elif line.strip():
            lines.append(line.strip())
    return "\n".join(lines)


def tidy_title(title: str | None) -> str | None:
    if not title:
        return None
    stripped = SITE_SUFFIX.sub("", title).strip()
    return unicodedata.normalize("NFC", stripped or title)


def restore_marks(author: str | None, html: str) -> str | None:
    """trafilatura trims a final Devanagari vowel sign off names ("चक्रवर्ती" → "चक्रवर्त"); put it back."""
    if not author:
        return None
    parts = []
    for name in author.split("; "):
        found = re.search(re.escape(name) + DEVANAGARI_MARKS, html) if html else None
        parts.append(found.group(0) if found else name)
    return unicodedata.normalize("NFC", "; ".join(parts))


def parse_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
