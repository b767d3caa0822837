"""Words of a text with exact offsets, and the folded key they are matched by
(`normalise.fold`: spellings of one word compare equal). Devanagari digits (१२) are numbers, not words. Hyphens and dashes are not words: the word
after one is marked `dash`, so "सह-प्रभारी" matches the lexicon form "सह प्रभारी".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import data
from .normalise import fold

_TOKEN = re.compile(
    r"(?P<dev>[\u0900-\u0963\u0970-\u097F\u200c\u200d]+)"
    r"|(?P<lat>[A-Za-z]+)|(?P<num>[0-9\u0966-\u096F]+)"
    r"|(?P<dash>[-\u2010-\u2015\u2212])"
    r"|(?P<punct>[^\s\u200c\u200d])"
)
DEVANAGARI = re.compile("[\u0900-\u097F]")


@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int
    key: str
    kind: str  # dev | lat | num | punct
    dash: bool = False  # a hyphen or dash stands right before this word

    @property
    def is_word(self) -> bool:
        return self.kind in ("dev", "lat")


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Tokens of `text`; offsets are shifted by `offset` (text's place in a larger text)."""
    out: list[Token] = []
    dash = False
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "punct"
        if kind == "dash":
            dash = True
            continue
        word = m.group()
        key = fold(word)
        out.append(Token(word, m.start() + offset, m.end() + offset, _misspelt().get(key, key), kind, dash))
        dash = False
    return out


@lru_cache(maxsize=1)
def _misspelt() -> dict[str, str]:
    """Common misspellings of function words, keyed as their standard form (grammar.toml)."""
    return {fold(k): fold(v) for k, v in data.toml("grammar.toml")["misspellings"].items()}


def keys(phrase: str) -> tuple[str, ...]:
    """Folded word keys of a lexicon phrase."""
    return tuple(t.key for t in tokenize(phrase))
