"""People named in one sentence, with their designations, grouped into lists.

Each word is tagged from the lexicons: a designation word (org, wing, level,
post, unit noun, पूर्व), a gazetteer place, an honorific, a separator, a word that
is never a name, an INITIAL (a letter's name and its dot before a name: के.एस.
रौतेला), or NAME (a Devanagari word found in no list). A person mention is a run
of NAME and INITIAL words; the designation words right before it (or, when no
name follows, right after it, also in brackets: "X (जिला महामंत्री)") are its
designation. Mentions separated only by commas and conjunctions form a group,
which shares the role cues around it. In a list item (a line that only names
people, see lists.py) a one-word name is a name, and a designation may follow
the name after a comma ("शिवलाल किस्कू, जिला कोषाध्यक्ष").
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from . import lexicon, matcher, places
from .designations import Designation, parse
from .lexicon import Unit
from .tokens import Token

DESIGNATION = {"org", "wing", "level", "post", "noun", "former", "place", "glue"}
_class = lexicon.word_class  # closed word classes of data/grammar.toml
_INITIAL_FROM = {"name", "glue", "other", "sep", "honorific_after", "unknown"}  # tags a letter's name may have had
_BRACKET_MAX = 8  # words of a designation in brackets


@dataclass(slots=True)
class Word:
    tok: Token
    tag: str  # name | initial | honorific | honorific_after | prefix | sep | punct | other | org | wing | level | post | noun | former | place | glue
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
    alone: bool = False  # a one-word name printed as a list item of its own

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
    _mark_initials(words, lex.initials)
    _mark_divisions(words, keys, lex)
    _mark_given_names(words, lex)
    return words


def _mark_given_names(words: list[Word], lex) -> None:
    """A town's name that is also a given name, before a surname inside a list of names, is
    the given name ("…, रमेश साव, …")."""
    for k, w in enumerate(words[:-1]):
        nxt = words[k + 1]
        after = words[k + 2] if k + 2 < len(words) else None
        if (w.tag == "place" and k > 0 and words[k - 1].tok.key == "," and nxt.tag == "name" and not nxt.tok.dash
                and (w.place or "") == w.tok.text and (after is None or after.tag in ("sep", "punct")
                                                       or after.tok.key in lex.fillers)):
            w.tag, w.place, w.where = "name", None, None


def _mark_divisions(words: list[Word], keys: list[str], lex) -> None:
    """"झांसी मंडल", "देवीपाटन मंडलाध्यक्ष": a मंडल named after a revenue division is a division."""
    k = 1
    while k < len(words):
        unit = words[k].unit
        if unit is None or unit.level != "mandal" or words[k - 1].unit is unit:
            k += 1
            continue
        named = next((n for n in (2, 1) if k >= n and tuple(keys[k - n:k]) in lex.revenue_divisions), 0)
        if not named:
            k += 1
            continue
        for w in words[k - named:k]:
            if w.tag == "name":  # a division the gazetteer lacks (देवीपाटन) is a place, not a name
                w.tag, w.place = "place", w.tok.text
        division = replace(unit, level="division", code="division" if unit.kind == "level" else unit.code)
        while k < len(words) and words[k].unit is unit:
            words[k].unit = division
            k += 1


def _mark_initials(words: list[Word], initials: set[str]) -> None:
    """A letter's name with a dot right after it, before a name or another initial,
    is part of the name ("के.एस. रौतेला", "एस. एन. तिवारी"); after a name, जी. is a title."""
    for k in range(len(words) - 3, -1, -1):
        w, dot, nxt = words[k], words[k + 1], words[k + 2]
        abbreviated = dot.tok.text == "०" and len(w.tok.text) <= 3  # "न०" for नारायण, "प्र०" for प्रकाश
        if (w.tok.kind == "dev" and (w.tok.key in initials or abbreviated) and w.tag in _INITIAL_FROM
                and dot.tok.text in (".", "०") and dot.tok.start == w.tok.end and nxt.tag in ("name", "initial")
                and not (w.tag == "honorific_after" and k > 0 and words[k - 1].tag == "name")):
            w.tag = dot.tag = "initial"


def _tag_at(lex, tokens, keys, i, found) -> tuple[int, list[Word]]:
    t = tokens[i]
    if _list_number(tokens, i):  # "उपस्थित रहे: 1. A 2. B": a number that opens a list item parts it from the last
        return 2, [Word(t, "sep"), Word(tokens[i + 1], "sep")]
    if t.kind == "punct":
        return 1, [Word(t, "sep" if t.key in lex.separators else ("glue" if t.key in _class("designation_glue") else "punct"))]
    if t.kind != "dev":
        unit = lex.units.match(keys, i) if t.kind == "lat" else None  # "BJP", "Nsui", "IT सेल"
        if unit is not None:
            return unit[0], [Word(x, unit[1].kind, unit[1]) for x in tokens[i:i + unit[0]]]
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
    tag = _word_tag(lex, t.key)
    if tag == "name" and t.key not in lex.person_words and (post := lexicon.compound_post(t.key)) is not None:
        return 1, [Word(t, "post", post)]
    if tag == "other" and t.key.endswith(lexicon.ending_class("oblique_plural")) and (post := lexicon.plural_post(t.key)) is not None:
        return 1, [Word(t, "post", post)]  # "मंडल प्रभारियों A एवं B": a post shared by the names
    return 1, [Word(t, tag)]


def _list_number(tokens, i: int) -> bool:
    """tokens[i] numbers a list item: one to three digits, "." or ")" right after it, then a word."""
    t = tokens[i]
    return (t.kind == "num" and len(t.text) <= 3 and i + 2 < len(tokens) and tokens[i + 1].text in (".", ")")
            and tokens[i + 1].start == t.end and tokens[i + 2].kind == "dev"
            and (i == 0 or tokens[i - 1].end < t.start or tokens[i - 1].text in ("(", ":")))


def _word_tag(lex, key: str) -> str:
    if key in lex.honor_after:
        return "honorific_after"
    if key in _class("designation_glue"):
        return "glue"
    if key in lex.separators:
        return "sep"
    if key in lex.nonnames or key.endswith(lexicon.ending_class("oblique_plural")) or len(key) < 2:
        return "other"
    return "name"


# --- mentions ----------------------------------------------------------------

def find(words: list[Word], text: str, base: int, blocked: set[int], item: bool = False) -> list[Mention]:
    """Person mentions in a tagged sentence; words in `blocked` (reported speech) are skipped.

    `text` is the sentence and `base` its offset in the article; `item` says that
    the sentence is a list item (lists.is_item)."""
    _require_evidence(words, item)
    out: list[Mention] = []
    keys, tags = [w.tok.key for w in words], [w.tag for w in words]
    i = 0
    while i < len(words):
        if words[i].tag not in ("name", "initial") or i in blocked or words[i].owner >= 0:
            i += 1
            continue
        j = i + 1
        while j < len(words) and _continues(words[j]) and j not in blocked:
            j += 1
        dashed = j < len(words) and words[j].tag == "name" and words[j].tok.dash
        j = _surname_word(words, i, j, item)
        if _town_before_name(words, i, j):
            words[i].tag, words[i].place = "place", words[i].tok.text
            i += 1
        size = _size(words, i, j)
        if size == 1 and _jurisdiction_after(words, i):
            words[i].tag, words[i].place = "place", words[i].tok.text
            i += 1
            continue
        if not dashed and not _dashed_before(words, i) and 0 < size <= 4:
            m = _mention(words, i, j, text, base, len(out))
            m.listed = size == 1 and _in_list(words, m.start, m.end)
            m.alone = size == 1 and item and not out
            if size > 1 or m.listed or m.alone or (_single_ok(keys, tags, i) or _evidence(words, i, j, known=False)) \
                    and not _org_name_word(words, i):
                out.append(m)
                if m.end > j:  # the mention took the honorific after the name: what follows is a run of its own
                    i = m.end
                    continue
            else:
                for w in words[m.start:m.end]:
                    w.owner = -1
        while j < len(words) and words[j].tag in ("name", "initial"):
            j += 1
        i = j
    for k, m in enumerate(out):
        _designation_after(words, m, text, base, k)
        if item:
            _designation_after_comma(words, m, text, base, k)
    _share_designations(words, out)
    return out


# --- evidence for names ---------------------------------------------------------

_NAME_RUN = ("name", "initial", "prefix")
_QUOTES = ("(", ")", "'", "‘", "’", '"', "“", "”")
_BEFORE_NAME = ("honorific", "post", "prefix", "initial")


def _runs(words: list[Word]) -> list[tuple[int, int]]:
    """Spans of words that may form a name (name words, initials, prefixes)."""
    out, i = [], 0
    while i < len(words):
        if words[i].tag in _NAME_RUN and words[i].tok.kind != "punct" or words[i].tag == "initial":
            j = i + 1
            while j < len(words) and _continues(words[j]):
                j += 1
            j = _surname_word_at(words, j)
            if any(w.tag == "name" for w in words[i:j]):
                out.append((i, j))
            i = j
        else:
            i += 1
    return out


def _surname_word_at(words: list[Word], j: int) -> int:
    """After a name, a unit word that is also a surname (मंडल) before a comma or the list's
    end belongs to the name ("गोपाल मंडल, …")."""
    lex = lexicon.get()
    if j < len(words) and words[j].tok.key in lex.surname_words and not words[j].tok.dash:
        after = words[j + 1] if j + 1 < len(words) else None
        if (after is None or after.tag in ("sep", "punct") or after.tok.key in lex.fillers
                or after.tok.key in _class("after_single_name") or _cue_after(words, j + 1)):
            return j + 1  # "सुरेश कुमार मंडल की अध्यक्षता में", "… मंडल ने"
    return j


def _cue_after(words: list[Word], k: int) -> bool:
    """A role cue that follows names starts at words[k] ("की अध्यक्षता", "के नेतृत्व")."""
    return k < len(words) and lexicon.get().cues["after"].match([w.tok.key for w in words], k) is not None


def _require_evidence(words: list[Word], item: bool) -> None:
    """A word in no lexicon is not a name by itself: a run of such words is a name only with
    positive evidence (a known given name or surname, an initial, a title or post before it,
    ने/द्वारा/जी or a role cue after it, a list item of its own, or a place in a list whose
    other members are names). Runs without evidence are tagged `unknown` (programme, body,
    region and ritual words, typos), which neither split a list nor become people."""
    _romanised_towns(words)
    runs = _runs(words)
    named = [not _jurisdiction_run(words, i, j) and (item or _evidence(words, i, j)) for i, j in runs]
    changed = True
    while changed:  # list structure: a run joined by separators to a name is a name
        changed = False
        for n, (i, j) in enumerate(runs):
            if not named[n] and not _jurisdiction_run(words, i, j) and any(
                    named[m] and _listed_with(words, runs[m], (i, j)) for m in (n - 1, n + 1)
                                    if 0 <= m < len(runs)):
                named[n] = changed = True
    for ok, (i, j) in zip(named, runs):
        if not ok:
            for w in words[i:j]:
                if w.tag == "name":
                    w.tag = "unknown"


def _romanised_towns(words: list[Word]) -> None:
    """"जिला सचिव सपा रामगंज सुनील राही": inside a designation (after a body, post or level word)
    and before a known given name, a word in no lexicon, shaped like a town's name (-गंज, -पुर …),
    that LGD knows by its English name as one place in India is that place — the unit's town,
    not the start of the name."""
    lex = lexicon.get()
    for k in range(1, len(words) - 1):
        w = words[k]
        if (w.tag == "name" and w.tok.kind == "dev" and w.tok.key not in lex.person_words
                and w.tok.key.endswith(lexicon.ending_class("place_endings"))
                and words[k - 1].tag in ("org", "post", "level", "wing")
                and words[k + 1].tok.key in lex.given_names
                and (found := places.sounded_anywhere(w.tok.text)) is not None):
            w.tag, w.place, w.where = "place", w.tok.text, found


def _jurisdiction_run(words: list[Word], i: int, j: int) -> bool:
    """One word of no list before a unit word: a jurisdiction ("जरमुंडी प्रखंड अध्यक्ष"), not a name."""
    return (j - i == 1 and words[i].tok.key not in lexicon.get().person_words and j < len(words)
            and (words[j].tag in ("level", "noun") or words[j].tag == "post" and words[j].unit is not None
                 and words[j].unit.level is not None))


def _evidence(words: list[Word], i: int, j: int, known: bool = True) -> bool:
    """Whether words[i:j] is a name: by the name lexicons (when `known`), or by its place."""
    lex = lexicon.get()
    if any(known and w.tok.key in lex.person_words or w.tag == "initial" for w in words[i:j]):
        return True
    if j - i == 1 and _org_name_word(words, i):
        return False  # a word after a body's name belongs to it ("महिला मोर्चो", a faction's name)
    k = i - 1
    while k >= 0 and i - k <= 4 and (words[k].tok.text in (":", "-") or words[k].tag in ("place", "wing", "org", "level", "noun")
                                     or words[k].tag == "unknown" and k > 0 and words[k - 1].tag == "post"):
        k -= 1  # "जिलाध्यक्ष पौड़ी X", "जिलाध्यक्ष हरिद्वार ग्रामीण X": the post's place between
    if k >= 0 and words[k].tag in _BEFORE_NAME:
        return True
    e = j
    while e < len(words) and words[e].tag == "honorific_after":
        e += 1
    if e > j and words[e - 1].tok.key in _class("ji"):
        return True
    keys = [w.tok.key for w in words]
    along = False
    closed = False  # a filler or सहित seen: the list may go on with a group noun ("A आदि कार्यकर्ता उपस्थित रहे")
    while e < len(words) and e - j < 10:
        if (keys[e] in _class("after_single_name") or words[e].tok.text == "("
                or any(lex.cues[where].match(keys, e) is not None for where in ("after", "tail"))):
            return True
        if (adverb := lex.not_designations.match(keys, e)) is not None:  # "आदि प्रमुख रूप से मौजूद रहीं"
            e += adverb[0]
            continue
        along = along or keys[e] in _class("along_with")  # "A समेत विभिन्न वार्डों के कार्यकर्ता …"
        closed = closed or along or keys[e] in lex.fillers
        if not (along or keys[e] in lex.fillers or closed and keys[e] in lex.group_words
                or words[e].tok.kind == "num" or words[e].tag == "honorific"
                or words[e].tag in DESIGNATION - {"glue", "place"}):  # "X ब्लॉक संगठक की अध्यक्षता"
            break
        e += 1
    # "X युवा कांग्रेस जिलाध्यक्ष, …": a name printed before its designation
    return any(w.tag == "post" for w in words[j:e]) and (e == len(words) or words[e].tag in ("sep", "punct"))


def _listed_with(words: list[Word], a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Two runs of one list: only separators, fillers, honorifics and bracketed words between them."""
    lo, hi = (a[1], b[0]) if a[0] < b[0] else (b[1], a[0])
    gap = words[lo:hi]
    if gap and (gap[0].tag == "sep" and _designation_gap(gap[1:]) or gap[-1].tag == "sep" and _designation_gap(gap[:-1])):
        return True  # ", जिलाध्यक्ष हरिद्वार ग्रामीण X", "A युवा कांग्रेस जिलाध्यक्ष, B": a designation between
    return any(w.tag == "sep" or w.tok.text in _QUOTES or w.tok.kind == "num" for w in gap) and len(gap) <= 4 and all(
        w.tag in ("sep", "honorific", "honorific_after", "place") or w.tok.text in _QUOTES or w.tok.key in _class("from")
        or w.tok.kind == "num" or w.tok.text == "." or w.tok.key in lexicon.get().fillers for w in gap)


