"""Typed records of an extraction.

`Extraction.to_json()` is the gold format of ../shared/gold/README.md (v2.2),
extended with what gold does not score: evidence, statements, romanised
names and LGD place codes. Evaluators ignore the extra keys.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date


@dataclass(frozen=True)
class Context:
    """What a crawl knows about a text besides the text itself."""

    url: str | None = None
    published: date | None = None
    title: str | None = None


@dataclass
class Evidence:
    """One fact and the sentence it was read from.

    `start`/`end` are character offsets of `sentence` in the cleaned text,
    so `text[start:end] == sentence`. `fact` names what the sentence
    supports: "meeting", "organisation", "place", "date", "name",
    "designation", "role:chair", "role:attendee", "statement", …
    """

    fact: str
    sentence: str
    start: int
    end: int


@dataclass
class Statement:
    """Reported speech attributed to a participant; offsets in the cleaned text."""

    text: str
    start: int
    end: int


@dataclass
class Participant:
    name: str
    aliases: list[str] = field(default_factory=list)
    designation: str | None = None
    post: str | None = None
    level: str | None = None
    roles: list[str] = field(default_factory=list)
    # Not scored by gold:
    romanised: str | None = None
    jurisdiction: str | None = None  # place named in the designation ("दुर्ग")
    wing: str | None = None  # wing code named in the designation
    statements: list[Statement] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Meeting:
    organisation: str | None = None
    wings: list[str] = field(default_factory=list)
    level: str | None = None
    kind: str | None = None
    mode: str | None = None
    place: str | None = None
    state: str | None = None
    venue: str | None = None
    date: str | None = None  # ISO YYYY-MM-DD
    duration_days: int | None = None
    participants: list[Participant] = field(default_factory=list)
    # Not scored by gold: LGD codes of place and state.
    state_code: int | None = None
    district_code: int | None = None
    place_code: int | None = None
    place_kind: str | None = None  # district | subdistrict | block | town
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Extraction:
    meetings: list[Meeting] = field(default_factory=list)
    extractor_version: str = ""

    def to_json(self) -> dict:
        return {"extractor_version": self.extractor_version,
                "meetings": [asdict(m) for m in self.meetings]}
