"""The day a meeting was held, and how many days it lasted, from Hindi text.

Rules (../shared/gold/README.md): "आज" = published; "कल"/"गत दिवस" = the day
before; a weekday ("रविवार को", "बीते रविवार") = the latest such day not after
publication; "12 जुलाई" = that day in the year of publication, or the year
before when it would lie after publication; "12 जुलाई 2023", "12.07.2023",
"12/07/23" as written (day first). Words live in data/dates.toml.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from . import data as read_data
from . import normalise


_L = r"\u0900-\u0963\u0970-\u097fA-Za-z"  # letters/signs of a word (no digits)


_SPACES = re.compile(r"\s+")


def _fold(text: str) -> str:
    """Same length is not kept; use only for reading values, never offsets. Any run of spaces
    (a no-break space in "बीते\u00a0दिन", a line break) is one space, as the lexicons print it."""
    return normalise.digits(normalise.base(_SPACES.sub(" ", text)))


def _alt(words: list[str]) -> str:
    """Regex alternation of whole words, longest first."""
    return "|".join(re.escape(w) for w in sorted({_fold(w) for w in words}, key=len, reverse=True))


def _word(pattern: str) -> str:
    return rf"(?<![{_L}])(?:{pattern})(?![{_L}])"


@dataclass(frozen=True)
class _Lexicon:
    month: dict[str, int]
    weekday: dict[str, int]
    relative: dict[str, int]
    number: dict[str, int]
    day_month: re.Pattern[str]
    numeric: re.Pattern[str]
    iso: re.Pattern[str]
    weekday_re: re.Pattern[str]
    relative_re: re.Pattern[str]
    duration_re: re.Pattern[str]
    weak_duration_re: re.Pattern[str]


def _inverse(groups: dict[str, list[str]] | list[list[str]], base: int = 0) -> dict[str, int]:
    items = groups.items() if isinstance(groups, dict) else enumerate(groups, base)
    return {_fold(w): int(k) for k, words in items for w in words}


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    data = read_data.toml("dates.toml")
    month = _inverse(data["months"], 1)
    weekday = _inverse(data["weekdays"])
    relative = _inverse(data["relative"])
    number = _inverse(data["numbers"])
    dur = data["duration"]
    day_month = (rf"(?<!\d)(\d{{1,2}})(?:\s*(?:-|से|व|और|,|एवं)\s*\d{{1,2}})?\s*(?:-\s*)?"
                 rf"({_word(_alt(list(month)))})(?:\s*,?\s*(\d{{4}})(?!\d))?")
    not_after = rf"(?!\s*(?:{_alt(dur['not_after'])})(?![{_L}]))"

    def duration(units: list[str]) -> re.Pattern[str]:
        return re.compile(rf"(?<![{_L}\d])(\d{{1,2}}|{_alt(list(number))})\s*-?\s*(?:{_alt(units)})(?![{_L}]){not_after}")

    return _Lexicon(
        month, weekday, relative, number,
        day_month=re.compile(day_month),
        numeric=re.compile(r"(?<![\d.])(\d{1,2})\s?([./-])\s?(\d{1,2})\s?\2\s?(\d{4}|\d{2})(?![\d])"),  # "26/ 11/ 2020"
        iso=re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)"),
        weekday_re=re.compile(_word(_alt(list(weekday)))),
        relative_re=re.compile(_word(_alt(list(relative)))),
        duration_re=duration(dur["units"]),
        weak_duration_re=duration(dur["weak_units"]),
    )


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _day_month(text: str, published: date | None) -> date | None:
    lex = _lexicon()
    for m in lex.day_month.finditer(text):
        day, month = int(m.group(1)), lex.month[m.group(2)]
        if m.group(3):
            found = _safe_date(int(m.group(3)), month, day)
        elif published is None:
            continue
        else:
            found = _safe_date(published.year, month, day)
            if found is not None and found > published:
                found = _safe_date(published.year - 1, month, day)
        if found is not None:
            return found
    return None


def _numeric(text: str) -> date | None:
    lex = _lexicon()
    for m in lex.iso.finditer(text):
        found = _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if found is not None:
            return found
    for m in lex.numeric.finditer(text):
        year = int(m.group(4))
        found = _safe_date(year + 2000 if year < 100 else year, int(m.group(3)), int(m.group(1)))
        if found is not None:
            return found
    return None


def _first_explicit(text: str, published: date | None) -> date | None:
    """The date printed first: "दिनांक 26/11/2020 … 1 दिसंबर को मतदान" is the 26th."""
    lex = _lexicon()
    numeric = min((m.start() for r in (lex.iso, lex.numeric) if (m := r.search(text))), default=None)
    named = lex.day_month.search(text)
    if numeric is not None and (named is None or numeric < named.start()):
        return _numeric(text) or _day_month(text, published)
    return _day_month(text, published) or _numeric(text)


def _weekday_index(text: str) -> int | None:
    lex = _lexicon()
    m = lex.weekday_re.search(text)
    return lex.weekday[m.group()] if m else None


def _weekday(weekday: int | None, published: date) -> date | None:
    if weekday is None:
        return None
    return published - timedelta(days=(published.weekday() - weekday) % 7)


def _relative(text: str, published: date) -> date | None:
    lex = _lexicon()
    m = lex.relative_re.search(text)
    return published - timedelta(days=lex.relative[m.group()]) if m else None


def resolve_date(text: str, published: date | None) -> date | None:
    """The day named in `text` (a sentence or dateline about the meeting).

    A weekday wins over "आज"/"कल". An explicit date wins over both, except when it
    is the publication date and they name another day: then it is the report's
    dateline ("लुधियाना, 26 जून: … बैठक बीते रविवार …") and the day word counts.
    None when nothing resolves, or when only a day word is there and `published` is None."""
    t = _fold(text)
    explicit = _first_explicit(t, published)
    if published is None:
        return explicit
    weekday = _weekday_index(t)
    spoken = _weekday(weekday, published) or _relative(t, published)
    if explicit is None:
        return spoken
    if spoken is None or explicit.weekday() == weekday or explicit != published:
        return explicit
    return spoken


def duration_days(text: str) -> int | None:
    """Days an event lasted where stated: "दो दिवसीय" -> 2, "एक दिवसीय" -> 1, "3 दिन" -> 3."""
    lex = _lexicon()
    t = _fold(text)
    m = lex.duration_re.search(t) or lex.weak_duration_re.search(t)
    if m is None:
        return None
    n = m.group(1)
    return int(n) if n.isdigit() else lex.number[n]