def _designation_gap(gap: list[Word]) -> bool:
    """Words of a designation with a post, and at most one word of no list among them."""
    loose = sum(1 for w in gap if w.tag in ("other", "unknown"))
    return (len(gap) <= 7 and loose <= 1 and any(w.tag == "post" for w in gap)
            and all(w.tag in DESIGNATION or w.tag in ("honorific", "other", "unknown") for w in gap))


# Units whose place the gazetteer names (every state and district): an unknown word after such a
# unit's post starts a name ("जिला अध्यक्ष X Y Z" is a three-word name), not the unit's town.
_NAMED_UNITS = ("district", "state", "national")


def _town_before_name(words: list[Word], i: int, j: int) -> bool:
    """"ब्लॉक अध्यक्ष बुढ़ाना संजीव राठी": after a unit's post printed without its place,
    the first of three or four unknown words is the unit's town, unless the second is a
    word that stands second in names (राम कुमार यादव); so is one word before an honorific
    ("ब्लॉक अध्यक्ष बुढ़ाना श्री संजीव राठी": the name starts at श्री)."""
    titled = j - i == 1 and j < len(words) and words[j].tag == "honorific"
    if not (3 <= j - i <= 4 or titled) or any(w.tag != "name" for w in words[i:j]) or i < 2:
        return False
    post, level = words[i - 1], words[i - 2]
    if post.tag != "post" or level.tag != "level" or level.unit is None or level.unit.level in _NAMED_UNITS:
        return False
    k = i - 2
    while k > 0 and words[k - 1].tag in DESIGNATION - {"glue"}:
        k -= 1
    middle = lexicon.get().middle_names
    return (not any(w.tag == "place" for w in words[k:i])
            and (titled or words[i].tok.key not in middle and words[i + 1].tok.key not in middle))


