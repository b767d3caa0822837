"""The one normaliser of Hindi text: how spellings of one word are made to compare equal.

Three strengths, each built on the one before:
- `display(s)`: NFC, ZWJ/ZWNJ and soft hyphens removed, spaces collapsed — a name as printed.
- `base(s)`: also nukta dropped (ज़ = ज), chandrabindu -> anusvara, a nasal consonant + virama
  before a consonant of its class -> anusvara (बसन्त = बसंत), Latin lower-cased — a place
  name's key, where vowel length still tells names apart.
- `fold(s)`: also long i/u -> short (मीडिया = मिडिया), ॉ -> ा, ई/ऊ/ऑ -> इ/उ/आ — the key a word
  is matched by against the lexicons.
`digits(s)` maps Devanagari digits to ASCII, for reading dates; `line_breaks(s)` reads carriage
returns as line breaks and keeps every offset. The others do not keep offsets:
offsets always index the cleaned text, never a normalised copy.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_JOINERS = "\u200c\u200d\u00ad"  # ZWNJ, ZWJ, soft hyphen
_ZW = dict.fromkeys(map(ord, _JOINERS))
_BASE = {**_ZW, 0x093C: None, 0x0901: 0x0902}  # nukta dropped; chandrabindu -> anusvara
_VOWEL_LENGTH = {0x0940: 0x093F, 0x0942: 0x0941, 0x0908: 0x0907, 0x090A: 0x0909, 0x0949: 0x093E, 0x0911: 0x0906}
_FOLD = {**_BASE, **_VOWEL_LENGTH}
_DIGITS = {0x0966 + i: ord("0") + i for i in range(10)}
_NASAL = re.compile("ङ्(?=[क-घ])|ञ्(?=[च-झ])|ण्(?=[ट-ढ])|न्(?=[त-ध])|म्(?=[प-भ])")
_SPACES = re.compile(r"\s+")


def display(s: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFC", s).translate(_ZW)).strip()


def _keyed(s: str, table: dict) -> str:
    # NFD first splits precomposed nukta letters (क़ -> क + ़) so the nukta can be dropped
    s = unicodedata.normalize("NFC", unicodedata.normalize("NFD", s).translate(table))
    return _NASAL.sub("\u0902", s).lower()


@lru_cache(maxsize=200_000)
def base(s: str) -> str:
    return _keyed(s, _BASE)


@lru_cache(maxsize=200_000)
def fold(s: str) -> str:
    return _keyed(s, _FOLD)


def fold_text(s: str) -> str:
    """`fold` over a whole text, not cached: a word's fold is a substring of its text's."""
    return _keyed(s, _FOLD)


_CARRIAGE = re.compile(r"\r\n?")


def line_breaks(s: str) -> str:
    """Windows ("\r\n") and old Mac ("\r") line ends as the line break they stand for, the length
    kept so that offsets still index the text as given: "\r\n" -> " \n", a lone "\r" -> "\n"."""
    return _CARRIAGE.sub(lambda m: " \n" if len(m.group()) == 2 else "\n", s) if "\r" in s else s


def digits(s: str) -> str:
    return s.translate(_DIGITS)
