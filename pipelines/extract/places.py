"""Place names in Hindi text, linked to India's Local Government Directory (LGD).

Data (all in `data/`, see GAZETTEER.md): `gazetteer.tsv` (Devanagari names of
LGD states, districts, sub-districts, blocks and towns), `place_aliases.tsv`
(common news spellings and short forms), `place_stopwords.toml` (place names
that are also common words or surnames: never, or only before a place word,
found in running text), `places_latin.tsv` (LGD entities known by their English
name only, found by sound where the text says a word is a place).

Names are compared after `normalize`: NFC, ZWJ/ZWNJ removed, nukta dropped,
chandrabindu -> anusvara, a nasal consonant + virama before a consonant of its
own class -> anusvara (झारखण्ड = झारखंड, सितम्बर = सितंबर), hyphens -> spaces.
"""
from __future__ import annotations

import csv
import re
import tomllib
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data"

# Preference when one name denotes several kinds of entity.
KIND_RANK = {"state": 0, "district": 1, "town": 2, "subdistrict": 3, "block": 4}


@dataclass(frozen=True)
class Place:
    name: str  # canonical Devanagari name in the gazetteer
    kind: str  # state | district | town | subdistrict | block
    state: str  # English state/UT name, e.g. "Chhattisgarh"
    state_code: int
    district_code: int | None  # None for a state, and for a town whose district is unknown
    code: int  # the entity's own LGD code (state code for a state)


# --- normalisation -------------------------------------------------------

_DROP = dict.fromkeys(map(ord, "\u200c\u200d\u00ad\u093c"))  # ZWNJ, ZWJ, soft hyphen, nukta
_DROP[0x0901] = 0x0902  # chandrabindu -> anusvara
_DROP[ord("-")] = ord(" ")
_DROP[0x2013] = ord(" ")
_NASAL = re.compile("ङ्(?=[क-घ])|ञ्(?=[च-झ])|ण्(?=[ट-ढ])|न्(?=[त-ध])|म्(?=[प-भ])")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=200_000)
def normalize(name: str) -> str:
    """Comparable form of a place name (see module doc); Latin is lower-cased."""
    s = unicodedata.normalize("NFD", name)  # splits precomposed nukta letters (क़ -> क + ़)
    s = unicodedata.normalize("NFC", s.translate(_DROP))
    s = _NASAL.sub("\u0902", s)
    return _SPACES.sub(" ", s.strip()).lower()


# Trailing postpositions and particles that follow a place name in a sentence.
_CASE_MARKERS = ("में", "के", "की", "का", "को", "से", "पर", "तक", "ने", "वाले", "वाली", "स्थित", "निवासी")


def strip_case_markers(phrase: str) -> str:
    """'कवर्धा में' -> 'कवर्धा'; removes trailing postpositions (space-separated) only."""
    words = phrase.split()
    while len(words) > 1 and words[-1] in _CASE_MARKERS:
        words.pop()
    return " ".join(words)


# Words: Devanagari letters/signs/digits (not the danda), Latin letters/digits,
# ZWJ/ZWNJ; an abbreviation of short dotted parts ("उ.प्र.", "उ. प्र.") is one word.
_L = "[\u0900-\u0963\u0966-\u097fA-Za-z0-9\u200c\u200d]"
_WORD = re.compile(rf"{_L}{{1,3}}\.(?: ?{_L}{{1,4}}\.)+|{_L}+(?:\.{_L}+)*\.?")


_DEVANAGARI = re.compile("[\u0900-\u097f]")


def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


def _key(name: str) -> tuple[str, ...]:
    return tuple(_word_key(w) for _, _, w in _words(name))


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

@dataclass
class _Index:
    by_key: dict[tuple[str, ...], list[Place]]  # normalised words -> entities
    by_first: dict[str, list[tuple[str, ...]]]  # first Devanagari word -> keys, longest first
    states: dict[str, Place]  # normalised state name or alias (words joined by a space) -> state
    stop: frozenset[tuple[str, ...]]  # never a mention in running text
    guarded: frozenset[tuple[str, ...]]  # a mention only before a word of `guard_next`
    guard_next: frozenset[str]
    guard_not_after: frozenset[str]
    person_next: frozenset[str]  # a one-word name before these is a person's
    person_prev: frozenset[str]  # ... and after these


def _read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = (line for line in f if not line.startswith("#"))
        return list(csv.DictReader(rows, delimiter="\t", quoting=csv.QUOTE_NONE))


def _place(row: dict[str, str], name: str) -> Place:
    dc = row["district_code"]
    return Place(name, row["kind"], row["state_en"], int(row["state_code"]),
                 int(dc) if dc else None, int(row["code"]))