def _size(words: list[Word], i: int, j: int) -> int:
    """Words of a name: its name words and initials, not the initials' dots; 0 when
    it has initials only."""
    if not any(w.tag == "name" for w in words[i:j]):
        return 0
    return sum(1 for w in words[i:j] if w.tok.kind == "dev")


def _org_name_word(words: list[Word], i: int) -> bool:
    """A word of no lexicon right after a body's name is part of it ("भारतीय किसान यूनियन डकौंदा")."""
    return i > 0 and words[i - 1].tag in ("org", "wing") and words[i].tok.key not in lexicon.get().person_words


def _jurisdiction_after(words: list[Word], i: int) -> bool:
    """"A मंडल अध्यक्ष सदर, B …": one word of no name lexicon ending a list item after the
    designation printed after a name is the post's jurisdiction, not a person."""
    if words[i].tok.key in lexicon.get().person_words or i + 1 < len(words) and words[i + 1].tag not in ("sep", "punct"):
        return False
    k = i
    while k > 0 and words[k - 1].tag in ("level", "post", "org", "wing"):
        k -= 1
    before = k - 1
    while before > 0 and words[before].tag == "honorific_after":  # "A जी मंडल अध्यक्ष सदर, …"
        before -= 1
    return k < i and words[i - 1].tag == "post" and before >= 0 and words[before].tag == "name"


