"""Words of a text with exact offsets, and the folded key they are matched by.

Folding makes spellings of one word compare equal: NFC; ZWJ/ZWNJ, soft hyphen
and nukta dropped; chandrabindu -> anusvara; a nasal consonant + virama before a
consonant of its class -> anusvara (बसन्त = बसंत); long i/u -> short (मीडिया =
मिडिया); ॉ -> ा; Latin lower-cased. Devanagari digits (१२) are numbers, not words. Hyphens and dashes are not words: the word
after one is marked `dash`, so "सह-प्रभारी" matches the lexicon form "सह प्रभारी".
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_DROP = dict.fromkeys(map(ord, "\u200c\u200d\u00ad\u093c"))
_DROP.update({0x0901: 0x0902, 0x0940: 0x093F, 0x0942: 0x0941, 0x0908: 0x0907,
              0x090A: 0x0909, 0x0949: 0x093E, 0x0911: 0x0906})
_NASAL = re.compile("ङ्(?=[क-घ])|ञ्(?=[च-झ])|ण्(?=[ट-ढ])|न्(?=[त-ध])|म्(?=[प-भ])")
_TOKEN = re.compile(
    r"(?P<dev>[\u0900-\u0963\u0970-\u097F\u200c\u200d]+)"
    r"|(?P<lat>[A-Za-z]+)|(?P<num>[0-9\u0966-\u096F]+)"
    r"|(?P<dash>[-\u2010-\u2015\u2212])"
    r"|(?P<punct>[^\s\u200c\u200d])"
)
DEVANAGARI = re.compile("[\u0900-\u097F]")


@lru_cache(maxsize=100_000)
def fold(word: str) -> str:
    """Matching key of a word or phrase (see module doc)."""
    s = unicodedata.normalize("NFD", word).translate(_DROP)
    s = _NASAL.sub("\u0902", unicodedata.normalize("NFC", s))
    return s.lower()


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
        out.append(Token(word, m.start() + offset, m.end() + offset, fold(word), kind, dash))
        dash = False
    return out


def keys(phrase: str) -> tuple[str, ...]:
    """Folded word keys of a lexicon phrase."""
    return tuple(t.key for t in tokenize(phrase))
