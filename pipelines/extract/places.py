"""Place names in Hindi text, linked to India's Local Government Directory (LGD).

Data (all in `data/`, see GAZETTEER.md): `gazetteer.tsv` (Devanagari names of
LGD states, districts, sub-districts, blocks and towns), `place_aliases.tsv`
(common news spellings and short forms), `place_stopwords.toml` (place names
that are also common words or surnames: never, or only before a place word,
found in running text), `places_latin.tsv` (LGD entities known by their English
name only, found by sound where the text says a word is a place).

Names are compared after `normalize`: NFC, ZWJ/ZWNJ removed, nukta dropped
(ज़ = ज, ड़ = ड, ऱ = र), chandrabindu -> anusvara, a nasal consonant + virama before
a consonant of its own class -> anusvara (झारखण्ड = झारखंड, चन्द्र = चंद्र), hyphens ->
spaces. A name printed otherwise is looked up in two looser tiers, each only when
the tier before finds nothing (in the given states):
- its *spelling key* (`spelling_key`): also long i/u = short (`normalise.fold`: मीरजापुर
  = मिरजापुर), a vowel sign printed twice = once, any nasal + virama before a stop
  -> anusvara (मन्डी = मंडी), and the words joined (रामगंजमंडी = रामगंज मण्डी);
- its *skeleton* (`skeleton`): the spelling key without viramas (मिरजापुर = मिर्जापुर,
  सुलतानगंज = सुल्तानगंज), used only when it has at least four consonants and all
  gazetteer names with it denote one place (in the given states).
In running text a word of fewer than three consonants keeps its vowel lengths
(पूरी "whole" is not पुरी). See GAZETTEER.md for the collisions these keys make.
A union territory's name that also names its city (चंडीगढ़, पुदुचेरी, दिल्ली) reads
as the city (district or town of the UT); the name of a state stays a state.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Collection, Iterable

from . import data, lexicon, normalise
from .normalise import fold


# Preference when one name denotes several kinds of entity.
KIND_RANK = {"state": 0, "district": 1, "town": 2, "subdistrict": 3, "block": 4}


@dataclass(frozen=True)
class Place:
    name: str  # canonical Devanagari name in the gazetteer
    kind: str  # state | district | town | subdistrict | block
    state: str  # English state/UT name, e.g. "Chhattisgarh"
    state_code: int
    district_code: int | None  # None for a state, and for a town whose district is unknown
    code: int | None  # the entity's own LGD code (state code for a state); None for a UT's
    # city that LGD lists as no entity of its own (Delhi)


# --- normalisation -------------------------------------------------------

_HYPHENS = {ord("-"): " ", 0x2013: " "}


@lru_cache(maxsize=200_000)
def normalize(name: str) -> str:
    """Comparable form of a place name (`normalise.base`, hyphens as spaces, spaces collapsed)."""
    return " ".join(normalise.base(name.translate(_HYPHENS)).split())


_VIRAMA = "\u094d"
_TWICE = re.compile("([\u093e-\u094c\u0962\u0963])\\1+")  # a vowel sign printed twice (LGD: फतेहपुुुर)
_ANY_NASAL = re.compile("[ङञणनम]\u094d(?=[क-घच-झट-ढत-धप-भ])")  # न्ड, म्ट: nasal + virama before a stop
_CONSONANT = re.compile("[\u0915-\u0939]")
MIN_SKELETON = 4  # consonants a skeleton needs: shorter ones match too many names
# In running text a word of fewer consonants is matched with its vowel lengths as printed:
# in short words they tell common words from places (पूरी "whole" is not पुरी, दिन is not दीन).
MIN_LENGTH_FOLD = 3


# औ/ओ and ऐ/ए are printed for one another in place names (पिथौरागढ़/पिथोरागढ़).
_DIPHTHONGS = str.maketrans({"\u094c": "\u094b", "\u0948": "\u0947", "\u0914": "\u0913", "\u0910": "\u090f"})


@lru_cache(maxsize=200_000)
def _spell_word(word: str) -> str:
    return _ANY_NASAL.sub("\u0902", _TWICE.sub(r"\1", fold(normalize(word)))).translate(_DIPHTHONGS)


@lru_cache(maxsize=20_000)
def _spell_long(word: str) -> str:
    """`_spell_word` keeping vowel lengths as printed."""
    return _ANY_NASAL.sub("\u0902", _TWICE.sub(r"\1", normalize(word).replace(" ", "")))


def spelling_key(name: str) -> str:
    """The looser form of a name (see module doc): 'मीरजापुर' -> 'मिरजापुर', 'भवानी मण्डी' -> 'भवानिमंडि'."""
    return "".join(_spell_word(w) for _, _, w in _words(name))


def skeleton(name: str) -> str:
    """The spelling key without viramas: 'मीरजापुर' and 'मिर्ज़ापुर' -> 'मिरजापुर'."""
    return spelling_key(name).replace(_VIRAMA, "")


def _consonants(s: str) -> int:
    return len(_CONSONANT.findall(s))




def strip_case_markers(phrase: str) -> str:
    """'कवर्धा में' -> 'कवर्धा'; removes trailing postpositions (space-separated) only."""
    words = phrase.split()
    markers = lexicon.word_class("case_markers")
    while len(words) > 1 and fold(words[-1]) in markers:
        words.pop()
    return " ".join(words)


# Words: Devanagari letters/signs/digits (not the danda), Latin letters/digits,
# ZWJ/ZWNJ; an abbreviation of short dotted parts ("उ.प्र.", "उ. प्र.") is one word.
_L = "[\u0900-\u0963\u0966-\u097fA-Za-z0-9\u200c\u200d]"
_WORD = re.compile(rf"{_L}{{1,3}}\.(?: ?{_L}{{1,4}}\.)+|{_L}+(?:\.{_L}+)*\.?")


_DEVANAGARI = re.compile("[\u0900-\u097f]")
_DATELINE_END = re.compile(r"[ \t]*[:।|,\-–]")


def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


def _key(name: str) -> tuple[str, ...]:
    return tuple(_word_key(w) for _, _, w in _words(name))


@lru_cache(maxsize=200_000)
def _word_key(word: str) -> str:
    """A word as compared: normalised, Latin loosely, without final dots (म.प्र = म.प्र.)."""
    return (_latin(word) if word.isascii() else normalize(word)).rstrip(".").replace(" ", "")


_LATIN_FOLD = [("aa", "a"), ("ee", "i"), ("oo", "u"), ("w", "v"), ("y", "i"), ("z", "j")]


def _latin(word: str) -> str:
    """Loose key of a romanised word (Kawardha = kavardha, Baloda = Balauda is not attempted)."""
    s = word.lower()
    s = re.sub(r"(?<=[bcdgjkpst])h", "", s)  # aspiration is spelt inconsistently
    for a, b in _LATIN_FOLD:
        s = s.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", s)


# --- the gazetteer -------------------------------------------------------

Key = tuple[str, ...]


@dataclass
class _Index:
    by_key: dict[Key, list[Place]]  # normalised words -> entities
    by_first: dict[str, list[Key]]  # first Devanagari word -> keys, longest first
    by_spelling: dict[Key, list[Key]]  # words' spelling keys -> keys (several words, in running text)
    spelling_first: dict[str, list[Key]]  # first word's spelling key -> those, longest first
    by_joined: dict[str, list[Key]]  # spelling key (words joined) -> keys
    by_skeleton: dict[str, list[Key]]  # skeleton -> keys
    identity: dict[Key, frozenset[tuple]]  # key -> what tells its places apart (see `_one_place`)
    uts: dict[str, tuple[int, str]]  # union territory -> (state code, LGD English name)
    states: dict[str, Place]  # normalised state name or alias (words joined by a space) -> state
    stop: frozenset[tuple[str, ...]]  # never a mention in running text
    guarded: frozenset[tuple[str, ...]]  # a mention only before a word of `guard_next`
    stop_spelt: frozenset[str]  # spelling keys of `stop`
    guard_next: frozenset[str]
    guard_not_after: frozenset[str]
    person_next: frozenset[str]  # a one-word name before these is a person's
    person_prev: frozenset[str]  # ... and after these


def _place(row: dict[str, str], name: str) -> Place:
    dc = row["district_code"]
    return Place(name, row["kind"], row["state_en"], int(row["state_code"]),
                 int(dc) if dc else None, int(row["code"]))


@lru_cache(maxsize=1)
def _index() -> _Index:
    by_key: dict[Key, dict[tuple[str, int | None], Place]] = defaultdict(dict)
    entities: dict[tuple[str, str, str], Place] = {}  # (kind, code, state_code) -> Place
    by_en: dict[tuple[str, str, str], Place] = {}  # (kind, state, LGD English name) -> Place
    english: dict[Place, str] = {}  # LGD English name of each entity
    uts: dict[str, tuple[int, str]] = {}  # union territory -> (state code, LGD English name)
    for row in data.tsv("gazetteer.tsv"):
        ident = (row["kind"], row["code"], row["state_code"])
        place = entities.setdefault(ident, _place(row, row["name_hi"]))  # first row names it
        by_en.setdefault((row["kind"], row["state_en"], row["name_en"].lower()), place)
        english.setdefault(place, row["name_en"])
        if row["kind"] == "state" and row["state_or_ut"] == "U":
            uts[row["state_en"]] = (int(row["state_code"]), row["name_en"])
        for name in (row["name_hi"], row["name_en"]):
            by_key[_key(name)][(place.kind, place.code)] = place
    for row in data.tsv("place_aliases.tsv"):
        target = by_en.get((row["kind"], row["state_en"], row["name_en"].lower()))
        if target is None and row["kind"] == "town" and row["name_en"] == uts.get(row["state_en"], (0, ""))[1]:
            # the city of a UT that LGD lists as no entity of its own (Delhi): a town without a code
            target = by_en.setdefault(("town", row["state_en"], row["name_en"].lower()), Place(
                row["alias"], "town", row["state_en"], uts[row["state_en"]][0], None, None))
            english.setdefault(target, row["name_en"])
        if target is None:
            raise ValueError(f"place_aliases.tsv: no {row['kind']} {row['name_en']!r} in {row['state_en']}"
                             " (rebuild gazetteer.tsv with scripts/build_gazetteer.py?)")
        by_key[_key(row["alias"])][(target.kind, target.code)] = target
    ordered = {k: _ordered(v.values(), uts) for k, v in by_key.items()}
    states = {" ".join(k): next(p for p in v if p.kind == "state")
              for k, v in ordered.items() if any(p.kind == "state" for p in v)}
    stop = data.toml("place_stopwords.toml")
    by_first: dict[str, list[Key]] = defaultdict(list)
    by_spelling: dict[Key, list[Key]] = defaultdict(list)
    by_joined: dict[str, list[Key]] = defaultdict(list)
    by_skeleton: dict[str, list[Key]] = defaultdict(list)
    identity: dict[Key, frozenset[tuple]] = {}
    for key, found in ordered.items():
        if not key or not _DEVANAGARI.match(key[0]):
            continue  # English names serve `lookup` only
        by_first[key[0]].append(key)
        spelt = tuple(_spell_word(w) for w in key)
        by_spelling[spelt].append(key)
        by_joined["".join(spelt)].append(key)
        by_skeleton["".join(spelt).replace(_VIRAMA, "")].append(key)
        identity[key] = frozenset(t for p in found for t in _identity(p, english.get(p, "")))
    spelling_first: dict[str, list[Key]] = defaultdict(list)
    for spelt in by_spelling:
        if len(spelt) > 1:
            spelling_first[spelt[0]].append(spelt)
    for table in (by_first, spelling_first):
        for keys in table.values():
            keys.sort(key=len, reverse=True)
    words = {k: frozenset(map(_word_key, stop[k]))
             for k in ("guard_next", "guard_not_after", "person_next", "person_prev")}
    never, guarded = frozenset(map(_key, stop["never"])), frozenset(map(_key, stop["guarded"]))
    return _Index(by_key=ordered, by_first=dict(by_first), by_spelling=dict(by_spelling),
                  spelling_first=dict(spelling_first), by_joined=dict(by_joined), by_skeleton=dict(by_skeleton),
                  identity=identity, uts=uts, states=states, stop=never, guarded=guarded,
                  stop_spelt=frozenset(spelling_key(" ".join(k)) for k in never), **words)


def _identity(p: Place, english: str) -> Iterable[tuple]:
    """What tells a place from another of similar spelling: its state with the sound of its LGD
    English name, and its state with its district (two similar names in one district are one place)."""
    yield (p.state, latin_sound(english))
    if p.district_code is not None:
        yield (p.state, p.district_code)


def _ordered(found: Iterable[Place], uts: dict[str, tuple[int, str]]) -> list[Place]:
    """Best kind first; a union territory after its own city of the same name (चंडीगढ़ the city)."""
    found = list(found)
    cities = {p.state for p in found if p.kind != "state" and p.state in uts}
    return sorted(found, key=lambda p: (p.kind == "state" and p.state in cities, *_rank(p)))


def _rank(p: Place) -> tuple[int, str, int]:
    return (KIND_RANK[p.kind], p.state, p.code or 0)


# --- lookups -------------------------------------------------------------

States = str | Collection[str] | None  # one state, the states a text names, or any state


def _state_place(state: str) -> Place | None:
    found = _index().states.get(" ".join(_key(state)))
    return found or next((p for p in candidates(state) if p.kind == "state"), None)  # झारखन्ड


def canonical_state(state: str) -> str | None:
    """English name of a state or UT given in English or Hindi, or by a known alias ('यूपी');
    also for a UT named by its city ('दिल्ली', 'चंडीगढ़' -> the UT)."""
    p = _state_place(state)
    return p.state if p else None


def state_code(state: str) -> int | None:
    """LGD code of a state given in English or Hindi."""
    p = _state_place(state)
    return p.state_code if p else None


def _within(state: States) -> frozenset[str] | None:
    """The states to look in (English names), or None for all."""
    if state is None or (not isinstance(state, str) and not state):
        return None
    names = [state] if isinstance(state, str) else state
    return frozenset(canonical_state(s) or s for s in names)


def candidates(name: str, state: States = None) -> list[Place]:
    """Every gazetteer entity called `name` (best kind first), optionally only in `state`
    (a state, or the states a text names). A name the gazetteer does not spell so is
    looked up by its spelling key, then by its skeleton (see module doc)."""
    return _candidates(_key(name), _within(state))[0]


def spelling_tier(name: str, state: States = None) -> str | None:
    """How `name` is found: 'exact', 'spelling', 'skeleton', or None when it is not."""
    found, tier = _candidates(_key(name), _within(state))
    return tier if found else None


def _candidates(key: Key, states: frozenset[str] | None) -> tuple[list[Place], str]:
    idx = _index()
    found = _in(idx.by_key.get(key, ()), states)
    if found or not key or not _DEVANAGARI.match(key[0]):
        return found, "exact"
    spelt = "".join(_spell_word(w) for w in key)
    found = _in(_union(idx, idx.by_joined.get(spelt, ())), states)
    if found:
        return found, "spelling"
    return _by_skeleton(idx, spelt.replace(_VIRAMA, ""), states), "skeleton"


def _by_skeleton(idx: _Index, skel: str, states: frozenset[str] | None) -> list[Place]:
    """Places of the gazetteer names with this skeleton when it is long enough and they are
    one place (in `states`)."""
    if _consonants(skel) < MIN_SKELETON:
        return []
    keys = [k for k in idx.by_skeleton.get(skel, ()) if _in(idx.by_key[k], states)]
    if not keys or not _one_place(idx, keys, states):
        return []
    return _in(_union(idx, keys), states)


def _in(found: Iterable[Place], states: frozenset[str] | None) -> list[Place]:
    return [p for p in found if states is None or p.state in states]


def _union(idx: _Index, keys: Iterable[Key]) -> list[Place]:
    """The entities of several names, best first."""
    seen = {(p.kind, p.code, p.state): p for k in keys for p in idx.by_key[k]}
    return _ordered(seen.values(), idx.uts)


def _one_place(idx: _Index, keys: list[Key], states: frozenset[str] | None) -> bool:
    """Whether gazetteer names of one skeleton denote one place: each shares with another
    a state and the sound of its LGD English name, or a state and district (झुंझुनू and
    झुुंझुनूू are one; धर्मपुरी of Tamil Nadu and धरमपुरी of Madhya Pradesh are two)."""
    groups = [{t for t in idx.identity[k] if states is None or t[0] in states} for k in keys]
    merged, rest = groups[0], groups[1:]
    grew = True
    while rest and grew:
        grew = False
        for g in list(rest):
            if g & merged:
                merged |= g
                rest.remove(g)
                grew = True
    return not rest


def _best(found: list[Place]) -> Place | None:
    """The single entity of the best kind, or None when that kind has several."""
    if not found:
        return None
    top = [p for p in found if p.kind == found[0].kind]
    return top[0] if len(top) == 1 else None


def lookup(name: str, state: States = None) -> Place | None:
    """Best match for a place name (state > district > town > subdistrict > block; a UT's
    city before the UT); None when unknown or ambiguous at the best kind level (see
    `candidates`). `state`: a state, or the states the text names."""
    return _best(candidates(name, state))


def resolve(name: str, states: Collection[str] = ()) -> Place | None:
    """A place a text names, in the states it speaks of: `lookup` (spelling variants
    included), else an LGD place known by its English name only (`lookup_romanised`)."""
    return lookup(name, states or None) or lookup_romanised(name, set(states))


def state_of(name: str) -> str | None:
    """The state of a place when unambiguous (also when all candidates lie in one state)."""
    found = candidates(name)
    best = _best(found)
    if best is not None:
        return best.state
    states = {p.state for p in found}
    return states.pop() if len(states) == 1 else None


# --- running text --------------------------------------------------------

Mention = tuple[int, int, list[Place]]


@dataclass
class _Found:
    start: int
    end: int
    places: list[Place]  # empty while a skeleton match waits for the text's states
    keys: list[Key]  # the gazetteer names it matched


def mentions(text: str) -> list[Mention]:
    """Every non-overlapping place mention with all its candidates, longest match first,
    whole words only; stop-listed names (common words, surnames) are skipped. A word
    spelt otherwise than the gazetteer's name is matched by its spelling key or its
    skeleton; a skeleton match that is several places is left to `find_places`."""
    return [(f.start, f.end, f.places) for f in _scan(text) if f.places]


def _scan(text: str) -> list[_Found]:
    idx = _index()
    words = _words(text)
    norm = [_word_key(w) for _, _, w in words]
    spelt = [_spell_word(w) for w in norm]
    # whether a word follows the one before with nothing but space between ("अली, बागपत": no), in
    # the same line and sentence ("किया गया.\nजिला …": no; "उ.प्र. के": yes)
    joined = [k > 0 and _joined(text[words[k - 1][1]:words[k][0]], words[k - 1][2]) for k in range(len(words))]
    # a dateline's shape: a word opening the text or a line, then a colon, danda, comma or dash
    dateline = [(k == 0 or "\n" in text[words[k - 1][1]:words[k][0]]) and bool(_DATELINE_END.match(text, words[k][1]))
                for k in range(len(words))]
    out: list[_Found] = []
    i = 0
    while i < len(words):
        n, keys, tier = _match_at(idx, norm, spelt, i, joined, dateline[i])
        if not n:
            i += 1
            continue
        j = i + n - 1
        if tier == "exact":
            places = idx.by_key[keys[0]]
        elif tier == "spelling" or _one_place(idx, keys, None):
            places = _union(idx, keys)
        else:
            places = []
        out.append(_Found(words[i][0], _end(words[j]), places, keys))
        i = j + 1
    return out


def _joined(gap: str, before: str) -> bool:
    """Whether `gap`, between the word `before` and the next, leaves them in one phrase."""
    full_stop = before.endswith(".") and "." not in before[:-1]
    return not gap.strip() and "\n" not in gap and not full_stop


def _match_at(idx: _Index, norm: list[str], spelt: list[str], i: int,
              joined: list[bool], dateline: bool = False) -> tuple[int, list[Key], str]:
    """(words matched, gazetteer names, tier) of the mention starting at word i, or (0, [], '')."""
    for key in idx.by_first.get(norm[i], ()):
        n = len(key)
        if tuple(norm[i:i + n]) == key and _allowed(idx, norm, i, n, [key], joined, dateline):
            return n, [key], "exact"
    if not _DEVANAGARI.match(norm[i]) or (norm[i],) in idx.by_key:
        return 0, [], ""  # a gazetteer name as printed keeps its own reading (सागर, not a variant)
    for key in idx.spelling_first.get(spelt[i], ()):
        n = len(key)
        if tuple(spelt[i:i + n]) == key and _allowed(idx, norm, i, n, idx.by_spelling[key], joined, dateline):
            return n, idx.by_spelling[key], "spelling"
    tier, keys = _loose(norm[i])
    if keys and _allowed(idx, norm, i, 1, keys, joined, dateline):
        return 1, keys, tier
    return 0, [], ""


@lru_cache(maxsize=100_000)
def _loose(word: str) -> tuple[str, list[Key]]:
    """(tier, gazetteer names) one normalised word matches by its spelling key or skeleton."""
    idx = _index()
    spelt = _spell_word(word)
    if spelt in idx.stop_spelt:
        return "", []
    keys = idx.by_joined.get(spelt, [])
    if keys and _consonants(spelt) < MIN_LENGTH_FOLD:
        keys = [k for k in keys if _spell_long("".join(k)) == _spell_long(word)]
    if keys:
        return "spelling", keys
    skel = spelt.replace(_VIRAMA, "")
    if skel in idx.by_skeleton and _consonants(skel) >= MIN_SKELETON:
        return "skeleton", idx.by_skeleton[skel]
    return "", []


def _allowed(idx: _Index, norm: list[str], i: int, n: int, keys: list[Key], joined: list[bool],
             dateline: bool = False) -> bool:
    """Stop-listed names are no mention; guarded ones only before a place word; a one-word
    name next to a surname or given name is a person's."""
    if any(k in idx.stop for k in keys):
        return False
    if any(k in idx.guarded for k in keys) and not (dateline or _guard_ok(idx, norm, i, n, joined)):
        return False
    return not (n == 1 and _person_like(idx, norm, i, joined))