def _single_ok(keys: list[str], tags: list[str], i: int) -> bool:
    """A one-word name (a surname referring back) stands after a title or post, or before ने/जी
    (patterns titled_single_name, single_name_subject)."""
    return (i > 0 and matcher.match("titled_single_name", keys, i - 1, tags=tags) is not None
            or matcher.match("single_name_subject", keys, i, tags=tags) is not None)


def _in_list(words: list[Word], start: int, end: int) -> bool:
    """A one-word name between separators of a list, or opening one mid-sentence
    ("मौके पर आशीष, हरिकेश, रामप्रवेश महतो …")."""
    before = words[start - 1] if start > 0 else None
    after = words[end] if end < len(words) else None
    if before is None or after is None:
        return False
    if before.tag != "sep":
        return before.tag in ("other", "glue") and after.tok.key == ","
    return after.tag == "sep" or after.tok.text == "(" or after.tok.key in lexicon.get().fillers


def _surname_word(words: list[Word], i: int, j: int, item: bool) -> int:
    """A unit word that is also a surname (मंडल, कुमारी), or a place after a one-word
    name (अनीता चमोली) or ending a list item's name (गोविंद बल्लभ कर्नाटक), ends a
    name when a list goes on after it."""
    if j >= len(words) or words[j].tok.dash:
        return j
    w = words[j]
    if w.tok.key in lexicon.get().surname_words or ((j - i == 1 or item) and w.tag == "place"):
        after = words[j + 1] if j + 1 < len(words) else None
        if (after is None or after.tag in ("sep", "punct", "other") or after.tok.text == "("
                or after.tok.key in lexicon.get().fillers or _cue_after(words, j + 1)):
            if w.tag == "place":  # a surname, not where the meeting was
                w.tag, w.place, w.where = "name", None, None
            return j + 1
    return j


