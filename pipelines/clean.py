"""Main text and metadata of a page, without boilerplate (trafilatura).

`clean` takes the raw bytes, not Scrapy's decoded text: pages often declare
the wrong charset, and trafilatura's own detection reads them right.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import hinlegacy
import trafilatura
from hinlegacy.decoder.registry import DECODER_REGISTRY
from hinlegacy.exceptions import HinLegacyError

from pipelines.skip import Skip

MIN_CHARS = 150  # shorter bodies are teasers, captions or empty templates

# A trailing " - Mainpuri News" / " | Amar Ujala" site suffix in Latin script.
SITE_SUFFIX = re.compile(r"\s+[-|–]\s+[A-Za-z][A-Za-z0-9 .&']*$")
TABLE_CELL = re.compile(r"\s*\\?\|\s*")
DEVANAGARI = re.compile("[\u0900-\u097f]")
_DEVANAGARI_LETTER = re.compile("[\u0904-\u0939\u0958-\u0961\u0972-\u097f]")  # all str.isalpha
# The commonest Hindi words: a converted legacy-font text that lacks them was not Hindi.
HINDI_FUNCTION_WORDS = frozenset("का की के में है हैं और से को ने पर भी था थे ही".split())
LEGACY_SAMPLE = 1000  # characters of a mostly Latin text each legacy font reads before the whole
DEVANAGARI_MARKS = "[\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963]*"
# Invisible format characters that split words for the extractor and carry nothing in Hindi text:
# BOM / zero-width no-break space, the bidi marks, embeddings, overrides and isolates
# (LRM, RLM, ALM, LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI), soft hyphen and word joiner.
# ZWJ and ZWNJ (U+200D, U+200C) stay: they choose a conjunct's form.
INVISIBLE = re.compile("[\ufeff\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\u00ad\u2060]")
JOINERS = "\u200c\u200d"
# The Brahmic scripts: a generic combining accent (U+0300…) on one of their letters is stray.
BRAHMIC = frozenset("DEVANAGARI BENGALI GURMUKHI GUJARATI ORIYA TAMIL TELUGU KANNADA MALAYALAM SINHALA".split())


@dataclass
class Cleaned:
    text: str
    title: str | None = None
    author: str | None = None
    published: date | None = None
    canonical_url: str | None = None
    sitename: str | None = None
    legacy_font: str | None = None  # the pre-Unicode Hindi font the text was converted from


def clean(body: bytes, url: str | None = None, min_chars: int = MIN_CHARS) -> Cleaned:
    """Cleaned text and metadata of an HTML page; raises Skip when there is no article."""
    if not body or not body.strip():
        raise Skip("empty", "no bytes")
    doc = trafilatura.bare_extraction(body, url=url, favor_precision=True, with_metadata=True,
                                      include_comments=False)
    text = tidy(doc.text) if doc is not None and doc.text else ""
    if not text:
        raise Skip("empty", "no main text found")
    if len(text) < min_chars:
        raise Skip("too_short", f"{len(text)} characters of main text")
    text, font = from_legacy_font(text)
    if font:
        text = tidy(text)
    # Only a Devanagari author name can have lost a vowel sign: decode the page again just for that.
    html = trafilatura.utils.decode_file(body) if doc.author and DEVANAGARI.search(doc.author) else ""
    return Cleaned(text=text, title=tidy_title(doc.title), author=restore_marks(doc.author, html),
                   published=parse_date(doc.date), canonical_url=doc.url, sitename=doc.sitename,
                   legacy_font=font)


def from_legacy_font(text: str) -> tuple[str, str | None]:
    """Unicode text of a page typed in a pre-Unicode Hindi font (Kruti Dev, DevLys, Chanakya).

    Such pages carry Latin letters that the font draws as Devanagari. Only a mostly
    Latin text is tried; every font hinlegacy knows decodes it (its detector confuses
    the near-identical Kruti Dev and DevLys tables), and the reading with the most
    common Hindi words and no broken conjuncts wins, if it reads as Hindi at all.
    """
    if len(_DEVANAGARI_LETTER.findall(text)) > 0.1 * len(text):
        return text, None  # over a tenth of its letters are Unicode Devanagari: not "mostly Latin" (fast path)
    letters = sum(map(str.isalpha, text))
    ascii_letters = sum(map(str.isalpha, text.encode("ascii", "ignore").decode("ascii")))
    if not letters or ascii_letters < 0.9 * letters:
        return text, None
    # A font whose reading of the opening is not Hindi is not tried on the whole text: a page in a
    # Latin-script language then costs a tenth of a full decoding per font.
    sample = text[:LEGACY_SAMPLE].rsplit(None, 1)[0] if len(text) > LEGACY_SAMPLE else text
    best, best_font, best_score = text, None, 0.0
    for font in legacy_fonts():
        if sample is not text and legacy_reading(sample, font)[1] < 0.05:
            continue
        converted, hindi, score = legacy_reading(text, font)
        if hindi >= 0.05 and score > best_score:
            best, best_font, best_score = converted, font, score
    return best, best_font


def legacy_reading(text: str, font: str) -> tuple[str, float, float]:
    """`text` read in a legacy font: the Unicode text, its share of common Hindi words, its score."""
    try:
        converted = unicodedata.normalize("NFC", hinlegacy.convert(text, font=font).unicode_text)
    except (HinLegacyError, ValueError, KeyError):
        return text, 0.0, 0.0
    words = converted.split() or [""]
    hindi = sum(w.strip("।,.") in HINDI_FUNCTION_WORDS for w in words) / len(words)
    return converted, hindi, hindi - converted.count("\u094d\u094d") / len(words)  # a double virama is a misreading


@lru_cache(maxsize=1)
def legacy_fonts() -> tuple[str, ...]:
    return tuple(sorted({entry.slug for entry in DECODER_REGISTRY.values()}))


def script_of(ch: str) -> str:
    """The first word of a character's Unicode name ("DEVANAGARI", "LATIN", "COMBINING", …)."""
    return unicodedata.name(ch, "?").split(" ", 1)[0]


