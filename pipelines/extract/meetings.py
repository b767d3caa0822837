"""Meetings of an analysed article: detection, segmentation and meeting fields.

An anchor is an event word of events.toml (बैठक, कार्यशाला, …) outside reported
speech, in a sentence with no future cue. An article reports a meeting when an
anchor stands in its lead, or anywhere together with a word saying it was held,
unless the lead reports an event that is not a meeting (धरना, प्रेस वार्ता …)
and names no meeting. A later anchor that names another unit (another level or
place) and says it was held starts a further meeting.

Meeting fields are read from the unit phrase before the anchor ("भाजपा युवा
मोर्चा की जिला कार्यसमिति की बैठक": organisation, wings, level), the venue and
place phrases of the anchor sentences, and the dateline. A town the gazetteer
lacks is taken where the text says the meeting was held there ("धूरी के … भवन
में"), or where LGD knows it by an English name that sounds like it
("जोगिंदरनगर स्थित … में"; a locality such as "गणेशपेठ स्थित" is not a town). The
venue phrase reaches back over the parts of a town ("बिहपुर बाजार स्थित किसान भवन");
a town naming a road ("मेरठ रोड स्थित") or called like a locality of the report's
own town in a state the text never speaks of (विजयनगर of इंदौर) is not the place.
"""
from __future__ import annotations

from collections import Counter
from itertools import islice
from dataclasses import dataclass, field
from datetime import date

from . import dates, lexicon, matcher, places
from .document import Analysed
from .roles import Act
from .mentions import Word
from .model import Evidence, Meeting

_ADJECTIVES_MAX = 3
_WORDS = ("name", "unknown")  # words of no lexicon, with or without evidence of a name
_HELD_WITHIN = 30  # words after the event word in which a "held" word must stand
_class = lexicon.word_class  # closed word classes of data/grammar.toml


@dataclass
class Anchor:
    sentence: int
    start: int  # word indices of the event word
    end: int
    kind: str
    held: bool  # the sentence says it was held
    unit: list[Word] = field(default_factory=list)  # the unit phrase before the event word
    future: bool = False  # its clause speaks of it as still to come


# --- anchors and detection -------------------------------------------------

def anchors(sents: list[Analysed], organisation_hint: str | None, acts: list[list[Act]] | None = None) -> list[Anchor]:
    """Event words of every sentence with their status; `acts`, the role acts per sentence."""
    lex = lexicon.get()
    out: list[Anchor] = []
    unions = set(lex.union_organisations)
    for s in sents:
        keys = s.keys
        end = s.end
        found = list(lex.kinds.find(keys, 0, end))
        if organisation_hint in unions:
            found += [(a, b, "meeting") for a, b, _ in lex.union_meetings.find(keys, 0, end)]
        subjects = [act.at for act in (acts[s.index] if acts else ()) if act.subject and act.roles]
        for a, b, kind in sorted(found):
            acted = any(at < a and not any(w.tok.text in _class("complementiser") for w in s.words[at:a])
                        for at in subjects)  # not "उन्होंने बताया कि … बैठक में": that is what was said
            status = _status(keys, a, b, end, acted)
            out.append(Anchor(s.index, a, b, kind, status == "held", unit_phrase(s.words, a), status == "future"))
    return out


def _status(keys: list[str], a: int, b: int, end: int, acted: bool = False) -> str:
    """'held', 'future' or '' for the event word at keys[a:b], from the verb group of its
    clause: a future form or schedule ("होगी", "करेंगे", "आयोजित की गई है", "रहने वाली")
    before any held word says future; a held word, the light verb "बैठक की।", or an
    attendance predicate later in the sentence ("इस बैठक में A, B उपस्थित रहे") says held.
    So does a role act of the sentence's subject told of the event ("X ने मंडल की बैठक में … की
    समीक्षा की": `acted`). An event word followed by "की तैयारी" is an event still being prepared for."""
    lex = lexicon.get()
    if lex.prepared_for.match(keys, b, end) or matcher.match("participation_in_event", keys, b, min(end, b + 5)):
        return "future"  # "… सम्मेलन की तैयारी", "… पंचायत में सबकी भागीदारी की चर्चा": an event to come
    hi = min(end, b + _HELD_WITHIN)
    future = [(k, k + 1, True) for k in lexicon.future_at(keys[:end], b) + lexicon.future_at(keys, max(0, a - 4), a)]
    held = [h for h in lex.held.find(keys, b, hi) if not any(h[0] <= f[0] <= h[1] + 1 for f in future)]
    if b < end and matcher.match("light_verb", keys, b, end) is not None:
        held.append((b, b + 1, True))  # "X ने … बैठक की।"
    if acted and b < end and keys[b] in _class("inside"):
        held.append((b, b + 1, True))  # "X ने … की बैठक में … की समीक्षा की"
    attended = [(k, k + n, True) for k in range(b, end)
                if (m := lex.cues["tail"].match(keys, k, end)) and "attendee" in m[1] for n in (m[0],)]
    held += [h for h in attended if not any(h[0] <= f[0] <= h[1] + 1 for f in future)]
    held.sort()
    if future and min(f[0] for f in future) < _clause_end(keys, b, end):
        return "future"  # a future verb group in the event word's own clause wins over "की अध्यक्षता"
    return "held" if held else ""