def _continues(w: Word) -> bool:
    """A word that continues a name: another name word, an initial, or a prefix word (मोहम्मद यूसुफ शेख)."""
    return (w.tag == "initial" or w.tag in ("name", "prefix") and w.tok.kind != "punct") and not w.tok.dash


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
        right = start - (words[start - 1].tok.text == ":")
        m.designation = _parse(words, left, right, text, base)
        if left > 0 and words[left - 1].tag == "unknown":  # "बीस सूत्री [अध्यक्ष] X": another body's post
            m.designation.body_words += (words[left - 1].tok.key,)
        m.start = left
    end = j
    while end < len(words) and words[end].tag == "honorific_after":
        end += 1
    end = _alias(words, end, m, text, base)
    end = _bracketed(words, end, m, text, base)
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
        elif ((w.tag == "sep" and w.tok.key != "," or w.tok.text == ":")  # "संयोजक A एवं B", "जिला कोषाध्यक्ष: A"
              and k - 2 >= 0 and words[k - 2].tag in DESIGNATION - {"glue"}):
            k -= 1
        elif _jurisdiction_name(words, k - 1) or _unit_name_word(words, k - 1):
            k -= 1
        elif w.tok.key in lexicon.get().ministries or (w.tag == "sep" and w.tok.key != "," and k >= 2
                                                        and words[k - 2].tok.key in lexicon.get().ministries):
            k -= 1  # a portfolio: "ऊर्जा व पर्यावरण मंत्री X"
        elif w.tok.key == "," and _posts_chain(words, k - 1):
            k -= 1  # a chain of posts: "महिला मोर्चा जिलाध्यक्ष, नगर निगम पार्षद और … चेयरपर्सन X"
        elif (loose := _body_name(words, k, i)) > 0:
            k -= loose
        else:
            break
    while k < i and words[k].tag in ("glue", "sep", "honorific", "punct"):
        k += 1
    return k


