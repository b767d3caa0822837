"""The extractor's lexicons, read once from the data files in `data/`.

Every phrase is stored under its folded word keys (tokens.keys), so matching is
a dictionary look-up per position, longest phrase first.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Generic, TypeVar

from . import data
from .normalise import fold, fold_text
from .tokens import keys, tokenize

V = TypeVar("V")


class Phrases(Generic[V]):
    """Phrases (tuples of folded word keys) with a value each; longest match first."""

    def __init__(self) -> None:
        self.table: dict[tuple[str, ...], V] = {}
        self.lengths: dict[str, list[int]] = {}  # first word -> phrase lengths, longest first

    def add(self, phrase: str, value: V, keep: bool = True) -> None:
        k = keys(phrase)
        if not k or (keep and k in self.table):
            return
        self.table[k] = value
        lengths = self.lengths.setdefault(k[0], [])
        if len(k) not in lengths:
            lengths.append(len(k))
            lengths.sort(reverse=True)

    def match(self, words: list[str], i: int, hi: int | None = None) -> tuple[int, V] | None:
        """(length, value) of the longest phrase starting at words[i] and ending by hi."""
        hi = len(words) if hi is None else hi
        lengths = self.lengths.get(words[i]) if 0 <= i < hi else None
        if lengths is None:
            return None
        for n in lengths:
            if i + n <= hi:
                v = self.table.get(tuple(words[i:i + n]))
                if v is not None:
                    return n, v
        return None

    def find(self, words: list[str], lo: int = 0, hi: int | None = None) -> list[tuple[int, int, V]]:
        """Non-overlapping matches (start, end, value) in words[lo:hi], left to right."""
        hi = len(words) if hi is None else hi
        out, i = [], lo
        while i < hi:
            m = self.match(words, i, hi)
            if m:
                out.append((i, i + m[0], m[1]))
                i += m[0]
            else:
                i += 1
        return out

    def __contains__(self, phrase: tuple[str, ...]) -> bool:
        return phrase in self.table


@dataclass(frozen=True)
class Unit:
    """What a designation word says: kind is org | wing | level | post | noun | former."""

    kind: str
    code: str | None = None
    level: str | None = None  # a post's own level, or a level word's level
    wing: str | None = None
    body: str | None = None  # a post's body (district administration)


@dataclass
class Lexicon:
    units: Phrases[Unit] = field(default_factory=Phrases)
    honor_before: Phrases[bool] = field(default_factory=Phrases)
    honor_after: set[str] = field(default_factory=set)
    name_prefixes: Phrases[bool] = field(default_factory=Phrases)
    not_designations: Phrases[bool] = field(default_factory=Phrases)
    nonnames: set[str] = field(default_factory=set)
    person_words: set[str] = field(default_factory=set)  # given names and surnames (open data)
    given_names: set[str] = field(default_factory=set)
    group_words: set[str] = field(default_factory=set)
    separators: set[str] = field(default_factory=set)
    clause_breaks: set[str] = field(default_factory=set)
    subject: Phrases[bool] = field(default_factory=Phrases)
    pronouns: Phrases[bool] = field(default_factory=Phrases)
    guest_words: Phrases[bool] = field(default_factory=Phrases)
    special_presence: Phrases[bool] = field(default_factory=Phrases)
    fillers: set[str] = field(default_factory=set)
    surname_words: set[str] = field(default_factory=set)
    middle_names: set[str] = field(default_factory=set)
    speech_verbs: set[str] = field(default_factory=set)
    speech_openers: set[str] = field(default_factory=set)
    informant_verbs: set[str] = field(default_factory=set)
    byline_words: set[str] = field(default_factory=set)
    finite_verbs: set[str] = field(default_factory=set)
    conjunctions: set[str] = field(default_factory=set)
    body_nouns: set[str] = field(default_factory=set)
    portrait_words: set[str] = field(default_factory=set)
    ministries: set[str] = field(default_factory=set)
    continuation_starts: list[str] = field(default_factory=list)  # printed forms
    cues: dict[str, Phrases[tuple[str, ...]]] = field(default_factory=dict)  # where -> phrase -> roles
    split_cues: list[tuple[tuple[str, ...], tuple[str, ...], str]] = field(default_factory=list)  # (left, right, role)
    venue: Phrases[bool] = field(default_factory=Phrases)
    village_words: Phrases[bool] = field(default_factory=Phrases)
    venue_glue: set[str] = field(default_factory=set)
    locality: set[str] = field(default_factory=set)
    residence: set[str] = field(default_factory=set)
    site: set[str] = field(default_factory=set)
    roads: set[str] = field(default_factory=set)
    kinds: Phrases[str] = field(default_factory=Phrases)
    virtual: Phrases[bool] = field(default_factory=Phrases)
    future: Phrases[bool] = field(default_factory=Phrases)
    future_modifiers: Phrases[bool] = field(default_factory=Phrases)  # "आगामी": of the event noun only
    future_endings: tuple[str, ...] = ()  # folded verb endings of the future tense
    prepared_for: Phrases[bool] = field(default_factory=Phrases)
    organiser_phrases: Phrases[bool] = field(default_factory=Phrases)
    not_meetings: Phrases[bool] = field(default_factory=Phrases)
    held: Phrases[bool] = field(default_factory=Phrases)
    union_meetings: Phrases[bool] = field(default_factory=Phrases)
    same_day: Phrases[bool] = field(default_factory=Phrases)
    union_organisations: set[str] = field(default_factory=set)
    boilerplate: list[str] = field(default_factory=list)
    languages: dict[str, set[str]] = field(default_factory=dict)
    abbreviations: set[str] = field(default_factory=set)
    clause_openers: list[str] = field(default_factory=list)  # printed forms
    initials: set[str] = field(default_factory=set)  # printed and folded forms
    revenue_divisions: Phrases[bool] = field(default_factory=Phrases)  # called मंडल
    cue_words: set[str] = field(default_factory=set)  # words of role cues and event words
    verb_words: set[str] = field(default_factory=set)  # verbs: finite verbs, last words of held and tail cues


def _optional_words(name: str) -> set[str]:
    return {fold(x) for x in data.words(name, missing_ok=True)}


def _fill(table: Phrases, phrases: list[str], value=True) -> None:
    for p in phrases:
        table.add(p, value)


def _load_units(lex: Lexicon) -> None:
    # Order matters for a phrase listed twice: bodies, then posts, wings, levels, nouns.
    for body in data.toml("organisations.toml")["body"]:
        unit = Unit("org", body["code"], wing=body.get("wing"))
        _fill(lex.units, body["forms"], unit)
    posts = data.toml("posts.toml")
    for post in posts["post"]:
        unit = Unit("post", post["code"], level=post.get("level"), body=post.get("body"))
        _fill(lex.units, post["forms"], unit)
    _fill(lex.units, posts["former"]["words"], Unit("former"))
    units = data.toml("units.toml")
    for code, forms in units["wings"].items():
        _fill(lex.units, forms, Unit("wing", code, wing=code))
    for code, forms in units["levels"].items():
        _fill(lex.units, forms, Unit("level", code, level=code))
    _fill(lex.units, units["nouns"]["words"], Unit("noun"))
    _fill(lex.revenue_divisions, units["revenue_divisions"]["names"])


def _load_cues(lex: Lexicon) -> None:
    for role, places in data.toml("roles.toml").items():
        for where, phrases in places.items():
            if where == "split":
                lex.split_cues += [(keys(left), keys(right), role)
                                   for left, right in (p.split("…") for p in phrases)]
                continue
            table = lex.cues.setdefault(where, Phrases())
            for p in phrases:  # a cue listed under several roles gives them all
                table.add(p, table.table.get(keys(p), ()) + (role,), keep=False)


# words.toml lists read as sets of folded words: Lexicon attribute -> key.
_FOLDED = {"honor_after": "honorifics_after", "separators": "separators", "clause_breaks": "clause_breaks",
           "fillers": "fillers", "surname_words": "surname_words", "middle_names": "middle_names",
           "speech_verbs": "speech_verbs", "speech_openers": "speech_openers", "group_words": "group_words",
           "informant_verbs": "informant_verbs", "byline_words": "byline_words", "finite_verbs": "finite_verbs",
           "conjunctions": "conjunctions", "body_nouns": "body_nouns", "portrait_words": "portrait_words",
           "ministries": "ministries",
           "venue_glue": "venue_glue", "locality": "locality_words", "residence": "residence_words",
           "site": "site_words", "roads": "road_words"}


def _load_words(lex: Lexicon) -> None:
    w = data.toml("words.toml")
    for attr, key in _FOLDED.items():
        setattr(lex, attr, {fold(x) for x in w[key]})
    _fill(lex.honor_before, w["honorifics_before"])
    _fill(lex.name_prefixes, w["name_prefixes"])
    _fill(lex.not_designations, w["not_designations"])
    _fill(lex.subject, w["subject_markers"])
    _fill(lex.pronouns, w["pronouns"])
    _fill(lex.guest_words, w["guest_words"])
    _fill(lex.special_presence, w["special_presence"])
    _fill(lex.venue, w["venue_words"])
    _fill(lex.village_words, w["village_words"])
    lex.boilerplate = w["boilerplate_lines"]
    lex.languages = {lang: {fold(x) for x in w[lang]} for lang in ("hindi", "marathi", "nepali")}
    lex.abbreviations = set(w["abbreviations"])
    # a meeting's own event words open a clause too ("…, मीटिंग का संचालन …"), however it is named
    meeting_words = [f for f in data.toml("events.toml")["kinds"]["meeting"] if " " not in f]
    lex.clause_openers = list(dict.fromkeys([*w["clause_openers"], *meeting_words]))
    lex.continuation_starts = list(w["continuation_starts"])
    lex.initials = set(w["initials"]) | {fold(x) for x in w["initials"]}
    lex.nonnames = {fold(x) for x in data.words("nonnames.txt")} | lex.group_words
    lex.given_names = _optional_words("given_names.txt")
    lex.person_words = lex.given_names | _optional_words("surnames.txt")


def _load_events(lex: Lexicon) -> None:
    e = data.toml("events.toml")
    for kind, forms in e["kinds"].items():
        _fill(lex.kinds, forms, kind)
    _fill(lex.virtual, e["virtual"])
    _fill(lex.future, e["future"])
    _fill(lex.future_modifiers, e["future_modifiers"])
    lex.future_endings = tuple(fold(x) for x in e["future_endings"])
    _fill(lex.prepared_for, e["prepared_for"])
    _fill(lex.organiser_phrases, e["organiser_phrases"])
    _fill(lex.not_meetings, e["not_meetings"])
    _fill(lex.held, e["held"])
    _fill(lex.same_day, e["same_day"])
    _fill(lex.union_meetings, e["union_meetings"]["words"])
    lex.union_organisations = set(e["union_meetings"]["organisations"])


def _cue_words(lex: Lexicon) -> set[str]:
    """Words of role cues and event words that are never part of a name: one-word
    cues, and the later words of longer ones (the first may be a name: दीप, प्रकाश)."""
    tables = [*lex.cues.values(), lex.kinds, lex.held, lex.virtual, lex.not_meetings, lex.future, lex.future_modifiers, lex.venue]
    return {w for t in tables for k in t.table for w in (k if len(k) == 1 else k[1:])}


@lru_cache(maxsize=None)
def word_class(name: str) -> frozenset[str]:
    """Folded words of a class of grammar.toml [words], or of a word set of the lexicon ("finite_verbs")."""
    classes = data.toml("grammar.toml")["words"]
    if name in classes:
        return frozenset(fold(w) for w in classes[name])
    found = getattr(get(), name, None)
    if not isinstance(found, set):
        raise KeyError(f"no word class {name!r} in grammar.toml or the lexicon")
    return frozenset(found)


@lru_cache(maxsize=None)
def ending_class(name: str) -> tuple[str, ...]:
    """Endings of a class of grammar.toml [endings] (their first element where they are pairs),
    or of the lexicon ("future_endings")."""
    endings = data.toml("grammar.toml")["endings"]
    if name in endings:
        return tuple(fold(e if isinstance(e, str) else e[0]) for e in endings[name])
    found = getattr(get(), name, None)
    if not isinstance(found, tuple):
        raise KeyError(f"no ending class {name!r} in grammar.toml or the lexicon")
    return found


def future_at(keys: list[str], lo: int = 0, hi: int | None = None, modifiers: bool = True) -> list[int]:
    """Where a future form stands in keys[lo:hi]: a listed one ("होगी", "आयोजित की गई है"), or a
    verb with a future ending that closes its clause (pattern future_verb: "करेंगे।"); with
    `modifiers`, also a word that makes an event noun future ("आगामी")."""
    from . import matcher  # the matcher reads its classes from this module
    hi = len(keys) if hi is None else hi
    lex = get()
    endings = lex.future_endings  # the pattern's first token, checked here first: this runs over every word
    verbs = [k for k in range(lo, hi) if keys[k].endswith(endings) and matcher.match("future_verb", keys, k) is not None]
    listed = lex.future.find(keys, lo, hi) + (lex.future_modifiers.find(keys, lo, hi) if modifiers else [])
    return sorted([a for a, _, _ in listed] + verbs)


@lru_cache(maxsize=1)
def _plural_posts() -> tuple[tuple[str, str], ...]:
    return tuple((fold(a), fold(b)) for a, b in data.toml("grammar.toml")["endings"]["plural_post"])


@lru_cache(maxsize=50_000)
def plural_post(key: str) -> Unit | None:
    """A post in the oblique plural ("प्रभारियों", "संयोजकों", "अध्यक्षों")."""
    table = get().units.table
    for ending, stem_end in _plural_posts():
        if key.endswith(ending) and len(key) > len(ending) + 1:
            unit = table.get((key[:-len(ending)] + stem_end,))
            if unit is not None and unit.kind == "post":
                return unit
    return None


@lru_cache(maxsize=50_000)
def compound_post(key: str) -> Unit | None:
    """A post written as one word with its level or ministry ("नगरकार्यवाह", "सहकार्यवाह",
    "वित्तमंत्री"): a level word or सह before a one-word post; a ministry's name before मंत्री."""
    lex = get()
    for k in range(2, len(key) - 2):
        head, post = key[:k], key[k:]
        unit = lex.units.table.get((post,))
        if unit is None or unit.kind != "post":
            continue
        level = lex.units.table.get((head,))
        if level is not None and level.kind == "level":
            return Unit("post", unit.code, level=level.level, wing=unit.wing, body=unit.body)
        if head in word_class("post_prefixes"):
            return unit
        if post in word_class("minister_stem") and len(head) >= 3:
            return Unit("post", "minister", level="state")
    return None