def _clause_end(keys: list[str], k: int, end: int) -> int:
    """Where the clause holding keys[k] ends: a sentence end or a relative clause (not a
    comma or a conjunction, which join names)."""
    relative = _class("relative")
    while k < end and keys[k] not in relative:
        k += 1
    return k


def unit_phrase(words: list[Word], k: int) -> list[Word]:
    """Designation-like words before the event word at k (the unit that met)."""
    i, loose = k, 0
    while i > 0:
        w = words[i - 1]
        if w.tok.key in _class("unit_stops") or w.owner >= 0:
            break
        if w.tag in ("org", "wing", "level", "noun", "place", "glue", "post"):
            i -= 1
        elif w.tag in ("sep",) and w.tok.key != ",":
            i -= 1
        elif w.tag in ("other", "name", "unknown") and loose < _ADJECTIVES_MAX:
            loose += 1
            i -= 1
        else:
            break
    return words[i:k]


def is_hindi(sents: list[Analysed]) -> bool:
    langs = lexicon.get().languages
    counts = {lang: 0 for lang in langs}
    for s in sents:
        for w in s.words:
            for lang, vocab in langs.items():
                if w.tok.key in vocab:
                    counts[lang] += 1
    return counts["hindi"] >= counts["marathi"] + counts["nepali"]


def lead(sents: list[Analysed]) -> int:
    """Where the report starts: its first sentence that is not page chrome (menus, time stamps);
    "the lead" and "the first sentences" count from there."""
    return next((s.index for s in sents if not _chrome(s)), 0)


def reports_meeting(sents: list[Analysed], found: list[Anchor]) -> bool:
    """Whether the article reports a meeting that took place (`found` holds every anchor,
    future ones included). A lead that reports another event that took place (a rally, a
    protest) leaves only a meeting in the lead; else an event word whose clause says it
    was held, or one in the lead that no clause of the article puts in the future."""
    top = lead(sents)
    lead_anchor = any(a.sentence - top < 2 and not a.future for a in found)
    if _lead_event(sents) and not lead_anchor:
        return False
    if any(a.held for a in found):
        return True
    return not any(a.future for a in found) and any(a.sentence - top < 3 for a in found)


def _lead_event(sents: list[Analysed]) -> bool:
    """The first two sentences report an event that is not a meeting and was not only announced."""
    lex = lexicon.get()
    return any(_status(s.keys, a, b, s.end) != "future"
               for s in sents[lead(sents):][:2] for a, b, _ in lex.not_meetings.find(s.keys, 0, s.end))


# --- segmentation ------------------------------------------------------------

def _levels(unit: list[Word]) -> list[str]:
    """Level words of a unit phrase; a state named right after the body is its state unit
    ("भारतीय जनता पार्टी उत्तराखंड द्वारा आयोजित …")."""
    return [w.unit.level if w.unit is not None else "state" for k, w in enumerate(unit)
            if w.unit is not None and w.unit.kind == "level" and w.unit.level
            or w.where is not None and w.where.kind == "state" and k > 0 and unit[k - 1].tag == "org"]


def _places(unit: list[Word]) -> list[str]:
    return [w.place for w in unit if w.place]


@dataclass
class Segment:
    """The anchors of one meeting and the sentences that tell of it."""

    anchors: list[Anchor]
    sentences: list[int] = field(default_factory=list)