def _posts_chain(words: list[Word], comma: int) -> bool:
    """The designation before this comma is the first of a chain of one person's posts, not
    the designation printed after an earlier name ("A युवा कांग्रेस जिलाध्यक्ष, B")."""
    j = comma - 1
    if j < 0 or words[j].tag != "post" or words[j].owner >= 0:
        return False
    while j >= 0 and words[j].owner < 0 and (words[j].tag in DESIGNATION or words[j].tag == "unknown"):
        j -= 1
    return j < 0 or words[j].tag not in ("name", "initial", "prefix", "honorific_after", "sep")


_BODY_NAME_MAX = 3  # words of a body's or programme's name inside a designation


def _body_name(words: list[Word], k: int, i: int) -> int:
    """"जल संरक्षण अभियान के जिला संयोजक X", "व्यावसायिक प्रकोष्ठ से X": words of no designation
    list naming the body, programme or unit whose words follow, at the start of a list item.
    Returns how many words, or 0."""
    joined = words[k].tok.key in _class("genitive") and k + 1 < i
    if k >= i or not (joined or words[k].tag in DESIGNATION - {"glue"}):
        return 0  # "व्यावसायिक प्रकोष्ठ से X": an adjective of the unit
    lex = lexicon.get()
    n = 0
    while (k - n - 1 >= 0 and n < _BODY_NAME_MAX and words[k - n - 1].owner < 0
           and words[k - n - 1].tag in ("other", "unknown", "name") and words[k - n - 1].tok.kind == "dev"
           and words[k - n - 1].tok.key not in lex.languages["hindi"]):
        n += 1
    before = words[k - n - 1] if k - n - 1 >= 0 else None
    chained = before is not None and (before.tok.key == "," or before.tag == "sep" and _posts_before(words, k - n - 1))
    if not joined and (any(w.tok.key in lex.cue_words for w in words[k - n:k]) or not chained):
        return 0  # an adjective of a unit only after a list's comma, or after "और" in a chain of posts
    # the body's name stands at the start of a list item or after designation words
    return n if n and (before is None or before.tag in ("sep", "punct") or before.tag in DESIGNATION) else 0