@lru_cache(maxsize=4096)
def can_carry(base: str, mark: str) -> bool:
    """Whether combining `mark` belongs on `base` (a letter or a mark already kept)."""
    base_script, mark_script = script_of(base), script_of(mark)
    if mark_script in BRAHMIC or mark_script == "VEDIC":  # a vowel sign, nukta, virama, anusvara …
        return base_script == mark_script or (mark_script == "VEDIC" and base_script == "DEVANAGARI")
    if base_script in BRAHMIC:  # a generic accent (U+0300 …) on a Devanagari letter or sign
        return False
    return unicodedata.category(base)[0] in "LM"


def hygiene(text: str) -> str:
    """`text` without invisible format characters and without stray combining marks.

    A combining mark is stray when it stands where nothing can carry it: at the start of the
    text or a line, after a space, a digit or punctuation, or on a letter of another script
    (a Devanagari vowel sign after a Latin letter, an acute accent on a Devanagari letter).
    ZWJ and ZWNJ are kept and are transparent here (a mark after "क्\u200d" still sits on क).
    """
    text = INVISIBLE.sub("", text)
    if not stray_candidates().search(text):  # the common case: every mark sits on a Devanagari character
        return text
    out: list[str] = []
    base = ""  # the last kept character that is not a joiner
    for ch in text:
        if unicodedata.category(ch) in ("Mn", "Mc", "Me"):
            if not base or not can_carry(base, ch):
                continue
        elif ch not in JOINERS:
            base = ch
        out.append(ch)
    return "".join(out)


@lru_cache(maxsize=1)
def stray_candidates() -> re.Pattern:
    """Marks `hygiene` must look at: any combining mark except a Devanagari one right after a Devanagari
    character (which always carries it), and any character beyond the BMP (not listed here).
    Where nothing matches, every mark's chain leads back to a Devanagari base: nothing is stray."""
    marks = [chr(c) for c in range(0x10000) if unicodedata.category(chr(c))[0] == "M"]
    devanagari = "".join(chr(c) for c in range(0x900, 0x980) if script_of(chr(c)) == "DEVANAGARI")
    ours = "".join(re.escape(m) for m in marks if m in devanagari)
    others = "".join(re.escape(m) for m in marks if m not in devanagari)
    return re.compile(f"(?<![{devanagari}])[{ours}]|[{others}]|[\U00010000-\U0010ffff]")


def tidy(text: str) -> str:
    """NFC text without invisible characters or stray marks (`hygiene`); layout-table pipes
    that trafilatura keeps from old table pages removed."""
    lines = []
    text = unicodedata.normalize("NFC", hygiene(text.replace("\x00", "")))  # PostgreSQL refuses NUL
    for line in text.splitlines():
        if "|" in line:
            cells = [c for c in TABLE_CELL.split(line) if c.strip()]
            lines.extend(cells)
        elif line.strip():
            lines.append(line.strip())
    return "\n".join(lines)


def tidy_title(title: str | None) -> str | None:
    if not title:
        return None
    title = hygiene(title)
    stripped = SITE_SUFFIX.sub("", title).strip()
    return unicodedata.normalize("NFC", stripped or title) or None


def restore_marks(author: str | None, html: str) -> str | None:
    """trafilatura trims a final Devanagari vowel sign off names ("चक्रवर्ती" → "चक्रवर्त"); put it back."""
    if not author:
        return None
    parts = []
    for name in author.split("; "):
        found = re.search(re.escape(name) + DEVANAGARI_MARKS, html) if html else None
        parts.append(found.group(0) if found else name)
    return unicodedata.normalize("NFC", hygiene("; ".join(parts))) or None


def parse_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