def _guard_ok(idx: _Index, norm: list[str], i: int, n: int, joined: list[bool]) -> bool:
    if i == 0:
        return True  # a dateline
    # the place word in the same sentence: "किया गया। जिला …" is no "गया जिला"
    after_ok = i + n < len(norm) and norm[i + n] in idx.guard_next and joined[i + n]
    return after_ok and norm[i - 1] not in idx.guard_not_after


def _person_like(idx: _Index, norm: list[str], i: int, joined: list[bool]) -> bool:
    return ((i + 1 < len(norm) and joined[i + 1] and norm[i + 1] in idx.person_next)
            or (i > 0 and joined[i] and norm[i - 1] in idx.person_prev))


def _end(word: tuple[int, int, str]) -> int:
    """End of a matched word: an abbreviation keeps its dots (उ.प्र.), a full stop is left out."""
    _, end, raw = word
    bare = raw.rstrip(".")
    return end if "." in bare else end - (len(raw) - len(bare))


def find_places(text: str, state: States = None) -> list[tuple[int, int, Place]]:
    """Place mentions resolved to one entity each: (start, end, Place).

    A name found in several states (बिलासपुर: Chhattisgarh and Himachal Pradesh;
    रामपुर: everywhere) is read in `state` when given, else in the states that the
    text names or that its single-state mentions lie in. Such a name with no
    candidate in those states is left out (likely a village of the same name),
    and so is one that stays ambiguous; with no context it is read as `lookup`
    reads it. A word matched by its skeleton to several places is read in those
    states only. `mentions` lists every mention with all its candidates."""
    idx = _index()
    scanned = _scan(text)
    found = [(f.start, f.end, f.places) for f in scanned if f.places]
    context = _context_states(found, state)
    out: list[tuple[int, int, Place]] = []
    for n, f in enumerate(scanned):
        district = _bracketed_district(text, scanned, n, context)
        if district is not None:  # "अकबरपुर (कानपुर देहात)": the namesake in that district
            place = _best([p for p in f.places if p.district_code == district.district_code]) or lookup_romanised(
                text[f.start:f.end], {district.state}, district=district.district_code)
            if place is not None:
                out.append((f.start, f.end, place))
                continue
        cands = f.places
        if not cands:  # a skeleton shared by several places: one of them in the text's states?
            within = frozenset(context)
            keys = [k for k in f.keys if _in(idx.by_key[k], within)]
            if not keys or not _one_place(idx, keys, within):
                continue
            cands = _in(_union(idx, keys), within)
        local = [p for p in cands if p.state in context]
        if context and not local and len({p.state for p in cands}) > 1:
            continue
        place = _best(local or cands)
        if place is not None:
            out.append((f.start, f.end, place))
    return out