def _posts_before(words: list[Word], conj: int) -> bool:
    """A post right before this conjunction: "[post] और [body words] [post] X"."""
    return conj > 0 and words[conj - 1].tag == "post" and words[conj - 1].owner < 0


def _jurisdiction_name(words: list[Word], k: int) -> bool:
    """An unknown one-word place before a unit word or a post of a level: "हांसी विधानसभा
    प्रभारी", "बागपत जिलाध्यक्ष"."""
    if words[k].tag not in ("name", "unknown") or k + 1 >= len(words) or (
            k > 0 and words[k - 1].tag in ("name", "prefix", "honorific")):
        return False
    nxt = words[k + 1]
    return nxt.tag in ("level", "noun") or nxt.tag == "post" and nxt.unit is not None and nxt.unit.level is not None


def _unit_name_word(words: list[Word], k: int) -> bool:
    """A word of no list inside a unit's name: "जिला योजना बोर्ड के चेयरमैन"."""
    lex = lexicon.get()
    w = words[k]
    return (w.tag in ("other", "name", "unknown") and w.owner < 0 and 0 < k < len(words) - 1
            and words[k + 1].tag == "noun" and words[k - 1].tag in ("level", "place", "org")
            and w.tok.key not in lex.cue_words and w.tok.key not in lex.languages["hindi"])


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
    if k + 1 < len(words) and words[k].tok.key in _class("alias") and words[k + 1].tag == "name":
        e = k + 1
        while e < len(words) and words[e].tag == "name":
            e += 1
        m.aliases.append(_span(words, k + 1, e, text, base))
        return e
    return k


def _bracketed(words: list[Word], k: int, m: Mention, text: str, base: int) -> int:
    """A designation or place in brackets right after the name ("(जिला महामंत्री)",
    "(देहरादून महानगर)", "(हिंदपीढ़ी प्रखंड अध्यक्ष)", "(प्रखंड उपाध्यक्ष, बड़हरा)",
    "(ग्राम बड़ागांव)"): the mention owns it."""
    if k >= len(words) or words[k].tok.text != "(":
        return k
    locality = lexicon.get().locality
    e = k + 1
    while e < len(words) and words[e].tok.text != ")":
        w = words[e]
        unknown_town = w.tag == "name" and e + 1 < len(words) and words[e + 1].tok.text == ")" and (
            words[e - 1].tok.key == "," or words[e - 1].tok.key in locality)
        if e - k > _BRACKET_MAX or not (w.tag in DESIGNATION or w.tag == "sep" or w.tok.key in locality
                                        or unknown_town or _jurisdiction_name(words, e)):
            return k
        e += 1
    if e >= len(words) or e == k + 1:
        return k
    d = _parse(words, k + 1, e, text, base)
    if d.post and (m.designation is None or not m.designation.post):
        m.designation = d
    return e + 1