def segments(sents: list[Analysed], found: list[Anchor]) -> list[Segment]:
    """Anchors grouped by meeting: a held anchor naming another unit opens a new one. A held
    anchor of another kind told as an aside ("शिविर का शुभारंभ किया। इससे पहले श्री X ने मंडल की बैठक
    में … की समीक्षा की।") is a meeting of its own sentence; the one it interrupted goes on after it."""
    groups: list[list[Anchor]] = []
    aside_of: dict[int, int] = {}  # an aside's group -> the group it interrupted
    cur, top = -1, lead(sents)
    for a in found:
        if cur in aside_of and a.sentence != groups[cur][0].sentence:
            cur = aside_of[cur]
        if cur >= 0 and _aside(a, groups[cur], sents):
            groups.append([a])
            aside_of[len(groups) - 1], cur = cur, len(groups) - 1
        elif cur >= 0 and not _new_meeting(a, groups[cur], sents):
            groups[cur].append(a)
        elif cur >= 0 or a.held or a.sentence - top < 3:
            groups.append([a])
            cur = len(groups) - 1
    return _spans(groups, set(aside_of), len(sents))


def _spans(groups: list[list[Anchor]], asides: set[int], n: int) -> list[Segment]:
    """Each meeting's sentences: from its first anchor (the first: from the text's start) to
    the next meeting's, without the asides' sentences; an aside, its own."""
    aside_sents = {a.sentence for i in asides for a in groups[i]}
    starts = [0 if i == 0 else g[0].sentence for i, g in enumerate(groups)]
    out: list[Segment] = []
    for i, g in enumerate(groups):
        if i in asides:
            out.append(Segment(g, sorted({a.sentence for a in g})))
            continue
        nxt = min((starts[j] for j in range(i + 1, len(groups)) if j not in asides), default=n)
        out.append(Segment(g, [k for k in range(starts[i], nxt) if k not in aside_sents]))
    return out


def _aside(a: Anchor, current: list[Anchor], sents: list[Analysed]) -> bool:
    """A held event of another kind, in a sentence that does not tell of the one so far,
    placed before or after it by a sequence word ("इससे पहले", "बाद में", "इसके पश्चात")."""
    if not a.held or a.kind == current[0].kind or any(c.sentence == a.sentence for c in current):
        return False  # "… मीटिंग वेबिनार के माध्यम से": the meeting's own sentence
    if not any(c.held for c in current):
        return False
    return any(k in _class("sequence") for k in sents[a.sentence].keys[:a.start])


def _new_meeting(a: Anchor, current: list[Anchor], sents: list[Analysed]) -> bool:
    """A held anchor naming another unit than the meeting so far opens a new one, or another
    town it was held in ("इधर, X में … की बैठक … हुई"); so far only announced (a headline, a
    lead), it is the same meeting."""
    if not a.held or a.sentence == current[0].sentence or not any(c.held for c in current):
        return False
    lv, pl = _levels(a.unit), _places(a.unit) + _held_in_before(sents[a.sentence], a)
    if not lv and not pl:
        return False
    seen_lv = {x for c in current for x in _levels(c.unit)}
    seen_pl = {x for c in current for x in _places(c.unit) + (_held_in_before(sents[c.sentence], c) if c.held else [])}
    return bool(lv and lv[-1] not in seen_lv or pl and pl[-1] not in seen_pl)


def _held_in_before(s: Analysed, a: Anchor) -> list[str]:
    """"X में [unit] बैठक": the town X right before the unit phrase, where the meeting was held."""
    k = a.start - len(a.unit)  # the word that stopped the unit phrase
    if k >= 2 and s.keys[k - 1] in _class("inside") and _town(s.words[k - 2]):
        return [s.words[k - 2].place or s.words[k - 2].tok.text]
    return []


# --- fields ----------------------------------------------------------------

def fill(meeting: Meeting, sents: list[Analysed], group: list[Anchor], published: date | None, article_org: str | None, chair_levels: list[str],
         previous: Meeting | None = None, spelt: frozenset[str] = frozenset()) -> None:
    """Fields of one meeting; `previous` is the meeting reported before it in the article;
    `spelt`, the headline's Latin words (which of two namesake towns a romanised slug names)."""
    first = group[0]
    meeting.kind = first.kind
    meeting.organisation = _first_unit(group, "org", "code") or article_org
    meeting.wings = _wings(sents, group)
    if previous is not None and not meeting.wings and not _first_unit(group, "org", "code"):
        meeting.wings = list(previous.wings)  # "मोर्चा की बंडा मंडल इकाई": the same wing
    meeting.level = _level(group) or _organiser_level(sents[first.sentence], first)
    anchor_sents = _anchor_sentences(sents, group)
    meeting.mode = "virtual" if _virtual(anchor_sents, sents, group) else None
    venue = _venue(anchor_sents)
    meeting.venue = venue[0] if venue else None
    place = _place(sents, anchor_sents, group, venue, meeting.mode == "virtual", previous is None)
    if place:
        meeting.place = place[0]
        _set_place_codes(meeting, place[1])
    if meeting.mode == "virtual" and meeting.place is None:
        meeting.state = _named_state(anchor_sents)
    else:
        meeting.state = meeting.state or _state(sents, meeting.place, spelt)
    if meeting.state and meeting.state_code is None:  # a place the gazetteer lacks, in a known state
        meeting.state_code = places.state_code(meeting.state)
    if meeting.level is None:
        meeting.level = (_venue_level(venue) or _unit_town_level(sents[first.sentence], first)
                         or (chair_levels[0] if chair_levels else None))
    if meeting.mode is None and (meeting.place or meeting.venue):
        meeting.mode = "in_person"
    meeting.date = _date(anchor_sents, published)
    if meeting.date is None and previous is not None and _same_day(sents[first.sentence]):
        meeting.date = previous.date
    meeting.duration_days = _duration(anchor_sents, sents)
    for s in anchor_sents:
        meeting.evidence.append(Evidence("meeting", s.sentence.text, s.sentence.start, s.sentence.end))