_BRACKET_OPEN = re.compile(r"\s*\(\s*$")
_BRACKET_CLOSE = re.compile(r"^\s*\)")


def _bracketed_district(text: str, scanned: list[_Found], n: int, context: set[str]) -> Place | None:
    """The district named in brackets right after mention n, as papers print a town's district
    ("अकबरपुर (कानपुर देहात)"); None when there is none or it is not one district."""
    if n + 1 >= len(scanned):
        return None
    f, g = scanned[n], scanned[n + 1]
    if not (_BRACKET_OPEN.match(text[f.end:g.start]) and _BRACKET_CLOSE.match(text[g.end:g.end + 3])):
        return None
    district = _best([p for p in g.places if p.kind == "district"])
    return district if district is not None and (not context or district.state in context) else None


def _context_states(found: list[Mention], state: States) -> set[str]:
    """`state`, else the states of mentions whose candidates all lie in one state."""
    within = _within(state)
    if within is not None:
        return set(within)
    states: set[str] = set()
    for _, _, cands in found:
        in_states = {p.state for p in cands}
        if len(in_states) == 1:
            states |= in_states
    return states


def find_state(text: str) -> str | None:
    """The first state or UT named explicitly in `text` (English name): 'बिहार' -> 'Bihar';
    a UT also by its city's name ('दिल्ली' -> 'Delhi')."""
    for _, _, cands in mentions(text):
        for p in cands:
            if p.kind == "state":
                return p.state
    return None