def _designation_after_comma(words: list[Word], m: Mention, text: str, base: int, index: int) -> None:
    """A list item's designation after a comma or colon: "शिवलाल किस्कू, जिला कोषाध्यक्ष"."""
    if m.designation is not None and m.designation.post:
        return
    k = m.end
    if k + 1 >= len(words) or words[k].tok.text not in (",", ":") or words[k + 1].owner >= 0:
        return
    e = k + 1
    while e < len(words) and words[e].owner < 0 and (words[e].tag in DESIGNATION or _jurisdiction_name(words, e)):
        e += 1
    while e > k + 1 and words[e - 1].tag == "glue":
        e -= 1
    if e == k + 1:
        return
    d = _parse(words, k + 1, e, text, base)
    if d.post:
        m.designation = d
        for w in words[k:e]:
            w.owner = index
        m.end = e


def _parse(words: list[Word], i: int, j: int, text: str, base: int) -> Designation:
    span = words[i:j]
    d = parse(_span(words, i, j, text, base), [w.unit for w in span], [w.place for w in span])
    lex = lexicon.get()
    # words of no unit list inside ("बीस सूत्री", "समाज कल्याण बोर्ड"): the post is of another body
    d.body_words = tuple(w.tok.key for w in span if w.tag in ("unknown", "other") and w.tok.kind == "dev"
                         and w.tok.key not in lex.languages["hindi"] or w.tok.key in lex.body_nouns)
    return d


def _share_designations(words: list[Word], mentions: list[Mention]) -> None:
    """"मंडल प्रभारियों A एवं B", "संयोजक A व B दोनों": a post printed once before several
    names is shared only when the text marks it so (a plural post, दोनों); else it is the first
    name's alone (gold README v2.2)."""
    for a, b in zip(mentions, mentions[1:]):
        between = words[a.end:b.start]
        after = words[b.end].tok.key if b.end < len(words) else ""
        designation = words[a.start:a.name_start]
        plural = any(w.tag == "post" and w.tok.key.endswith(lexicon.ending_class("oblique_plural")) for w in designation) or len(
            {w.unit.wing for w in designation if w.unit is not None and w.unit.wing}) >= 2  # one unit a name
        if (b.designation is None and a.designation is not None and a.designation.post
                and a.start < a.name_start and len(between) == 1 and between[0].tag == "sep"
                and between[0].tok.key != "," and (plural or after in _class("both"))):
            b.designation = a.designation
            b.shared = True


# --- groups ------------------------------------------------------------------

def _between_names(w: Word, fillers: set[str]) -> bool:
    """Words that may stand between two names of one list."""
    return (w.tag in ("sep", "honorific_after", "place", "glue") and w.tok.key not in _class("designation_glue")
            or w.tok.key in fillers or w.tok.text in ("(", ")", "'", "‘", "’", '"', "“", "”", ".")
            or w.tok.kind == "num")  # "1. A 2. B": an inline numbered list


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
    given = lexicon.get().given_names
    for g in out:  # a one-word name between commas needs a list of full names, or evidence of its own
        if sum(1 for m in g.mentions if not m.listed) < 2:
            g.mentions = [m for m in g.mentions if not m.listed or words[m.name_start].tok.key in given
                          or _evidence(words, m.name_start, m.name_end, known=False)]
    return [g for g in out if g.mentions]
