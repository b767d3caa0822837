"""The extractor: plain functions over cleaned text, a line of stages.

extract(text, Context) runs STAGES in order over one Document (document.py), each stage
filling its own part and reading only what the earlier ones wrote:
1. `_body`: the article's text up to its end-of-article navigation (`_body_end`); `_mentions_event`:
   a look for any event word in the folded text, so a page with none (most of a news site) ends here;
2. `_analyse`: sentences (sentences.py: ends at dandas, "|", Latin "l", "." after a word that
   is no abbreviation, line breaks that do not continue a list); tokens and tags (tokens.py,
   mentions.tag: every word with its folded key (normalise.py) and what the lexicons (data/,
   read by data.py) and the gazetteer (places.py) say it is; reported speech); mentions
   (mentions.find: names need positive evidence: a known name word, a title or post before,
   ने/द्वारा/a cue after, a list of names; designations before and after them); role acts
   (roles.sentence_acts, lists.apply: cues around each group of names, split cues around
   fronted role nouns, lists closed by a collective subject, future clauses). Closed word
   classes (postpositions, clause ends) and the constructions' token patterns are data
   (data/grammar.toml), the patterns run by one small matcher (matcher.py);
3. `_resolve_people`: mentions resolved to people (spelling variants, back-references);
4. `_detect` (meetings.py): event words and tense per clause over the whole article;
5. `_meetings`: segmentation, each meeting's fields and the people who had a role in it —
   the record (model.py), one Meeting per reported meeting.
A stage that finds nothing to go on with (no Hindi text, no meeting) ends the line.
"""
from __future__ import annotations

from collections import Counter
from typing import Callable

from . import headline, lexicon, lists, meetings, mentions, names, normalise, places, roles, sentences, tokens
from .designations import Designation
from .document import Analysed, Document, Person
from .model import Context, Evidence, Extraction, Meeting, Participant, Statement
from .tokens import DEVANAGARI, tokenize

from .version import EXTRACTOR_VERSION
MAX_CHARS = 200_000  # longer texts are cut: no report is that long
_BODY_MIN = 200  # Devanagari letters of body text before an end-of-article marker counts
# Posts whose level is not the unit's: public offices and officials.
_OWN_LEVEL_POSTS = {"mp", "mla", "minister", "mayor", "councillor", "village_head", "other", "former"}


def extract(text: str, context: Context | None = None) -> Extraction:
    """Meetings reported in `text`; `context` gives url and publication date."""
    doc = Document(normalise.line_breaks(text[:MAX_CHARS]) if text else "", context or Context())
    for stage in STAGES:
        if not stage(doc):  # a stage that finds nothing to go on with ends the line
            break
    return Extraction(meetings=doc.meetings, extractor_version=EXTRACTOR_VERSION)


def _body(doc: Document) -> bool:
    """The article's text up to its end-of-article navigation."""
    if not doc.text.strip():
        return False
    doc.body = doc.text[:_body_end(doc.text)]
    return True


def _mentions_event(doc: Document) -> bool:
    """No event word anywhere in the body (a look at its folded text): nothing to analyse."""
    return lexicon.mentions_event(doc.body)


def _analyse(doc: Document) -> bool:
    """Sentences, tokens and tags, mentions and the role acts of each sentence; Hindi only."""
    doc.sentences, doc.acts = _sentences(doc.body)
    return bool(doc.sentences) and meetings.is_hindi(doc.sentences)


def _resolve_people(doc: Document) -> bool:
    doc.people = _people(doc.sentences, doc.acts)
    return True


def _detect(doc: Document) -> bool:
    """Event words over the whole article; whether it reports a meeting that took place."""
    doc.organisation = _article_org(doc.sentences)
    every = meetings.anchors(doc.sentences, doc.organisation, doc.acts)
    if not meetings.reports_meeting(doc.sentences, every):
        return False
    doc.anchors = [a for a in every if not a.future]
    return True


def _meetings(doc: Document) -> bool:
    """One meeting per segment of anchors, with its fields and the people who had a role in it."""
    sents, people = doc.sentences, doc.people
    found: list[Meeting] = []
    spelt = headline.latin_words(doc.context)
    for segment in meetings.segments(sents, doc.anchors):
        group, within = segment.anchors, set(segment.sentences)
        meeting = Meeting()
        found_people = _participants(people, within)
        meeting.participants = [part for part, _ in found_people]
        chair_levels = [p.level for p in meeting.participants
                        if p.level and {"chair", "leader"} & set(p.roles)]
        org = doc.organisation or _chair_body(people, within) or headline.organisation(doc.context)
        previous = found[-1] if found else None
        meetings.fill(meeting, sents, group, doc.context.published, org, chair_levels, previous, spelt)
        unit_words = {w.tok.key for a in group for w in a.unit}
        for part, d in found_people:  # a post of the unit that met, printed without a level: its level
            if part.level is None and _unit_post(d, meeting, unit_words):
                part.level = meeting.level
        found.append(meeting)
    doc.meetings = _merge_leads(found)
    return True