def _anchor_sentences(sents: list[Analysed], group: list[Anchor]) -> list[Analysed]:
    seen: list[int] = []
    for a in group:
        if a.sentence not in seen:
            seen.append(a.sentence)
    return [sents[i] for i in seen]


def _first_unit(group: list[Anchor], kind: str, attr: str) -> str | None:
    for a in group:
        for w in a.unit:
            if w.unit is not None and w.unit.kind == kind:
                return getattr(w.unit, attr)
    return None


def _wings(sents: list[Analysed], group: list[Anchor]) -> list[str]:
    """Wings of the unit phrase; else of the organiser named in the anchor sentence."""
    for a in group:
        wings = _wing_codes(a.unit)
        if wings or any(w.unit is not None and w.unit.kind == "org" for w in a.unit):
            return wings
    first = sents[group[0].sentence]
    words = [w for w in first.words[:first.end] if w.owner < 0]
    if any(w.unit is not None and w.unit.kind == "org" for w in words):  # "भाजपा किसान मोर्चा ने …":
        words = [w for k, w in enumerate(words) if _after_org(words, k)]  # the organiser's own wing
    return _wing_codes(words)


def _after_org(words: list[Word], k: int) -> bool:
    """A wing word that belongs to the body named right before it ("भाजपा किसान मोर्चा")."""
    while k > 0 and words[k - 1].unit is not None and words[k - 1].unit.kind == "wing":
        k -= 1
    return k > 0 and words[k - 1].unit is not None and words[k - 1].unit.kind == "org"


def _wing_codes(words: list[Word]) -> list[str]:
    out: list[str] = []
    for w in words:
        if w.unit is not None and w.unit.wing and w.unit.wing not in out:
            out.append(w.unit.wing)
    return out


def _level(group: list[Anchor]) -> str | None:
    """The level word nearest the event word in the unit phrase (not in brackets)."""
    for a in group:
        depth, levels = 0, []
        for k, w in enumerate(a.unit):
            depth += {"(": 1, ")": -1}.get(w.tok.text, 0)
            # "जिला प्रभारियों की बैठक": the level of the posts that met, not of the unit
            of_posts = k + 1 < len(a.unit) and a.unit[k + 1].tag == "post" and a.unit[k + 1].tok.key.endswith(lexicon.ending_class("plural"))
            if depth == 0 and w.unit is not None and w.unit.kind == "level" and w.unit.level and not of_posts:
                levels.append(w.unit.level)
        if levels:
            return levels[-1]
    return None


def _organiser_level(s: Analysed, a: Anchor) -> str | None:
    """"भाजपा ओबीसी मोर्चा शहर जिला की ओर से … सम्मेलन का आयोजन": the unit that held it is
    named before an organiser phrase of the event word's sentence."""
    found = lexicon.get().organiser_phrases.find(s.keys, 0, s.end)
    for start, _, _ in found:
        unit = unit_phrase(s.words, start)
        levels = _levels(unit)
        if levels and any(w.unit is not None and w.unit.kind in ("org", "wing") for w in unit):
            return levels[-1]
    return None


def _virtual(anchor_sents: list[Analysed], sents: list[Analysed], group: list[Anchor]) -> bool:
    """A virtual cue in the meeting's first sentence, or in the lead when no clause there is about
    something still to come ("… वीडियो कॉन्फ्रेंसिंग के माध्यम से संबोधित करेंगे" is another event)."""
    lex = lexicon.get()
    first = group[0].sentence
    top = lead(sents)
    scope = [s for s in sents if s.index == first or s.index - top < 3 and not _future_sentence(s)]
    return any(lex.virtual.find(s.keys, 0, s.end) for s in scope)


