"""The document model the extractor's stages fill in, one part each (see __init__.py).

Document holds the article's text and, stage by stage, its body, analysed sentences
(each with its tagged words), the role acts of each sentence, the people named, the
event anchors, and finally the meetings of the record.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .designations import Designation
from .mentions import Word
from .model import Context, Meeting
from .sentences import Sentence

if TYPE_CHECKING:
    from .meetings import Anchor
    from .roles import Act


@dataclass
class Analysed:
    """One sentence with its tagged words and the word index where speech starts."""

    sentence: Sentence
    words: list[Word]
    speech: int | None
    index: int

    keys: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.keys = [w.tok.key for w in self.words]

    @property
    def end(self) -> int:
        return self.speech - 1 if self.speech is not None else len(self.words)


_ORDER = itertools.count()


@dataclass
class Person:
    """One person of the article, with every form and designation printed and every act."""

    key: tuple[str, ...]
    name: str
    order: int = field(default_factory=lambda: next(_ORDER))  # creation order, for ties
    forms: list[str] = field(default_factory=list)
    keys: list[tuple[str, ...]] = field(default_factory=list)
    designations: list[Designation] = field(default_factory=list)
    acts: list[tuple[int, Act, Analysed]] = field(default_factory=list)  # (sentence index, act, sentence)


@dataclass
class Document:
    text: str
    context: Context
    body: str = ""  # the text up to its end-of-article navigation
    sentences: list[Analysed] = field(default_factory=list)
    acts: list[list[Act]] = field(default_factory=list)  # per sentence
    people: list[Person] = field(default_factory=list)
    organisation: str | None = None  # the body the article speaks of most
    anchors: list[Anchor] = field(default_factory=list)  # event words of meetings that took place
    meetings: list[Meeting] = field(default_factory=list)