@lru_cache(maxsize=1)
def get() -> Lexicon:
    lex = Lexicon()
    _load_units(lex)
    _load_cues(lex)
    _load_words(lex)
    _load_events(lex)
    lex.cue_words = _cue_words(lex)
    lex.verb_words = lex.finite_verbs | {k[-1] for t in (lex.held, lex.cues["tail"]) for k in t.table
                                         if k[-1] not in lex.languages["hindi"]}
    lex.nonnames |= lex.cue_words | {w for t in (lex.subject, lex.pronouns) for k in t.table for w in k}
    return lex


@lru_cache(maxsize=1)
def _event_words() -> tuple[str, ...]:
    """The first word of every event phrase (kinds and unions' meetings), folded."""
    lex = get()
    return tuple({k[0] for table in (lex.kinds.table, lex.union_meetings.table) for k in table})


def mentions_event(text: str) -> bool:
    """Whether an event phrase stands in `text`, so a page with none is not analysed at all.

    First a look at the folded text (a superset: "सभा" is also in "विधानसभा"), then the phrases
    at every word of the text's tokens: the sentences' tokens are the same (each sentence is a
    span of the text and tokens are read without context), so no event a sentence would hold is
    missed, and a page that merely contains an event word's letters ends here."""
    folded = fold_text(text)
    if not any(word in folded for word in _event_words()):
        return False
    lex = get()
    words = [t.key for t in tokenize(text)]
    return any(table.match(words, i) for i in range(len(words)) for table in (lex.kinds, lex.union_meetings))