def _future_sentence(s: Analysed) -> bool:
    return bool(lexicon.future_at(s.keys[:s.end]))


def _venue(anchor_sents: list[Analysed]) -> tuple[str, list[Word]] | None:
    """The venue's text (the building) and the words of the whole venue phrase, which
    reaches back over the parts of a town before it ("बिहपुर बाजार स्थित किसान भवन")."""
    lex = lexicon.get()
    for s in anchor_sents:
        for a, b, _ in lex.venue.find(s.keys, 0, s.end):
            core = a
            while core > 0 and _venue_word(s.words[core - 1]):
                core -= 1
            i = core
            while i > 0 and (_venue_word(s.words[i - 1]) or s.words[i - 1].tok.key in lex.site):
                i -= 1
            j = b
            while j < s.end and s.words[j].tag in ("place",):
                j += 1
            while core < a and (s.words[core].tag in ("glue", "sep") or s.words[core].tok.key in lex.venue_glue):
                core += 1
            span = s.words[core:j]
            text = s.sentence.text[span[0].tok.start - s.sentence.start:span[-1].tok.end - s.sentence.start]
            return text, s.words[i:j]
    return None


def _venue_word(w: Word) -> bool:
    lex = lexicon.get()
    if w.tok.key in _class("located") or w.tok.kind == "num" or w.tok.key in lex.locality:
        return True
    if w.tag in ("org", "level", "place", "noun", "wing") or w.tag in _WORDS:
        return True
    return w.tok.key in lex.venue_glue


def _venue_level(venue: tuple[str, list[Word]] | None) -> str | None:
    if venue is None:
        return None
    levels = _levels(venue[1])
    return levels[0] if levels else None


def _place(sents, anchor_sents, group, venue, virtual, first) -> tuple[str, places.Place | None] | None:
    """Where it was held: a town in the venue or next to the event word (one the
    gazetteer lacks found by the sound of its LGD name), else the dateline, else the
    unit's own place; for a virtual meeting only the unit's place."""
    unit = [w for a in group for w in a.unit if _town(w)]
    if virtual:
        unit = unit or _unit_town(sents[group[0].sentence], group[0])
        return (_printed(unit[0]), unit[0].where) if unit else None
    states = _text_states(sents)
    if venue is not None:
        found = _venue_place(venue[1], sents, states)
        if found is not None:
            return _printed(found), found.where or places.lookup_romanised(found.tok.text, states)
    sounded = _romanised_town(sents[group[0].sentence], group[0], states)
    if sounded is not None:
        return sounded
    near = _place_near(sents[group[0].sentence], group[0], sents)
    if near is not None:
        return _printed(near), near.where
    village = next((v for a in group if (v := _village(sents[a.sentence], a)) is not None), None)
    if village is not None:  # a same-named place of a state the text never speaks of is not it
        if village.where is not None and _foreign(village, sents):
            return _printed(village), places.lookup_romanised(village.tok.text, states - {village.where.state})
        return _printed(village), village.where or places.lookup_romanised(village.tok.text, states)
    named = [w for w in group[0].unit if (w.tag == "place" or w.tag in _WORDS) and w.where is None]
    if not first:  # a later meeting: its own unit's place, not the dateline
        if venue is not None and len(venue[1]) > 1 and venue[1][0].tag in _WORDS and venue[1][1].tok.key in _class("located"):
            return venue[1][0].tok.text, None
        if unit or named:
            w = (unit or named)[0]
            return _printed(w), w.where
    return (_dateline(sents, states) if first else None) or ((_printed(unit[0]), unit[0].where) if unit else None)


def _unit_town(s: Analysed, a: Anchor) -> list[Word]:
    """Before the event word, a town naming a unit ("शिमला संसदीय क्षेत्र की वीडियो कांफ्रेंस …
    मीटिंग"): the place of a virtual meeting's unit."""
    words = s.words
    return [w for k, w in enumerate(words[:a.start]) if _town(w) and w.owner < 0 and k + 1 < len(words)
            and words[k + 1].tag == "level"][:1]


def _unit_town_level(s: Analysed, a: Anchor) -> str | None:
    """The level word after a unit's town before the event word ("शिमला संसदीय क्षेत्र की …")."""
    words = s.words
    for k, w in enumerate(words[:a.start - 1]):
        if _town(w) and w.owner < 0 and words[k + 1].tag == "level" and words[k + 1].unit is not None:
            return words[k + 1].unit.level
    return None