# --- places known by their English name only ---------------------------------

_ROMAN = {**dict.fromkeys("कख", "k"), **dict.fromkeys("गघ", "g"), **dict.fromkeys("चछ", "c"),
          **dict.fromkeys("जझ", "j"), **dict.fromkeys("टठ", "t"), **dict.fromkeys("डढ", "d"),
          **dict.fromkeys("तथ", "t"), **dict.fromkeys("दध", "d"), **dict.fromkeys("नणङञ", "n"),
          **dict.fromkeys("पफ", "p"), **dict.fromkeys("बभ", "b"), "म": "m", "य": "i", "र": "r",
          "ल": "l", "व": "v", **dict.fromkeys("शषस", "s"), "ह": "h",
          **dict.fromkeys("इईिी", "i"), **dict.fromkeys("उऊुू", "u"), **dict.fromkeys("एे", "e"),
          **dict.fromkeys("ऐै", "i"), **dict.fromkeys("ओोॉऑ", "o"), **dict.fromkeys("औौ", "u"),
          **dict.fromkeys("ऋृ", "ri"), **dict.fromkeys("ंँ", "n")}  # other signs (nukta, virama) are silent
_FLAP = re.compile("[डढ]\u093c")  # ड़/ढ़: spelt r or d in LGD (Baraut, Budhana)
_LATIN_SOUND = [("ksh", "ks"), ("x", "ks"), ("q", "k"), ("z", "j"), ("f", "p"), ("w", "v"), ("y", "i"),
                ("ee", "i"), ("oo", "u"), ("ou", "u"), ("au", "u"), ("ai", "i"), ("ch", "c"), ("sh", "s"),
                ("eo", "ev")]  # LGD's "deo" is देव (Deoria देवरिया, Reodar रेवदर)
