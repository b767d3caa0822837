"""Which language a cleaned text is in.

Script first, then langdetect (seeded): a text mostly in Devanagari is
scored only among the Devanagari languages that matter (Hindi, Marathi,
Nepali), so stray English boilerplate cannot outvote a Hindi article;
any other text is scored among all of langdetect's languages. Texts with
too few letters are "und" (undetermined) rather than a guess.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from langdetect import DetectorFactory
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.lang_detect_exception import LangDetectException

DEVANAGARI_LANGUAGES = ("hi", "mr", "ne")
MIN_LETTERS = 40
# Hindi pages carry English menus and disclaimers; 30% Devanagari letters is Devanagari-first.
DEVANAGARI_MIN_SHARE = 0.3
SEED = 0


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1, or "und"
    probability: float


@lru_cache(maxsize=1)
def factory() -> DetectorFactory:
    f = DetectorFactory()
    f.load_profile(PROFILES_DIRECTORY)
    f.set_seed(SEED)
    return f


def devanagari_share(text: str) -> tuple[int, float]:
    letters = [ch for ch in text if ch.isalpha() or "\u0900" <= ch <= "\u097f"]
    if not letters:
        return 0, 0.0
    return len(letters), sum("\u0900" <= ch <= "\u097f" for ch in letters) / len(letters)


def detect_language(text: str) -> Language:
    count, share = devanagari_share(text)
    if count < MIN_LETTERS:
        return Language("und", 0.0)
    detector = factory().create()
    if share >= DEVANAGARI_MIN_SHARE:
        detector.set_prior_map({code: 1.0 for code in DEVANAGARI_LANGUAGES})  # others score 0
        text = "".join(ch if not ch.isascii() else " " for ch in text)
    detector.append(text)
    try:
        best = max(detector.get_probabilities(), key=lambda p: p.prob)
    except (LangDetectException, ValueError):
        return Language("und", 0.0)
    return Language(best.lang, round(best.prob, 4))