def _printed(w: Word) -> str:
    """A place as printed: all its words ("उत्तर पूर्वी दिल्ली")."""
    return w.place or w.tok.text


def _text_states(sents: list[Analysed]) -> set[str]:
    """States of the places the text names (outside reported speech)."""
    return {w.where.state for s in sents for w in s.words[:s.end] if w.where is not None}


def _romanised_town(s: Analysed, a: Anchor, states: set[str]) -> tuple[str, places.Place] | None:
    """Near the event word, an unknown word followed by स्थित or में that LGD knows as a
    town of the text's states by its English name ("जोगिंदरनगर स्थित … में")."""
    lo, hi = max(0, a.start - _HELD_WITHIN), min(s.end, a.end + _HELD_WITHIN)
    for k in range(lo, hi - 1):
        w = s.words[k]
        if w.tag in _WORDS and w.owner < 0 and s.words[k + 1].tok.key in _class("held_in"):
            found = places.lookup_romanised(w.tok.text, states)
            if found is not None:
                return w.tok.text, found
    return None


def _venue_place(words: list[Word], sents: list[Analysed], states: set[str]) -> Word | None:
    """A town in the venue phrase (not one naming a road, nor a same-named town of a state
    the text never speaks of), the name next to a locality word ("पोरसा कस्बे के"), a name
    before a unit word ("नूरसराय प्रखंड मुख्यालय स्थित", "देबारी स्थित"), an unknown word
    whose building it is ("धूरी के गुरु तेग बहादुर भवन", not a residence), or one before a
    part of a town that LGD knows by sound ("खरीक बाजार स्थित")."""
    lex = lexicon.get()
    locality = lex.locality
    for k, w in enumerate(words):
        if _town(w) and (k == 0 or words[k - 1].tag != "name"):
            if not _names_road(words, k) and not _foreign(w, sents):
                return w
            continue
        nxt = words[k + 1] if k + 1 < len(words) else None
        if (w.tag in _WORDS and w.owner < 0 and nxt is not None and nxt.tok.key in lex.site
                and nxt.tok.key not in lex.roads and (k == 0 or words[k - 1].tag != "name")
                and places.lookup_romanised(w.tok.text, states) is not None):
            return w
        if (k == 0 and w.tag in _WORDS and nxt is not None and nxt.unit is not None
                and nxt.unit.level in ("block", "district")):
            return w
        if (k == 0 and w.tag in _WORDS and w.owner < 0 and nxt is not None and nxt.tok.key in _class("genitive")
                and not any(x.tok.key in lex.residence for x in words)):
            return w
        if w.tok.key in locality:
            if k > 0 and words[k - 1].tag in ("name", "unknown", "place") and (k < 2 or words[k - 2].tag != "name"):
                return words[k - 1]
            if k + 1 < len(words) and words[k + 1].tag in ("name", "unknown", "place"):
                return words[k + 1]
    return None


def _village(s: Analysed, a: Anchor) -> Word | None:
    """"रामपुर पंचायत में", "सीतापुर ग्राम सभा में" near the event word: a village the gazetteer
    lacks, named by the panchayat or village word after it."""
    lex = lexicon.get()
    lo, hi = max(0, a.start - _HELD_WITHIN), min(s.end, a.end + _HELD_WITHIN)
    for k in range(lo, hi - 1):
        w = s.words[k]
        if w.tag not in (*_WORDS, "place") or w.owner >= 0 or w.tok.key in lex.person_words:
            continue
        m = lex.village_words.match(s.keys, k + 1, hi)
        if m is not None and k + 1 + m[0] < len(s.keys) and s.keys[k + 1 + m[0]] in _class("held_in"):
            return w
    return None


def _names_road(words: list[Word], k: int) -> bool:
    """The place at words[k] is followed by a road word ("मेरठ रोड स्थित")."""
    j = k
    while j < len(words) and words[j].tag == "place" and words[j].place == words[k].place:
        j += 1
    return j < len(words) and words[j].tok.key in lexicon.get().roads


_LOCAL_KINDS = ("town", "subdistrict", "block", "district")


def _names_state(w: Word) -> bool:
    """A state, or a union territory named by its city (दिल्ली, चंडीगढ़)."""
    return w.where is not None and (w.where.kind == "state" or places.canonical_state(w.place or w.tok.text) == w.where.state)