_MIN_SOUND = 4  # shorter keys match too many names


def _sound(s: str) -> str:
    """Consonants and i/u/e/o of a romanised word, aspiration and every a dropped."""
    s = re.sub(r"(?<=[bcdgjkprst])h", "", s.replace("a", ""))
    return re.sub(r"(.)\1+", r"\1", s)


def latin_sound(name: str) -> str:
    """Sound key of an English place name: 'Jogindarnagar' -> 'jogindrngr'."""
    s = re.sub(r"[^a-z]", "", _PARENS.sub("", name.lower()))
    for a, b in _LATIN_SOUND:
        s = s.replace(a, b)
    return _sound(s)


def devanagari_sounds(word: str) -> set[str]:
    """Sound keys of a Devanagari word: 'जोगिंदरनगर' -> {'jogindrngr'} (ड़/ढ़ give two)."""
    keys = [""]
    for ch in _FLAP.sub("\x00", unicodedata.normalize("NFD", word).translate(_DROP_JOINERS)):
        options = ("r", "d") if ch == "\x00" else (_ROMAN.get(ch, ""),)
        keys = [k + o for k in keys for o in options]
    return {_sound(k) for k in keys}


_PARENS = re.compile(r"\([^)]*\)")
_DROP_JOINERS = dict.fromkeys(map(ord, "\u200c\u200d\u00ad"))


