"""People named in one sentence, with their designations, grouped into lists.

Each word is tagged from the lexicons: a designation word (org, wing, level,
post, unit noun, पूर्व), a gazetteer place, an honorific, a separator, a word that
is never a name, or NAME (a Devanagari word found in no list). A person mention
is a run of NAME words; the designation words right before it (or, when no name
follows, right after it) are its designation. Mentions separated only by
commas and conjunctions form a group, which shares the role cues around it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from . import lexicon, places
from .designations import Designation, parse
from .lexicon import Unit
from .tokens import Token

DESIGNATION = {"org", "wing", "level", "post", "noun", "former", "place", "glue"}
GLUE = {"के", "कि", "का", "से", "(", ")"}  # folded: की -> कि
_PLURAL = ("ाओं", "ियों", "ओं", "ुओं")


@dataclass(slots=True)
class Word:
    tok: Token
    tag: str  # name | honorific | honorific_after | prefix | sep | punct | other | org | wing | level | post | noun | former | place | glue
    unit: Unit | None = None
    place: str | None = None  # the place name as printed
    where: places.Place | None = None  # its gazetteer entry
    owner: int = -1  # index of the mention that owns this word


@dataclass
class Mention:
    name_start: int  # word indices of the name
    name_end: int
    start: int  # word indices including designation and honorifics
    end: int
    name: str = ""
    designation: Designation | None = None
    aliases: list[str] = field(default_factory=list)
    shared: bool = False  # designation inherited from the previous name ("संयोजक A एवं B")
    listed: bool = False  # a one-word name standing between commas of a list

    @property
    def size(self) -> int:
        return self.name_end - self.name_start


@dataclass
class Group:
    mentions: list[Mention]
    start: int
    end: int


def tag(tokens: list[Token], found: dict[int, tuple[int, str, places.Place]]) -> list[Word]:
    """Tag every token; `found` maps a place's start offset to (end offset, name, Place)."""
    lex = lexicon.get()
    keys = [t.key for t in tokens]
    words: list[Word] = []
    i = 0
    while i < len(tokens):
        n, made = _tag_at(lex, tokens, keys, i, found)
        words.extend(made)
        i += n
    return words


def _tag_at(lex, tokens, keys, i, found) -> tuple[int, list[Word]]:
    t = tokens[i]
    if t.kind == "punct":
        return 1, [Word(t, "sep" if t.key in lex.separators else ("glue" if t.key in GLUE else "punct"))]
    if t.kind != "dev":
        return 1, [Word(t, "other")]
    if (m := lex.not_designations.match(keys, i)):
        return m[0], [Word(x, "other") for x in tokens[i:i + m[0]]]
    unit = lex.units.match(keys, i)
    place = found.get(t.start)
    if place is not None:
        n = sum(1 for x in tokens[i:] if x.end <= place[0])
        if unit is None or unit[0] < n:
            return n, [Word(x, "place", place=place[1], where=place[2]) for x in tokens[i:i + n]]
    hon = lex.honor_before.match(keys, i)
    pre = lex.name_prefixes.match(keys, i)
    best = max((m for m in (unit, hon, pre) if m), key=lambda m: m[0], default=None)
    if best is not None:
        n = best[0]
        if best is unit:
            return n, [Word(x, unit[1].kind, unit[1]) for x in tokens[i:i + n]]
        return n, [Word(x, "honorific" if best is hon else "prefix") for x in tokens[i:i + n]]
    return 1, [Word(t, _word_tag(lex, t.key))]


def _word_tag(lex, key: str) -> str:
    if key in lex.honor_after:
        return "honorific_after"
    if key in GLUE:
        return "glue"
    if key in lex.separators:
        return "sep"
    if key in lex.nonnames or key.endswith(_PLURAL) or len(key) < 2:
        return "other"
    return "name"


# --- mentions ----------------------------------------------------------------

