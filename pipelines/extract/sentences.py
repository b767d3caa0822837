"""Sentences of a cleaned text with exact offsets (`text[start:end] == sentence`).

A sentence ends at "।", "॥", "|", "?", "!", a line break, a comma before a clause
opener of run-on reports (words.toml), or a "." that is not an
abbreviation (डॉ., मो., a single letter, an initial: के.एस.) or a list item's number
("1. …", "१. …") and is followed by a space or the end.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import lexicon
from .normalise import fold

# "l" or "I" standing alone after a Devanagari word is a danda typed on a Latin keyboard; a "." glued to
# the next word ("किया.उन्होंने", "थे .बूथ") ends a sentence as one before a space does (not between
# Devanagari digits: "१२.०३.२०२४").
_END = re.compile(r"[।॥|?!\n]+|\.(?=\s|$)|(?<=[\u0900-\u0963\u0970-\u097F\s])\.(?=[\u0900-\u0963\u0970-\u097F])"
                  r"|(?<=[\u0900-\u097F])[ \t]*[lI](?=\s|$|[\u0900-\u0963\u0970-\u097F])")  # "थे l", "थे  lबूथ"
_WORD_BEFORE = re.compile(r"([\u0900-\u097FA-Za-z\u200c\u200d]+)$")
_JOINERS = dict.fromkeys(map(ord, "\u200c\u200d"))
_LIST_NUMBER = re.compile(r"(?:^|(?<=\s))[(\[]?[0-9\u0966-\u096F]{1,3}$")


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    start: int
    end: int


def _is_abbreviation(text: str, dot: int) -> bool:
    m = _WORD_BEFORE.search(text, max(0, dot - 20), dot)
    if not m:
        return False
    word = m.group(1).translate(_JOINERS)  # "प्\u200dरो." is प्रो.
    lex = lexicon.get()
    # Only listed abbreviations and initials: short Hindi words end sentences ("थे.", "की.", "है.").
    return (word.isascii() and len(word) <= 2) or word in lex.abbreviations or word in lex.initials


def _is_list_number(text: str, dot: int) -> bool:
    """"1." or "१." numbering a list item, at a line's start or inside a sentence."""
    return _LIST_NUMBER.search(text, max(0, dot - 5), dot) is not None


def _printed(word: str) -> str:
    """A regex for `word` as pages print it: a ZWJ or ZWNJ may follow any letter ("उपस्\u200dथित")."""
    return "".join(re.escape(ch) + "[\u200c\u200d]?" for ch in word)


@lru_cache(maxsize=1)
def _clause_comma() -> re.Pattern:
    """A comma before a clause opener of words.toml or a meeting's event word (not inside a longer word)."""
    openers = "|".join(map(_printed, sorted(lexicon.get().clause_openers, key=len, reverse=True)))
    return re.compile(rf",(?=\s*(?:{openers})(?![\u0900-\u097F]))")  # "…,विधायक" typed without a space too


@lru_cache(maxsize=1)
def _continued_line() -> re.Pattern:
    """A line break (blank lines too) after a line with no sentence end, before a word that cannot
    open a sentence."""
    starts = "|".join(map(_printed, sorted(lexicon.get().continuation_starts, key=len, reverse=True)))
    return re.compile(rf"(?<![।॥|?!.:\n\s])[ \t]*\n\s*(?:{starts})(?![\u0900-\u097F])")


def _ends_clause(text: str, pos: int) -> bool:
    """The line before `pos` ends with a finite verb ("… ने किया"): its clause is complete, so a
    heading after it ("उपस्थित पदाधिकारी:") opens a new sentence."""
    m = _WORD_BEFORE.search(text, max(0, pos - 20), pos)
    return m is not None and fold(m.group(1)) in lexicon.get().finite_verbs


def split(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    start = 0
    ends = sorted([*_END.finditer(text), *_clause_comma().finditer(text)], key=lambda m: m.start())
    joined = {m.start() + m.group().index("\n") for m in _continued_line().finditer(text)
              if not _ends_clause(text, m.start())}
    for m in ends:
        if m.group() == "." and (_is_abbreviation(text, m.start()) or _is_list_number(text, m.start())):
            continue
        if not m.group().strip("\n") and m.start() in joined:  # line breaks (blank lines too) inside a sentence
            continue
        if m.start() < start:
            continue
        _add(out, text, start, m.end())
        start = m.end()
    _add(out, text, start, len(text))
    return out


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    left = len(chunk) - len(chunk.lstrip())
    right = len(chunk.rstrip())
    if right > left:
        out.append(Sentence(chunk[left:right], start + left, start + right))