@lru_cache(maxsize=1)
def _index() -> _Index:
    by_key: dict[tuple[str, ...], dict[tuple[str, int], Place]] = defaultdict(dict)
    entities: dict[tuple[str, str, str], Place] = {}  # (kind, code, state_code) -> Place
    by_en: dict[tuple[str, str, str], Place] = {}  # (kind, state, LGD English name) -> Place
    for row in _read_tsv(DATA / "gazetteer.tsv"):
        ident = (row["kind"], row["code"], row["state_code"])
        place = entities.setdefault(ident, _place(row, row["name_hi"]))  # first row names it
        by_en.setdefault((row["kind"], row["state_en"], row["name_en"].lower()), place)
        for name in (row["name_hi"], row["name_en"]):
            by_key[_key(name)][(place.kind, place.code)] = place
    for row in _read_tsv(DATA / "place_aliases.tsv"):
        target = by_en.get((row["kind"], row["state_en"], row["name_en"].lower()))
        if target is None:
            raise ValueError(f"place_aliases.tsv: no {row['kind']} {row['name_en']!r} in {row['state_en']}"
                             " (rebuild gazetteer.tsv with scripts/build_gazetteer.py?)")
        by_key[_key(row["alias"])][(target.kind, target.code)] = target
    states = {k: v[0] for k, v in _sorted(by_key).items() if v[0].kind == "state"}
    stop = tomllib.loads((DATA / "place_stopwords.toml").read_text(encoding="utf-8"))
    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for key in by_key:
        if key and _DEVANAGARI.match(key[0]):  # English names serve `lookup` only
            by_first[key[0]].append(key)
    for keys in by_first.values():
        keys.sort(key=len, reverse=True)
    words = {k: frozenset(map(_word_key, stop[k]))
             for k in ("guard_next", "guard_not_after", "person_next", "person_prev")}
    return _Index(_sorted(by_key), dict(by_first), {" ".join(k): v for k, v in states.items()},
                  frozenset(map(_key, stop["never"])), frozenset(map(_key, stop["guarded"])), **words)


def _sorted(by_key: dict[tuple[str, ...], dict[tuple[str, int], Place]]) -> dict[tuple[str, ...], list[Place]]:
    return {k: sorted(v.values(), key=_rank) for k, v in by_key.items()}


def _rank(p: Place) -> tuple[int, str, int]:
    return (KIND_RANK[p.kind], p.state, p.code)


# --- lookups -------------------------------------------------------------

def _state_place(state: str) -> Place | None:
    return _index().states.get(" ".join(_key(state)))


def canonical_state(state: str) -> str | None:
    """English name of a state given in English or Hindi, or by a known alias ('यूपी')."""
    p = _state_place(state)
    return p.state if p else None


def state_code(state: str) -> int | None:
    """LGD code of a state given in English or Hindi."""
    p = _state_place(state)
    return p.state_code if p else None


def candidates(name: str, state: str | None = None) -> list[Place]:
    """Every gazetteer entity called `name` (best kind first), optionally only in `state`."""
    found = _index().by_key.get(_key(name), [])
    if state is not None:
        st = canonical_state(state)
        found = [p for p in found if p.state == st]
    return list(found)


def _best(found: list[Place]) -> Place | None:
    """The single entity of the best kind, or None when that kind has several."""
    if not found:
        return None
    top = [p for p in found if p.kind == found[0].kind]
    return top[0] if len(top) == 1 else None


def lookup(name: str, state: str | None = None) -> Place | None:
    """Best match for a place name (state > district > town > subdistrict > block);
    None when unknown or ambiguous at the best kind level (see `candidates`)."""
    return _best(candidates(name, state))


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


def mentions(text: str) -> list[Mention]:
    """Every non-overlapping place mention with all its candidates, longest match first,
    whole words only; stop-listed names (common words, surnames) are skipped."""
    idx = _index()
    words = _words(text)
    norm = [_word_key(w) for _, _, w in words]
    # whether a word follows the one before with nothing but space between ("अली, बागपत": no)
    joined = [k > 0 and not text[words[k - 1][1]:words[k][0]].strip() for k in range(len(words))]
    out: list[Mention] = []
    i = 0
    while i < len(words):
        key = _match_at(idx, norm, i, joined)
        if key is None:
            i += 1
            continue
        j = i + len(key) - 1
        out.append((words[i][0], _end(words[j]), idx.by_key[key]))
        i = j + 1
    return out