def find(words: list[Word], text: str, base: int, blocked: set[int]) -> list[Mention]:
    """Person mentions in a tagged sentence; words in `blocked` (reported speech) are skipped.

    `text` is the sentence and `base` its offset in the article."""
    out: list[Mention] = []
    i = 0
    while i < len(words):
        if words[i].tag != "name" or i in blocked or words[i].owner >= 0:
            i += 1
            continue
        j = i + 1
        while j < len(words) and _continues(words[j]) and j not in blocked:
            j += 1
        dashed = j < len(words) and words[j].tag == "name" and words[j].tok.dash
        j = _surname_word(words, i, j)
        if not dashed and not _dashed_before(words, i) and j - i <= 4:
            m = _mention(words, i, j, text, base, len(out))
            m.listed = j - i == 1 and _in_list(words, m.start, m.end)
            if j - i > 1 or m.listed or _single_ok(words, i):
                out.append(m)
                j = max(j, m.end)
            else:
                for w in words[m.start:m.end]:
                    w.owner = -1
        while j < len(words) and words[j].tag == "name":
            j += 1
        i = j
    for k, m in enumerate(out):
        _designation_after(words, m, text, base, k)
    _share_designations(words, out)
    return out


def _single_ok(words: list[Word], i: int) -> bool:
    """A one-word name (a surname referring back) stands after a title or post, or before ने/जी."""
    before = words[i - 1].tag if i > 0 else ""
    after = words[i + 1].tok.key if i + 1 < len(words) else ""
    return before in ("honorific", "post", "prefix") or after in ("ने", "द्वारा", "जि", "नें")


def _in_list(words: list[Word], start: int, end: int) -> bool:
    before = words[start - 1] if start > 0 else None
    after = words[end] if end < len(words) else None
    return (before is not None and before.tag == "sep" and after is not None
            and (after.tag == "sep" or after.tok.text == "(" or after.tok.key in lexicon.get().fillers))


def _surname_word(words: list[Word], i: int, j: int) -> int:
    """A unit word that is also a surname (मंडल, कुमारी), or a place after a one-word
    name (अनीता चमोली), ends a name when a list goes on after it."""
    if j >= len(words) or words[j].tok.dash:
        return j
    if words[j].tok.key in lexicon.get().surname_words or (j - i == 1 and words[j].tag == "place"):
        after = words[j + 1] if j + 1 < len(words) else None
        if after is None or after.tag in ("sep", "punct", "other") or after.tok.key in lexicon.get().fillers:
            return j + 1
    return j


def _continues(w: Word) -> bool:
    """A word that continues a name: another name word, or a prefix word (मोहम्मद यूसुफ शेख)."""
    return w.tag in ("name", "prefix") and not w.tok.dash and w.tok.kind != "punct"


def _dashed_before(words: list[Word], i: int) -> bool:
    return words[i].tok.dash and i > 0 and words[i - 1].tag == "name"


def _span(words: list[Word], i: int, j: int, text: str, base: int) -> str:
    return text[words[i].tok.start - base:words[j - 1].tok.end - base]


def _mention(words: list[Word], i: int, j: int, text: str, base: int, index: int) -> Mention:
    start = i
    while start > 0 and words[start - 1].tag in ("prefix",):
        start -= 1
    name_start = start
    while start > 0 and words[start - 1].tag == "honorific":
        start -= 1
    m = Mention(name_start, j, start, j)
    m.name = _span(words, name_start, j, text, base)
    left = _designation_before(words, start)
    if left < start:
        m.designation = _parse(words, left, start, text, base)
        m.start = left
    end = j
    while end < len(words) and words[end].tag == "honorific_after":
        end += 1
    end = _alias(words, end, m, text, base)
    m.end = end
    for w in words[m.start:m.end]:
        w.owner = index
    return m


def _designation_before(words: list[Word], i: int) -> int:
    """Start of the designation words that end at word i."""
    k = i
    while k > 0:
        w = words[k - 1]
        if w.owner >= 0:
            break
        if w.tag in DESIGNATION or w.tag == "honorific":
            k -= 1
        elif w.tag == "sep" and w.tok.key != "," and k - 2 >= 0 and words[k - 2].tag in DESIGNATION - {"glue"}:
            k -= 1
        elif _jurisdiction_name(words, k - 1):
            k -= 1
        else:
            break
    while k < i and words[k].tag in ("glue", "sep", "honorific", "punct"):
        k += 1
    return k


