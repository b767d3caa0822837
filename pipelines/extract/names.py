"""Person names: clean form, matching key, variants of one person, romanisation.

The clean form is NFC with ZWJ/ZWNJ removed and honorifics stripped. Two
spellings are one person when their folded words (normalise.fold: nukta,
anusvara/chandrabindu, vowel length) agree, when one adds middle words to the
other (अजय चंद्रा / अजय कुमार चंद्रा), when they differ only by spacing
(भीखू भाई / भीखूभाई), or by one edit in one word of a name of two or more words
(बसंत / बंसत). A single word refers back to the one person whose last or first
word it is (तावड़े).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from indic_transliteration import sanscript

from . import lexicon, normalise
from .normalise import fold
from .tokens import tokenize

_EDGE = re.compile(r"^[\s,.;:'\"‘’“”()\-–—]+|[\s,;:'\"‘’“”()\-–—]+$")


def clean(name: str) -> str:
    """NFC, no ZWJ/ZWNJ, single spaces, no honorifics at either end."""
    s = _EDGE.sub("", normalise.display(name))
    lex = lexicon.get()
    toks = tokenize(s)
    words = [t.key for t in toks]
    i = 0
    while i < len(toks) - 1:
        m = lex.honor_before.match(words, i)
        if not m:
            break
        i += m[0]
    while i < len(toks) and toks[i].kind == "punct":
        i += 1
    j = len(toks)
    while j > i + 1 and (words[j - 1] in lex.honor_after or toks[j - 1].kind == "punct"):
        j -= 1
    return s[toks[i].start:toks[j - 1].end] if i < j else s


def key(name: str) -> tuple[str, ...]:
    return tuple(t.key for t in tokenize(name) if t.kind != "punct")


def _one_edit(a: str, b: str) -> bool:
    """Levenshtein distance <= 1, counting a swap of neighbours as one edit."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    if len(a) > len(b):
        a, b = b, a
    return any(b[:i] + b[i + 1:] == a for i in range(len(b)))


def _untitled(k: tuple[str, ...]) -> tuple[str, ...]:
    """Without a leading title-like word (चौधरी ओमवीर बालियान)."""
    return k[1:] if len(k) >= 3 and k[0] in lexicon.get().surname_words else k


def same_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two multi-word name keys name one person (see module doc)."""
    a, b = _untitled(a), _untitled(b)
    if a == b or "".join(a) == "".join(b):
        return True
    if len(a) < 2 or len(b) < 2 or a[-1] != b[-1] and a[0] != b[0]:
        return False
    if a[-1] == b[-1] and min(len(a[0]), len(b[0])) >= 3 and (a[0].startswith(b[0]) or b[0].startswith(a[0])):
        return True  # middle words added or dropped, or a first name extended (ध्रुव / ध्रुवकुमार)
    short, long_ = sorted((a, b), key=len)
    if long_[-len(short):] == short:
        return True  # a leading word dropped (मो. शाहनवाज आजमी / शाहनवाज आजमी)
    if len(a) == len(b):
        diffs = [(x, y) for x, y in zip(a, b) if x != y]
        return len(diffs) == 1 and min(len(diffs[0][0]), len(diffs[0][1])) >= 3 and _one_edit(*diffs[0])
    return False




def index_words(k: tuple[str, ...]) -> set[str]:
    """Words under which a name key is found by `same_person` and `refers_to`: its first and
    last words (also without a leading title-like word) and its words joined."""
    u = _untitled(k)
    return {k[0], k[-1], u[0], "".join(k)} if k else set()


def reference_words(word: str) -> set[str]:
    """Index words a single word may refer back by (itself, and without a title written into it)."""
    key = fold(word)
    bare = {key[:-len(t)] for t in lexicon.ending_class("fused_titles") if key.endswith(t) and len(key) > len(t) + 2}
    return {key} | bare


def refers_to(word: str, name: tuple[str, ...]) -> bool:
    """A single word that names a person of two or more words by surname or first name, also
    with a title written into it ("इरफानभाई" for इरफान शेख)."""
    if len(name) < 2:
        return False
    key = fold(word)
    bare = next((key[:-len(t)] for t in lexicon.ending_class("fused_titles") if key.endswith(t) and len(key) > len(t) + 2), key)
    return key in (name[-1], name[0]) or bare == name[0]


# --- romanisation ----------------------------------------------------------

_PLAIN = str.maketrans({"ā": "a", "ī": "i", "ū": "u", "ṛ": "ri", "ṝ": "ri", "ē": "e", "ō": "o",
                        "ṃ": "n", "ṁ": "n", "ṅ": "n", "ñ": "n", "ṇ": "n", "ṭ": "t", "ḍ": "d",
                        "ś": "sh", "ṣ": "sh", "ḥ": "h", "ḷ": "l", "ṉ": "n", "ṟ": "r", "ḻ": "l",
                        "ẏ": "y", "ḵ": "k", "ġ": "g", "ḳ": "q", "ż": "z", "ḏ": "d", "ṯ": "t"})
_VIRAMA_OR_VOWEL = re.compile("[\u093e-\u094d\u0962\u0963\u0902\u0903\u0901]$|[\u0904-\u0914]$")
_FINAL_CONJUNCT = re.compile("\u094d[\u0915-\u0939]\u093c?$")  # जितेंद्र, मिश्र: the final a is spoken


@lru_cache(maxsize=20_000)
def _roman_word(word: str) -> str:
    s = sanscript.transliterate(word, sanscript.DEVANAGARI, sanscript.IAST)
    s = unicodedata.normalize("NFC", s).replace("ṃh", "ngh").translate(_PLAIN)  # सिंह: Singh
    s = unicodedata.normalize("NFD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("c", "ch").replace("chh", "chh")
    if s.endswith("a") and len(s) > 2 and not _VIRAMA_OR_VOWEL.search(word) and not _FINAL_CONJUNCT.search(word):
        s = s[:-1]  # the final inherent vowel is not spoken
    return s[:1].upper() + s[1:]


def romanise(name: str) -> str:
    """A readable Latin form: 'दुर्गेश ठाकुर' -> 'Durgesh Thakur'."""
    return " ".join(_roman_word(w) for w in name.split())