def _match_at(idx: _Index, norm: list[str], i: int, joined: list[bool]) -> tuple[str, ...] | None:
    for key in idx.by_first.get(norm[i], ()):
        n = len(key)
        if tuple(norm[i:i + n]) != key or key in idx.stop:
            continue
        if key in idx.guarded and not _guard_ok(idx, norm, i, n):
            continue
        if n == 1 and _person_like(idx, norm, i, joined):
            continue
        return key
    return None


def _guard_ok(idx: _Index, norm: list[str], i: int, n: int) -> bool:
    if i == 0:
        return True  # a dateline
    after_ok = i + n < len(norm) and norm[i + n] in idx.guard_next
    return after_ok and norm[i - 1] not in idx.guard_not_after


def _person_like(idx: _Index, norm: list[str], i: int, joined: list[bool]) -> bool:
    return ((i + 1 < len(norm) and joined[i + 1] and norm[i + 1] in idx.person_next)
            or (i > 0 and joined[i] and norm[i - 1] in idx.person_prev))


def _end(word: tuple[int, int, str]) -> int:
    """End of a matched word: an abbreviation keeps its dots (उ.प्र.), a full stop is left out."""
    _, end, raw = word
    bare = raw.rstrip(".")
    return end if "." in bare else end - (len(raw) - len(bare))


def find_places(text: str, state: str | None = None) -> list[tuple[int, int, Place]]:
    """Place mentions resolved to one entity each: (start, end, Place).

    A name found in several states (बिलासपुर: Chhattisgarh and Himachal Pradesh;
    रामपुर: everywhere) is read in `state` when given, else in the states that the
    text names or that its single-state mentions lie in. Such a name with no
    candidate in those states is left out (likely a village of the same name),
    and so is one that stays ambiguous; with no context it is read as `lookup`
    reads it. `mentions` lists every mention with all its candidates."""
    found = mentions(text)
    context = _context_states(found, state)
    out: list[tuple[int, int, Place]] = []
    for start, end, cands in found:
        local = [p for p in cands if p.state in context]
        if context and not local and len({p.state for p in cands}) > 1:
            continue
        place = _best(local or cands)
        if place is not None:
            out.append((start, end, place))
    return out


def _context_states(found: list[Mention], state: str | None) -> set[str]:
    """`state`, else the states of mentions whose candidates all lie in one state."""
    if state is not None:
        st = canonical_state(state)
        return {st} if st else set()
    states: set[str] = set()
    for _, _, cands in found:
        in_states = {p.state for p in cands}
        if len(in_states) == 1:
            states |= in_states
    return states


def find_state(text: str) -> str | None:
    """The first state or UT named explicitly in `text` (English name): 'बिहार' -> 'Bihar'."""
    for _, _, cands in mentions(text):
        if cands[0].kind == "state":
            return cands[0].state
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
                ("ee", "i"), ("oo", "u"), ("ou", "u"), ("au", "u"), ("ai", "i"), ("ch", "c"), ("sh", "s")]
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
def _latin_index() -> dict[str, list[Place]]:
    """Sound key -> places: those known by their English name only, and those of the
    Devanagari gazetteer by their LGD English name (a news spelling that differs from
    LGD's Hindi one: खरीक for खारीक)."""
    index: dict[str, list[Place]] = defaultdict(list)
    for row in _read_tsv(DATA / "places_latin.tsv"):
        dc = row["district_code"]
        place = Place(row["name_en"], row["kind"], row["state_en"], int(row["state_code"]),
                      int(dc) if dc else None, int(row["code"]))
        index[latin_sound(row["name_en"])].append(place)
    seen: set[tuple[str, str]] = set()
    for row in _read_tsv(DATA / "gazetteer.tsv"):
        if row["kind"] != "state" and (row["kind"], row["code"]) not in seen:  # the first row names it
            seen.add((row["kind"], row["code"]))
            index[latin_sound(row["name_en"])].append(_place(row, row["name_hi"]))
    return dict(index)


def lookup_romanised(word: str, states: set[str]) -> Place | None:
    """A place the Devanagari gazetteer lacks (or spells otherwise) whose LGD English name sounds like `word`,
    in one of `states` (the states the text speaks of): 'जोगिंदरनगर' -> Jogindarnagar
    (Himachal Pradesh). None when it is unknown, ambiguous or too short to tell."""
    if not states:
        return None
    found = [p for key in devanagari_sounds(word) if len(key) >= _MIN_SOUND
             for p in _latin_index().get(key, ()) if p.state in states]
    found.sort(key=_rank)
    best = [p for p in found if p.kind == found[0].kind] if found else []
    return best[0] if len({(p.state, p.district_code) for p in best}) == 1 else None