def _jurisdiction_name(words: list[Word], k: int) -> bool:
    """An unknown one-word place before a unit word: "हांसी विधानसभा प्रभारी"."""
    return (words[k].tag == "name" and k + 1 < len(words) and words[k + 1].tag in ("level", "noun")
            and (k == 0 or words[k - 1].tag not in ("name", "prefix", "honorific")))


def _designation_after(words: list[Word], m: Mention, text: str, base: int, index: int) -> None:
    """Designation words after a name, when no other name follows them."""
    if m.designation is not None and m.designation.post:
        return
    k = m.end
    while k < len(words) and words[k].owner < 0 and words[k].tag in DESIGNATION:
        k += 1
    if k < len(words) and words[k].tag in ("name", "honorific", "prefix"):
        return
    while k > m.end and words[k - 1].tag == "glue":
        k -= 1
    if k == m.end:
        return
    d = _parse(words, m.end, k, text, base)
    if d.post or d.wing:
        m.designation = d if m.designation is None or not m.designation.post else m.designation
        for w in words[m.end:k]:
            w.owner = index
        m.end = k


def _alias(words: list[Word], k: int, m: Mention, text: str, base: int) -> int:
    """A nickname in brackets or quotes, or after उर्फ, right after the name."""
    if k < len(words) and words[k].tok.text in ("(", "'", "‘", '"', "“"):
        close = {"(": ")", "'": "'", "‘": "’", '"': '"', "“": "”"}[words[k].tok.text]
        e = k + 1
        while e < len(words) and words[e].tag == "name":
            e += 1
        if e > k + 1 and e < len(words) and words[e].tok.text == close:
            m.aliases.append(_span(words, k + 1, e, text, base))
            return e + 1
    if k + 1 < len(words) and words[k].tok.key == "उर्फ" and words[k + 1].tag == "name":
        e = k + 1
        while e < len(words) and words[e].tag == "name":
            e += 1
        m.aliases.append(_span(words, k + 1, e, text, base))
        return e
    return k


def _parse(words: list[Word], i: int, j: int, text: str, base: int) -> Designation:
    span = words[i:j]
    return parse(_span(words, i, j, text, base), [w.unit for w in span], [w.place for w in span])


def _share_designations(words: list[Word], mentions: list[Mention]) -> None:
    """"संयोजक A एवं B": B, printed with no designation, holds A's."""
    for a, b in zip(mentions, mentions[1:]):
        between = words[a.end:b.start]
        if (b.designation is None and a.designation is not None and a.designation.post
                and a.start < a.name_start and len(between) == 1 and between[0].tag == "sep"
                and between[0].tok.key != ","):
            b.designation = a.designation
            b.shared = True


# --- groups ------------------------------------------------------------------

def _between_names(w: Word, fillers: set[str]) -> bool:
    """Words that may stand between two names of one list."""
    return (w.tag in ("sep", "honorific_after", "place", "glue") and w.tok.key not in ("के", "कि", "का", "से")
            or w.tok.key in fillers or w.tok.text in ("(", ")", "'", "‘", "’", '"', "“", "”"))


def groups(words: list[Word], mentions: list[Mention]) -> list[Group]:
    """Mentions joined only by separators, honorifics and fillers."""
    fillers = lexicon.get().fillers
    out: list[Group] = []
    for m in mentions:
        if out:
            last = out[-1]
            between = words[last.end:m.start]
            if all(_between_names(w, fillers) for w in between):
                last.mentions.append(m)
                last.end = m.end
                continue
        out.append(Group([m], m.start, m.end))
    for g in out:  # a one-word name is a person only in a list of full names
        if sum(1 for m in g.mentions if not m.listed) < 2:
            g.mentions = [m for m in g.mentions if not m.listed]
    return [g for g in out if g.mentions]