@lru_cache(maxsize=1)
def _latin_index() -> dict[str, list[tuple[str, Place]]]:
    """Sound key -> (LGD English name, place): places known by their English name only, and
    those of the Devanagari gazetteer by their English name (a news spelling that differs
    from LGD's Hindi one: खरीक for खारीक)."""
    index: dict[str, list[tuple[str, Place]]] = defaultdict(list)
    for row in data.tsv("places_latin.tsv"):
        dc = row["district_code"]
        place = Place(row["name_en"], row["kind"], row["state_en"], int(row["state_code"]),
                      int(dc) if dc else None, int(row["code"]))
        index[latin_sound(row["name_en"])].append((row["name_en"], place))
    seen: set[tuple[str, str]] = set()
    for row in data.tsv("gazetteer.tsv"):
        if row["kind"] != "state" and (row["kind"], row["code"]) not in seen:  # the first row names it
            seen.add((row["kind"], row["code"]))
            index[latin_sound(row["name_en"])].append((row["name_en"], _place(row, row["name_hi"])))
    return dict(index)


def lookup_romanised(word: str, states: set[str], spelt: frozenset[str] = frozenset(),
                     district: int | None = None) -> Place | None:
    """A place the Devanagari gazetteer lacks (or spells otherwise) whose LGD English name sounds like `word`,
    in one of `states` (the states the text speaks of): 'जोगिंदरनगर' -> Jogindarnagar
    (Himachal Pradesh). None when it is unknown, ambiguous or too short to tell; of namesakes
    ('Chandpur', 'Chandapura'), the one whose English name is among `spelt` (a romanised headline);
    with `district`, only places of that district."""
    if not states:
        return None
    found = [(en, p) for key in devanagari_sounds(word) if len(key) >= _MIN_SOUND
             for en, p in _latin_index().get(key, ()) if p.state in states
             and (district is None or p.district_code == district)]
    named = [p for en, p in found if en.lower() in spelt]
    found = sorted(named or [p for _, p in found], key=_rank)
    best = [p for p in found if p.kind == found[0].kind] if found else []
    return best[0] if len({(p.state, p.district_code) for p in best}) == 1 else None


@lru_cache(maxsize=1)
def _all_states() -> frozenset[str]:
    return frozenset(p.state for found in _latin_index().values() for _, p in found)


def sounded_anywhere(word: str, spelt: frozenset[str] = frozenset()) -> Place | None:
    """Like `lookup_romanised`, over every state: only a match that is one place in India
    (used for a meeting's state when the text names none)."""
    return lookup_romanised(word, set(_all_states()), spelt)
