"""Which language a cleaned text is in.

Script first, then langdetect (seeded): a text mostly in Devanagari is
scored only among the Devanagari languages that matter (Hindi, Marathi,
Nepali), so stray English boilerplate cannot outvote a Hindi article;
any other text is scored among all of langdetect's languages. Texts with
too few letters are "und" (undetermined) rather than a guess.

langdetect has no Sanskrit: a Devanagari text is "sa" when its words are
Sanskrit's function words and case endings (visarga, a final virama) and
Hindi's commonest words are nearly absent (`sanskrit_share`), so a Hindi
report quoting a verse stays Hindi.

Language is judged on the running text (`running_text`): lists of names —
one per line, numbered, or long comma-separated runs — say nothing about the
language and, a thousand names long, outvote the Hindi sentences around them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from langdetect import DetectorFactory
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.lang_detect_exception import LangDetectException

DEVANAGARI_LANGUAGES = ("hi", "mr", "ne")
MIN_LETTERS = 40
# Hindi pages carry English menus and disclaimers; 30% Devanagari letters is Devanagari-first.
DEVANAGARI_MIN_SHARE = 0.3
SEED = 0
# Running text: clauses end at a danda, a full stop, ?, ! or a line break.
CLAUSE = re.compile(r"[\n।॥.?!|]+")
LIST_SEPARATOR = re.compile(r"[,;،]")
LIST_ITEM_WORDS = 4        # a line or comma-separated item of at most this many words is a list item
LIST_MIN_ITEMS = 4         # … in a run of at least this many comma-separated items
# Sanskrit's commonest function words and verb forms that Hindi does not use as words.
SANSKRIT_WORDS = frozenset("""
च एव इति अपि तु हि वा इव सह विना यत् यथा तथापि सः सा तत् तस्य तस्याः तस्मिन् तेन तया तेषाम् तासाम्
अस्ति सन्ति भवति भवन्ति आसीत् आसन् अभवत् अभवन् अयम् इयम् इदम् एषः एषा एतत् अस्य अस्याः अस्मिन्
अत्र तत्र यत्र कुत्र सर्वत्र यदा तदा कदा सर्वदा अद्य अहम् वयम् त्वम् यूयम् मम अस्माकम् भवान् भवती
कृते किम् कः कुतः उक्तवान् उक्तवती उक्तवन्तः अकरोत् करोति कुर्वन्ति गच्छति वदति अवदत् कृत्वा गत्वा
""".split())
# Hindi's commonest words (postpositions, copula, conjunctions): a Sanskrit text has almost none.
HINDI_WORDS = frozenset("का की के में है हैं और से को ने पर भी था थे थी ही यह वह इस उस गया गई किया हुआ हुई".split())
SANSKRIT_MIN_SHARE = 0.25   # of the Devanagari words: Sanskrit function words or case endings
SANSKRIT_MIN_WORDS = 0.04   # of which Sanskrit function words alone
HINDI_MAX_SHARE = 0.04      # Hindi prose has 15–25 % of these words
DEVANAGARI_WORD = re.compile(r"[\u0900-\u0963\u0971-\u097f]+")
MAX_SAMPLE = 20_000        # characters of running text scored (langdetect is linear; a page says it early)


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1, or "und"
    probability: float


# langdetect's cost is per character read (n-gram extraction), so a long text is judged on
# evenly spaced windows of it; the Devanagari-first branch scores only three profiles.
SAMPLE_CHARS = 600
SAMPLE_WINDOWS = 4


@lru_cache(maxsize=1)
def factory() -> DetectorFactory:
    """All of langdetect's profiles, loaded once per process."""
    f = DetectorFactory()
    f.load_profile(PROFILES_DIRECTORY)
    f.set_seed(SEED)
    return f


@lru_cache(maxsize=1)
def devanagari_factory() -> DetectorFactory:
    """Only the Devanagari languages' profiles (a third of the work per n-gram of the full set's)."""
    f = DetectorFactory()
    f.load_json_profile([Path(PROFILES_DIRECTORY, code).read_text(encoding="utf-8") for code in DEVANAGARI_LANGUAGES])
    f.set_seed(SEED)
    return f


def sample(text: str, limit: int = SAMPLE_CHARS, windows: int = SAMPLE_WINDOWS) -> str:
    """`text` itself when short, else `windows` evenly spaced slices of it, `limit` characters in all."""
    if len(text) <= limit:
        return text
    size, step = limit // windows, (len(text) - limit // windows) / (windows - 1)
    return "\n".join(text[int(i * step):int(i * step) + size] for i in range(windows))


def devanagari_share(text: str) -> tuple[int, float]:
    letters = [ch for ch in text if ch.isalpha() or "\u0900" <= ch <= "\u097f"]
    if not letters:
        return 0, 0.0
    return len(letters), sum("\u0900" <= ch <= "\u097f" for ch in letters) / len(letters)


def running_text(text: str) -> str:
    """`text` without its lists: short lines (one name, a numbered entry) and the short items of a
    comma-separated run ("A, B, C, D …") are left out; what remains is the sentences around them."""
    kept: list[str] = []
    for clause in CLAUSE.split(text):
        items = LIST_SEPARATOR.split(clause)
        if len(items) >= LIST_MIN_ITEMS:
            items = [i for i in items if len(i.split()) > LIST_ITEM_WORDS]
        elif len(clause.split()) <= LIST_ITEM_WORDS:
            items = []
        kept.extend(i.strip() for i in items if i.strip())
    return "। ".join(kept)


def detect_language(text: str) -> Language:
    """The language of `text`'s running text, or of the whole text when that is too short."""
    running = running_text(text)[:MAX_SAMPLE]
    if devanagari_share(running)[0] >= MIN_LETTERS:
        text = running
    text = sample(text)
    count, share = devanagari_share(text)
    if count < MIN_LETTERS:
        return Language("und", 0.0)
    if share >= DEVANAGARI_MIN_SHARE:  # others would score 0: only their profiles are loaded
        detector = devanagari_factory().create()
        text = "".join(ch if not ch.isascii() else " " for ch in text)
    else:
        detector = factory().create()
    detector.append(text)
    try:
        best = max(detector.get_probabilities(), key=lambda p: p.prob)
    except (LangDetectException, ValueError):
        return Language("und", 0.0)
    if best.lang in DEVANAGARI_LANGUAGES and is_sanskrit(text):
        return Language("sa", round(sanskrit_share(text)[0], 4))
    return Language(best.lang, round(best.prob, 4))


def sanskrit_share(text: str) -> tuple[float, float, float]:
    """Shares of the Devanagari words that are Sanskrit function words or end in a case ending
    (visarga, final virama), that are Sanskrit function words, and that are Hindi's commonest words."""
    words = DEVANAGARI_WORD.findall(text)
    if not words:
        return 0.0, 0.0, 0.0
    function = sum(w in SANSKRIT_WORDS for w in words)
    marked = sum(w in SANSKRIT_WORDS or w.endswith(("ः", "्")) for w in words)
    hindi = sum(w in HINDI_WORDS for w in words)
    return marked / len(words), function / len(words), hindi / len(words)


def is_sanskrit(text: str) -> bool:
    marked, function, hindi = sanskrit_share(text)
    return marked >= SANSKRIT_MIN_SHARE and function >= SANSKRIT_MIN_WORDS and hindi <= HINDI_MAX_SHARE