# The line of stages, in order; each reads what the earlier ones wrote into the Document.
STAGES: tuple[Callable[[Document], bool], ...] = (_body, _mentions_event, _analyse, _resolve_people, _detect, _meetings)


_MERGED_FIELDS = ("wings", "level", "mode", "place", "state", "venue", "date", "duration_days",
                  "state_code", "district_code", "place_code", "place_kind")


def _merge_leads(found: list[Meeting]) -> list[Meeting]:
    """A meeting with nobody in it, followed by one of the same body and kind whose fields
    do not contradict it, is that meeting's summary lead: one meeting, fields from both."""
    out: list[Meeting] = []
    for m in found:
        lead = out[-1] if out else None
        if (lead is not None and not lead.participants and lead.organisation == m.organisation
                and lead.kind == m.kind and not _contradict(lead, m)):
            for f in _MERGED_FIELDS:
                if getattr(m, f) in (None, []):
                    setattr(m, f, getattr(lead, f))
            m.evidence = lead.evidence + m.evidence
            out[-1] = m
        else:
            out.append(m)
    return out


def _contradict(a: Meeting, b: Meeting) -> bool:
    return any(getattr(a, f) not in (None, []) and getattr(b, f) not in (None, []) and getattr(a, f) != getattr(b, f)
               for f in ("level", "place", "date", "duration_days"))


def _body_end(text: str) -> int:
    """Where navigation after the article starts ("More Stories", "यह भी पढ़ें" …)."""
    markers = lexicon.get().boilerplate
    pos = body = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        # a marker ends the article only after some of its body: before, it is the page's menu
        if body >= _BODY_MIN and stripped and any(stripped.startswith(m) for m in markers) and len(stripped) < 60:
            return pos
        pos += len(line)
        body += len(DEVANAGARI.findall(line))
    return len(text)


def _sentences(text: str) -> tuple[list[Analysed], list[list[roles.Act]]]:
    found = places.find_places(text)
    place_at = {s: (e, text[s:e], p) for s, e, p in found}
    sents: list[Analysed] = []
    acts: list[list[roles.Act]] = []
    items: list[bool] = []
    for i, s in enumerate(sentences.split(text)):
        words = mentions.tag(tokenize(s.text, s.start), place_at)
        speech = roles.speech_start(words)
        blocked = set(range(speech, len(words))) if speech is not None else set()
        items.append(lists.is_item(words, text, s.start, s.end))
        found_mentions = mentions.find(words, s.text, s.start, blocked, items[-1])
        groups = mentions.groups(words, found_mentions)
        a = Analysed(s, words, speech, i)
        sents.append(a)
        acts.append(roles.sentence_acts(words, groups, speech))
        acted = {id(act.mention) for act in acts[-1]}
        acts[-1] += [roles.Act(m, at=m.start) for m in found_mentions if id(m) not in acted]
    lists.apply(sents, acts, items, text)
    lists.elaborations(sents, acts)
    return sents, acts


# --- people --------------------------------------------------------------------

def _people(sents: list[Analysed], acts: list[list[roles.Act]]) -> list[Person]:
    """People named in the article, each with the acts of all its mentions; a
    pronoun's act goes to the last named subject."""
    people: list[Person] = []
    index: dict[str, list[Person]] = {}  # name word -> people with a form starting or ending with it
    last_subject: Person | None = None
    for s, sentence_acts in zip(sents, acts):
        sole = _sole_person(sentence_acts)
        for act in sorted(sentence_acts, key=lambda a: a.at):
            if act.guests:  # "अतिथियों द्वारा दीप प्रज्वलन": each guest named so far
                for p in people:
                    if any({"chief_guest", "special_guest"} & a.roles for _, a, _ in p.acts):
                        p.acts.append((s.index, act, s))
                continue
            if act.holder is not None:  # "जिलाध्यक्ष ने कहा": the one person holding that post
                holder = _holder(people, act.holder)
                if holder is not None:
                    holder.acts.append((s.index, act, s))
                    last_subject = holder
                continue
            if act.mention is None:
                if last_subject is not None:
                    last_subject.acts.append((s.index, act, s))
                continue
            person = _resolve(people, index, act.mention)
            if person is None:
                continue
            if act.mention.designation is not None:
                person.designations.append(act.mention.designation)
            person.acts.append((s.index, act, s))
            if act.subject or sole:  # "X भी मौजूद रहे। उन्होंने कहा …"
                last_subject = person
    return people


def _holder(people: list[Person], post: Designation) -> Person | None:
    """The one person named so far with this post (at this level, when it says one)."""
    found = [p for p in people if any(d.post == post.post and (post.level is None or d.level == post.level)
                                      for d in p.designations)]
    return found[0] if len(found) == 1 else None


def _sole_person(acts: list[roles.Act]) -> bool:
    """The sentence names one person only, with a role: its subject whatever its verb."""
    named = [a for a in acts if a.mention is not None]
    return len(named) == 1 and bool(named[0].roles)


