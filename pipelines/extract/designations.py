"""A designation printed next to a name, parsed into post, level, wing, jurisdiction.

The words arrive tagged (see mentions.tag): each carries the lexicon Unit it
matched (org, wing, level, post, noun, former) or a gazetteer Place.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import lexicon
from .lexicon import Unit
from .normalise import fold


@dataclass
class Designation:
    text: str
    post: str | None = None
    level: str | None = None
    wing: str | None = None
    jurisdiction: str | None = None
    body: str | None = None
    organisation: str | None = None
    body_words: tuple[str, ...] = ()  # words naming a body that is no party unit ("समिति", "बीस सूत्री"), folded


_HOUSE_LEVELS = ("mla", "mp")


def _ministry(text: str) -> bool:
    """A ministry's subject or the government named in a designation with मंत्री."""
    return any(fold(w) in lexicon.get().ministries for w in text.split())


def parse(text: str, units: list[Unit | None], places: list[str | None]) -> Designation:
    """Post, level, wing and place of one designation.

    `units[i]`/`places[i]` describe its i-th word. The first post printed wins; a
    post printed after पूर्व is `former` unless a current post is printed too; the
    level is the first level word, else the level the post implies."""
    d = Designation(text)
    chosen: Unit | None = None
    is_former = after_former = False
    level_before = level_after = None
    previous: Unit | None = None
    for unit, place in zip(units, places):
        if place and d.jurisdiction is None:
            d.jurisdiction = place
        if unit is None or unit is previous:  # the later words of one phrase ("ब्लॉक प्रमुख")
            previous = unit
            continue
        previous = unit
        if unit.kind == "former":
            after_former = True
        elif unit.kind == "post":
            if chosen is None or (is_former and not after_former):
                chosen, is_former = unit, after_former
            after_former = False
        elif unit.kind == "level":
            if chosen is None:
                level_before = level_before or unit.level
            else:
                level_after = level_after or unit.level
        if unit.wing and d.wing is None:
            d.wing = unit.wing
        if unit.kind == "org" and d.organisation is None:
            d.organisation = unit.code
    if chosen is not None:
        d.post = "former" if is_former else chosen.code
        d.level = level_before or chosen.level or level_after
        if chosen.code in _HOUSE_LEVELS and chosen.level:  # a legislator's level is the house's:
            d.level = chosen.level                         # "जयपुर शहर के विधायक" is vidhansabha
        if chosen.code == "secretary" and not is_former and _ministry(text):  # "ऊर्जा व पर्यावरण मंत्री":
            d.post, d.level = "minister", "national" if d.level == "national" else "state"  # a government's
        d.body = chosen.body
    return d