def _foreign(w: Word, sents: list[Analysed]) -> bool:
    """A town of a state the text neither names nor names another place of, where it
    names places of other states: a locality of the report's own town called like it
    (विजयनगर of इंदौर is not the Rajasthan town); never a union territory's city."""
    if _names_state(w):
        return False
    if w.where is None or w.where.kind not in _LOCAL_KINDS:
        return False
    found = [x.where for s in sents for x in s.words[:s.end] if x.where is not None and x.place != w.place]
    others = {p.state for p in found if p.kind != "state"}
    return bool(others) and w.where.state not in others | {p.state for p in found}


def _place_near(s: Analysed, a: Anchor, sents: list[Analysed]) -> Word | None:
    """Near the event word: a town followed by में/स्थित/पर ("नैना देवी में संपन्न"),
    or a name next to a locality word ("गांव खिड़वाली में")."""
    lo, hi = max(0, a.start - _HELD_WITHIN), min(s.end, a.end + _HELD_WITHIN)
    words, tags = s.words, [w.tag for w in s.words]
    for k in range(lo, hi):
        w = words[k]
        if (_town(w) and w.owner < 0 and matcher.match("held_after_town", s.keys, k + 1, tags=tags) is not None
                and (k == 0 or words[k - 1].tag != "name") and not _foreign(w, sents)):
            return w  # "ऊना जिला मुख्यालय स्थित …"
        if matcher.match("locality_name_held", s.keys, k, tags=tags) is not None:
            return words[k + 1]  # "गांव खिड़वाली में"
    return _named_after(s, a)


def _named_after(s: Analysed, a: Anchor) -> Word | None:
    """"<event> X में संपन्न हुआ": unknown words right after the event word, before में and a held word."""
    k = a.end
    while k < s.end and k - a.end < 3 and s.words[k].tag in _WORDS:
        k += 1
    if k == a.end or k + 1 >= s.end or s.words[k].tok.key not in _class("inside"):
        return None
    if not lexicon.get().held.match(s.keys, k + 1):
        return None
    return _merged(s, a.end, k)


def _merged(s: Analysed, i: int, j: int) -> Word:
    """One Word standing for words[i:j] (a place name of several words)."""
    first, last = s.words[i], s.words[j - 1]
    text = s.sentence.text[first.tok.start - s.sentence.start:last.tok.end - s.sentence.start]
    tok = type(first.tok)(text, first.tok.start, last.tok.end, first.tok.key, first.tok.kind)
    return Word(tok, "name")


def _lookup(w: Word) -> places.Place | None:
    return w.where


def _town(w: Word) -> bool:
    """A place below a state (a state is the meeting's state, not its place)."""
    return w.where is not None and w.where.kind != "state"


def _dateline(sents: list[Analysed], states: set[str]) -> tuple[str, places.Place | None] | None:
    """The place a report's dateline names, found by its shape in the first sentences (after
    headlines, image lines and bylines): one to three place words at a sentence's start,
    then a colon, danda, comma, dash, bracket or date, or nothing else on the line
    ("कवर्धा ।", "कोरबा, 12 जुलाई।", "आजमगढ़ :", "हिसार,"). One the gazetteer lacks is looked
    up by sound in the text's states. Of two places the town is the one after a slash
    ("सोनीपत/गोहाना"), unless that is the reporter ("रामगढ़ /संवाददाता"); a byline of
    names is not a place."""
    lines = list(islice((s for s in sents[lead(sents):] if not _chrome(s)), _DATELINE_SENTENCES))
    found = [f for s in lines if (f := _dateline_at(s.words, states)) is not None]
    return next((f for f, known in found if known), found[0][0] if found else None)  # a gazetteer place first


_DATELINE_SENTENCES = 6  # sentences of the report's top searched, page chrome not counted
_REPORT_TAGS = frozenset({"name", "unknown", "place", "org", "wing", "post"})
_CHROME_WORDS = 4  # at most this many Devanagari words in a line of page chrome


def _chrome(s: Analysed) -> bool:
    """A line of page chrome ("होम |", "राज्य", "अपडेट: 12 मार्च 2024, 10:30 AM"): a few words,
    none a report is made of (a name, a place, a body, a post, an event); or a picture's credit."""
    words = s.words
    if len(words) > 1 and words[0].tok.key in _class("credit") and words[1].tok.text in (":", "-", "|", "।"):
        return True
    return (sum(w.tok.kind == "dev" for w in words) <= _CHROME_WORDS
            and not any(w.tag in _REPORT_TAGS for w in words)
            and not lexicon.get().kinds.find(s.keys, 0, len(s.keys)))