def _resolve(people: list[Person], index: dict[str, list[Person]], m: mentions.Mention) -> Person | None:
    """The person a mention names: an earlier one by spelling variant or back-reference, else a new one.
    Only people sharing a first, last or joined name word are compared (`index`), so a list of
    thousands of names stays linear."""
    name = names.clean(m.name)
    key = names.key(name)
    if not key:
        return None
    if len(key) == 1 and not (m.listed or m.alone):  # in a list of names, a one-word name is its own person
        hits = [p for p in _candidates(index, names.reference_words(key[0]))
                if any(k == key or names.refers_to(key[0], k) for k in p.keys)]
        if hits:  # a surname or given name referring back to someone named in full
            exact = [p for p in hits if key in p.keys]  # one printed with this one word before
            person = max(exact or hits, key=lambda p: p.acts[-1][0] if p.acts else -1)  # the latest named
            _add_form(person, index, name, key)
            return person
        # else a person printed with one word only ("महामंत्री विजय ने संचालन किया")
    for p in _candidates(index, names.index_words(key)):
        if any(names.same_person(key, k) for k in p.keys):
            _add_form(p, index, name, key)
            return p
    p = Person(key, name)
    _add_form(p, index, name, key)
    for alias in m.aliases:
        _add_form(p, index, names.clean(alias), names.key(alias))
    people.append(p)
    return p


def _candidates(index: dict[str, list[Person]], words: set[str]) -> list[Person]:
    """People indexed under any of `words`, in the order they were first named."""
    found = {id(p): p for w in words for p in index.get(w, ())}
    return sorted(found.values(), key=lambda p: p.order)


def _add_form(p: Person, index: dict[str, list[Person]], name: str, key: tuple[str, ...]) -> None:
    if name not in p.forms:
        p.forms.append(name)
    if key and key not in p.keys:
        p.keys.append(key)
        for w in names.index_words(key):
            if p not in index.setdefault(w, []):
                index[w].append(p)


def _unit_post(d: Designation | None, meeting: Meeting, unit_words: set[str]) -> bool:
    """A party post of the organisation that met ("जिलाध्यक्ष" at a district meeting), not a
    public office, another body's post ("समिति अध्यक्ष", unless that body is the unit that met:
    `unit_words`) or another organisation's."""
    return (d is not None and d.post is not None and d.post not in _OWN_LEVEL_POSTS
            and set(d.body_words) <= unit_words and d.organisation in (None, meeting.organisation)
            and not _whole_party(d))


def _whole_party(d: Designation) -> bool:
    """"पार्टी के अध्यक्ष": a post of the party as a whole, not of the unit that met."""
    keys = tokens.keys(d.text)
    return any(k in lexicon.word_class("whole_party") and nxt in lexicon.word_class("genitive")
               for k, nxt in zip(keys, keys[1:]))


def _participants(people: list[Person], within: set[int]) -> list[tuple[Participant, Designation | None]]:
    """The people with a role in the sentences `within` (one meeting's)."""
    out: list[tuple[Participant, Designation | None]] = []
    for p in people:
        acts = [(i, a, s) for i, a, s in p.acts if i in within]
        found_roles: list[str] = []
        for _, act, _ in acts:
            found_roles += [r for r in sorted(act.roles) if r not in found_roles]
        if not found_roles:
            continue
        out.append((_participant(p, acts, found_roles), _designation(p.designations)))
    return out


def _participant(p: Person, acts, found_roles: list[str]) -> Participant:
    d = _designation(p.designations)
    part = Participant(name=p.name, aliases=[f for f in p.forms if f != p.name], roles=found_roles,
                       romanised=names.romanise(p.name))
    if d is not None:
        part.designation, part.post, part.level = d.text, d.post, d.level
        part.jurisdiction, part.wing = d.jurisdiction, d.wing
        if part.level is None:
            part.level = next((x.level for x in p.designations if x.level and x.post == d.post), None)
    for _, act, s in acts:
        sent = s.sentence
        for r in sorted(act.roles):
            part.evidence.append(Evidence(f"role:{r}", sent.text, sent.start, sent.end))
        if act.statement:
            a, b = act.statement
            part.statements.append(Statement(sent.text[a - sent.start:b - sent.start], a, b))
    return part


def _designation(ds: list[Designation]) -> Designation | None:
    with_post = [d for d in ds if d.post]
    current = [d for d in with_post if d.post != "former"]
    return (current or with_post or [None])[0]


def _article_org(sents: list[Analysed]) -> str | None:
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for s in sents:
        for k, w in enumerate(s.words[:s.end]):
            if w.unit is not None and w.unit.kind == "org" and w.unit.code:
                counts[w.unit.code] += 1
                first.setdefault(w.unit.code, s.index * 1000 + k)
    if not counts:
        return None
    return max(counts, key=lambda c: (counts[c], -first[c]))


def _chair_body(people: list[Person], within: set[int]) -> str | None:
    """The body of an official who chaired (a collector's review meeting: district administration)."""
    for p in people:
        chaired = any(i in within and {"chair", "leader"} & act.roles for i, act, _ in p.acts)
        body = next((d.body for d in p.designations if d.body), None)
        if chaired and body:
            return body
    return None
