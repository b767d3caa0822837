"""The article's headline, read when the text itself leaves a fact open.

Cleaned text often starts below the headline. The crawl knows the page title; without it,
the URL's slug is the headline: WordPress and most news systems build it from the title, in
Devanagari ("रतलाम-भाजपा-जिला-बैठक-संपन्न") or romanised ("bjp-yuva-morcha-meeting-chandpur").
The headline only fills what the text does not say (extract: the organisation; meetings:
which of two namesake towns the text means).
"""
from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from . import lexicon
from .model import Context
from .tokens import tokenize

_SLUG_SPLIT = re.compile(r"[-_+.\s]+")
_MIN_SLUG_WORDS = 3  # "archives/7352", "2022/08/blog-post_18.html" are no headline
_FILE_ENDINGS = {"html", "htm", "php", "aspx", "amp"}


def text(context: Context) -> str:
    """The page title, else the words of the URL's slug (the path segment with the most words)."""
    if context.title:
        return context.title
    if not context.url:
        return ""
    segments = [[w for w in _SLUG_SPLIT.split(unquote(seg)) if w and not w.isdigit() and w.lower() not in _FILE_ENDINGS]
                for seg in urlsplit(context.url).path.split("/")]
    best = max(segments, key=len, default=[])
    return " ".join(best) if len(best) >= _MIN_SLUG_WORDS else ""


def organisation(context: Context) -> str | None:
    """The one organisation the headline names ("bjp", "भाजपा"); None for none or several."""
    tokens = tokenize(text(context))
    keys = [t.key for t in tokens]
    lex = lexicon.get()
    found = {unit.code for _, _, unit in lex.units.find(keys) if unit.kind == "org" and unit.code}
    return found.pop() if len(found) == 1 else None


def latin_words(context: Context) -> frozenset[str]:
    """Lower-case Latin words of the headline: a romanised slug spells the place its way."""
    return frozenset(t.text.lower() for t in tokenize(text(context)) if t.kind == "lat")