def _dateline_at(words: list[Word], states: set[str]) -> tuple[tuple[str, places.Place | None], bool] | None:
    """A dateline at the start of a sentence, and whether the gazetteer named it in the text."""
    lex = lexicon.get()
    k = 0
    while k < len(words) and words[k].tok.kind == "punct" and words[k].tok.text not in ("/",):
        k += 1  # bullets, bars, emoji
    spans: list[list[Word]] = [[]]
    while k < len(words) and len(spans[-1]) < 3:
        w = words[k]
        if spans[-1] and w.tok.dash:
            break  # "उदयपुर - गजपालसिंह राठौड़ की अध्यक्षता …": a dash ends the dateline
        if w.tag in ("name", "unknown", "place") and w.tok.kind == "dev" or w.tok.key in lex.byline_words:
            spans[-1].append(w)
        elif w.tok.text == "/" and spans[-1] and k + 1 < len(words):
            spans.append([])
        else:
            break
        k += 1
    if k < len(words) and words[k].tok.text == "," and any(w.tok.key in lex.byline_words for sp in spans for w in sp):
        return _dateline_at(words[k + 1:], states)  # "जागरण संवाददाता, कानपुर :": the byline first
    spans = [sp for sp in spans if sp and not all(w.tok.key in lex.byline_words for w in sp)]
    dashed = k < len(words) and (words[k].tok.dash  # "रामगढ़ ----- पुराने बस स्टैंड …"
                                 or words[k].tok.text in ("l", "I"))  # a Latin danda
    if not spans or k < len(words) and words[k].tok.kind not in ("punct", "num") and not dashed:
        return None
    if k < len(words) and words[k].tok.text not in _class("dateline_ends") and words[k].tok.kind == "punct":
        return None
    span = spans[-1]
    if all(w.where is None for w in span) and (all(w.tok.key in lex.person_words for w in span)
                                               or len(span) > 1 and span[0].tok.key in lex.given_names):
        if k < len(words) and words[k].tok.text == ",":
            return _dateline_at(words[k + 1:], states)  # "राम कुमार, रामगढ़।": the reporter, then the town
        return None  # a byline ("राम कुमार। रामगढ़")
    text = " ".join(w.tok.text for w in span)
    return (text, span[0].where or places.resolve(text, states)), span[0].where is not None




def _set_place_codes(meeting: Meeting, place: places.Place | None) -> None:
    if place is None:
        return
    meeting.state = place.state
    meeting.state_code = place.state_code
    meeting.district_code = place.district_code
    meeting.place_code = place.code
    meeting.place_kind = place.kind


def _state(sents: list[Analysed], place: str | None, spelt: frozenset[str] = frozenset()) -> str | None:
    """The state of the place; else a state named outside reported speech; else the
    one state of the places the report names."""
    named = {w.where.state for s in sents for w in s.words[:s.end] if w.where is not None}
    if place:
        st = places.state_of(place)
        if st and (not named or st in named):  # not a namesake in a state the text never speaks of
            return st
    for s in sents:
        for w in s.words[:s.end]:
            if _names_state(w):
                return w.where.state
    states = Counter(w.where.state for s in sents for w in s.words[:s.end] if w.where is not None)
    if len(states) == 1 or (states and states.most_common(2)[0][1] > 2 * states.most_common(2)[1][1]):
        return states.most_common(1)[0][0]
    sounded = places.sounded_anywhere(place, spelt) if place and not states else None
    return sounded.state if sounded is not None else None  # a town LGD knows by sound, one in India


def _named_state(anchor_sents: list[Analysed]) -> str | None:
    for s in anchor_sents:
        for w in s.words[:s.end]:
            if _names_state(w):
                return w.where.state
    return None


def _same_day(s: Analysed) -> bool:
    return bool(lexicon.get().same_day.find(s.keys, 0, s.end))


def _strip_dateline(s: Analysed) -> str:
    text = s.sentence.text
    if s.index == 0:
        for sep in (":", "–", "-"):
            k = text.find(sep)
            if 0 < k < 40:
                return text[k + 1:]
    return text


def _date(anchor_sents: list[Analysed], published: date | None) -> str | None:
    for s in anchor_sents:
        text = _strip_dateline(s)
        if s.speech is not None:
            text = text[:max(0, s.words[s.speech - 1].tok.end - s.sentence.start - (len(s.sentence.text) - len(text)))]
        d = dates.resolve_date(text, published)
        if d is not None:
            return d.isoformat()
    return None


def _duration(anchor_sents: list[Analysed], sents: list[Analysed]) -> int | None:
    for s in anchor_sents + sents:
        n = dates.duration_days(s.sentence.text)
        if n is not None:
            return n
    return None
