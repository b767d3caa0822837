"""Roles of the people named in one sentence, read from the cues around them.

For a group of names (see mentions.groups) the cues of roles.toml are read:
`after` right after the group ("X की अध्यक्षता में"), `tail` up to the end of its
clause ("A, B … उपस्थित रहे"), `before` in its clause before it ("मुख्य अतिथि X"),
and, when the group is the subject ("X ने", "X द्वारा"), `predicate` in what it
did, up to the clause of the next subject. A clause ending in a colon right
before a group is read too ("बैठक में उपस्थित रहे: A, B"). Groups joined by a
conjunction share the verb printed once after the last ("A ने … तथा B ने … सत्र
लिए"; "मुख्य अतिथि A तथा विशिष्ट अतिथि B शामिल हुए": attendance only). "उन्होंने"
stands for the last named subject. Reported speech ("कहा कि …") names nobody and
gives no roles.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from . import lexicon, matcher
from .designations import Designation, parse
from .mentions import Group, Mention, Word

_class = lexicon.word_class  # closed word classes of data/grammar.toml


@dataclass
class Act:
    """What a sentence says one mention (or a pronoun, mention None) did."""

    mention: Mention | None
    roles: set[str] = field(default_factory=set)
    subject: bool = False
    statement: tuple[int, int] | None = None  # offsets in the article
    at: int = 0  # word index in the sentence
    guests: bool = False  # said of "the guests" (अतिथियों द्वारा …): of everyone with a guest role
    holder: Designation | None = None  # said of whoever holds this post ("जिलाध्यक्ष ने …"), mention None


def speech_start(words: list[Word]) -> int | None:
    """Index of the first word of reported speech in the sentence, if any."""
    lex = lexicon.get()
    for i, w in enumerate(words):
        if w.tok.key in lex.speech_openers and i > 0:
            verbs = [x.tok.key for x in words[max(0, i - 3):i] if x.tok.key in lex.speech_verbs]
            if verbs and not any(v in lex.informant_verbs for v in verbs):
                return i + 1 if i + 1 < len(words) else None
    return None


def _skip(words: list[Word], i: int, hi: int) -> int:
    fillers = lexicon.get().fillers
    while i < hi and (words[i].tok.key in fillers or words[i].tag in ("honorific_after", "punct")
                      and words[i].tok.key not in _class("sentence_ends")
                      or words[i].tag == "honorific" and i + 1 < hi and words[i + 1].tag not in ("name", "initial")):
        i += 1  # a title after a name ("X एडवोकेट ने") is skipped like जी
    return i


_QUOTES = {'"', "“", "”", "'", "‘", "’"}


def _clause_start(words: list[Word], lo: int, hi: int) -> int:
    """After the last clause break in words[lo:hi] (quoted titles are not broken)."""
    breaks = lexicon.get().clause_breaks
    quoted = False
    for k in range(hi - 1, lo - 1, -1):
        if words[k].tok.text in _QUOTES:
            quoted = not quoted
        elif not quoted and words[k].tok.key in breaks and words[k].owner < 0:
            return k + 1
    return lo


def _cues(where: str, keys: list[str], lo: int, hi: int) -> set[str]:
    table = lexicon.get().cues.get(where)
    if not table or hi <= lo:
        return set()
    return {role for a, b, rs in table.find(keys, lo, hi) if not _in_venue_name(keys, b) for role in rs}


def _in_venue_name(keys: list[str], end: int) -> bool:
    """A cue that is part of a building's name ("विशिष्ट अतिथि गृह में")."""
    return lexicon.get().venue.match(keys, end) is not None


def _tail_end(words: list[Word], lo: int, hi: int) -> int:
    lex = lexicon.get()
    keys = [w.tok.key for w in words]
    for k in range(lo, hi):
        if keys[k] in _class("ne") and _collective_subject(words, lo, k):
            continue
        event = lex.kinds.match(keys, k) and not (k > 0 and keys[k - 1] in _class("demonstratives"))  # "X इस बैठक में … उपस्थित रहे"
        if keys[k] in _class("ne") or words[k].tok.text in _class("complementiser") or event or keys[k] in lex.conjunctions:
            return k
    return hi


def _collective_subject(words: list[Word], lo: int, k: int) -> bool:
    """"A, B सहित दर्जनों कार्यकर्ताओं ने भाग लिया", "A, B आदि कार्यकर्ताओं ने …", "A, B एवं
    विभिन्न पदाधिकारियों ने …": the subject of ने is a group noun that the names were
    listed with, so the names share its verb."""
    lex = lexicon.get()
    gap = words[lo:k]
    if gap and gap[0].tok.key == ",":  # "…, एवं विभिन्न पदाधिकारियों ने"
        gap = gap[1:]
    opener = (*_class("along_with"), *lex.fillers, *lex.group_words, *(x for x in lex.separators if x != ","))
    return (bool(gap) and gap[0].tok.key in opener and len(gap) <= 6
            and any(w.tok.key in lex.group_words or w.tok.key.endswith(lexicon.ending_class("plural_subject")) for w in gap))


@dataclass
class _Unit:
    lo: int  # where the region before it starts (end of the previous unit)
    start: int
    stop: int
    group: Group | None  # None for a pronoun
    subject: bool
    done: set[str] = field(default_factory=set)  # roles of its predicate (subject) or tail
    joined: bool = False  # its verb is the next group's, after a conjunction
    guests: bool = False  # "अतिथियों": stands for the people with guest roles
    holder: Designation | None = None  # a post printed without a name, as the subject


def sentence_acts(words: list[Word], groups: list[Group], speech: int | None) -> list[Act]:
    """Acts of every named mention and pronoun subject in one tagged sentence."""
    lex = lexicon.get()
    keys = [w.tok.key for w in words]
    end = speech - 1 if speech is not None else len(words)
    units = [u for u in _units(words, groups, keys, end) if u.start < end]
    found: list[set[str]] = []
    consumed = 0  # words before this index were read as cues of an earlier group
    for n, u in enumerate(units):
        lo = _clause_start(words, u.lo, u.start)
        if lo == u.lo:  # no clause break: words read by the group before are not this group's
            lo = max(lo, min(consumed, u.start))
        roles = _cues("before", keys, lo, u.start) | _before_colon(words, keys, u.lo, lo, u.start)
        after = _skip(words, u.stop, len(words))
        if u.subject:
            marker = lex.subject.match(keys, after)
            p_lo = after + (marker[0] if marker else 0)
            front = consumed  # where this subject's clause may open
            consumed = _predicate_end(words, units, n, end)
            u.done = _cues("predicate", keys, p_lo, consumed)
            chain = _chain(words, units, n, found)
            head = chain[0] if chain else n
            split = _split_cues(keys, front, units[head].start, p_lo, consumed, [x.start for x in units])
            roles |= split  # like a cue before the names: not shared with a joined subject's verb
            for k in chain:  # "सम्मेलन को [post] A, [post] B ने विचार व्यक्त किए": A spoke too
                found[k] |= split | u.done
            u.joined = (not u.done and consumed > p_lo and keys[consumed - 1] in lex.separators
                        and keys[consumed - 1] != ",")
        else:
            nxt = units[n + 1].start if n + 1 < len(units) else end
            cue = lex.cues["after"].match(keys, after, min(nxt, end)) if after < min(nxt, end) else None
            if cue and not _in_venue_name(keys, after + cue[0]):
                roles.update(cue[1])
                consumed = after + cue[0]
            # from the group's end: a tail cue may open with a filler ("आदि थे")
            u.done = _cues("tail", keys, u.stop, _tail_end(words, after, min(nxt, end)))
            u.joined = not u.done and n + 1 < len(units) and _guest_gap(words, after, nxt)
        found.append(roles)
    _share_verbs(units)
    _share_list_verbs(words, units)
    _future_clauses(words, units, found, end)
    _portraits(words, units, found)
    acts: list[Act] = []
    for u, roles in zip(units, found):
        statement = None
        if u.subject and speech is not None and not any(x.subject and x.start > u.start and x.start < end for x in units):
            statement = (words[speech].tok.start, words[-1].tok.end)
        for m in (u.group.mentions if u.group else [None]):
            found_roles = _special_presence(keys, u, roles | u.done)
            acts.append(Act(m, found_roles, u.subject, statement, m.start if m else u.start, u.guests, u.holder))
    return acts


def _guest_words(words: list[Word], keys: list[str], k: int) -> tuple[int, bool] | None:
    """"अतिथियों द्वारा …", "सभी अतिथियों का सम्मान": the guests as the subject or the object
    of a closing cue (not "विशिष्ट अतिथियों में A, B", which names them)."""
    lex = lexicon.get()
    m = lex.guest_words.match(keys, k)
    if m is None:
        return None
    after = _skip(words, k + m[0], len(words))
    if lex.subject.match(keys, after) or lex.cues["tail"].match(keys, after):
        return m
    return None


def _special_presence(keys: list[str], u: _Unit, roles: set[str]) -> set[str]:
    """"विशेष रूप से [designation] X भी मौजूद रहे": present as a special guest, not an attendee."""
    if "special_guest" in roles and "attendee" in roles and u.group is not None:
        lo = max(0, u.start - 4)
        if lexicon.get().special_presence.find(keys, lo, min(len(keys), u.stop + 6)):
            return roles - {"attendee"}
    return roles


def _portraits(words: list[Word], units: list[_Unit], found: list[set[str]]) -> None:
    """"A और B के चित्रों पर माल्यार्पण": the people of portraits or statues did nothing at the meeting."""
    lex = lexicon.get()
    for n, u in enumerate(units):
        k = _skip(words, u.stop, len(words))
        if (k + 1 < len(words) and words[k].tok.key in _class("genitive")
                and words[k + 1].tok.key in lex.portrait_words):
            u.done, found[n] = set(), set()


def _future_clauses(words: list[Word], units: list[_Unit], found: list[set[str]], end: int) -> None:
    """People of a clause in the future tense did nothing yet ("A भी पधार रहे हैं", "बैठक में
    A, B शामिल होंगे"): a future verb in the words after a group, up to the next group or a
    complement clause (कि), before any word that says it happened, takes its roles away."""
    keys = [w.tok.key for w in words]
    for n, u in enumerate(units):
        hi = units[n + 1].start if n + 1 < len(units) else end
        hi = next((k for k in range(u.stop, hi) if words[k].tok.text in _class("complementiser")), hi)
        if _future_first(keys, u.stop, hi):
            u.done, found[n] = set(), set()


def _future_first(keys: list[str], lo: int, hi: int) -> bool:
    future = lexicon.future_at(keys, lo, hi, modifiers=False)  # "ने आगामी चुनाव पर चर्चा की" is past
    past = [a for a, _, _ in lexicon.get().held.find(keys, lo, hi)]
    return bool(future) and (not past or future[0] < min(past))


def _share_list_verbs(words: list[Word], units: list[_Unit]) -> None:
    """A list whose items carry designations with words of any kind ("A, जयपुर शहर कार्यक्रम
    संयोजक B, मेयर C मौजूद रहे") splits into several groups; the groups listed before one
    with a closing cue, with commas and no verb between, share that cue."""
    for n in range(len(units) - 1, 0, -1):
        u = units[n]
        if u.subject or not u.done or u.group is None:
            continue
        k = n - 1
        while (k >= 0 and not units[k].subject and not units[k].done and units[k].group is not None
               and any(w.tok.key == "," or w.tag == "sep" for w in words[units[k].stop:units[k + 1].start + 1])
               and _verbless(words, units[k].stop, units[k + 1].start)):
            units[k].done = set(u.done)
            k -= 1


def _chain(words: list[Word], units: list[_Unit], n: int, found: list[set[str]]) -> list[int]:
    """Indices of the groups listed right before the subject units[n] with no verb between
    ("बैठक की अध्यक्षता [post] A, [post] और [post] B ने की"): they share its verb."""
    chain: list[int] = []
    k = n - 1
    while k >= 0 and not units[k].subject and not found[k] and not units[k].done and units[k].group is not None:
        if not _verbless(words, units[k].stop, units[k + 1].start):
            break
        chain.insert(0, k)
        k -= 1
    return chain


def _verbless(words: list[Word], lo: int, hi: int) -> bool:
    """No cue, subject marker or sentence end between two groups (designations may hold any word)."""
    lex = lexicon.get()
    return hi - lo <= 12 and not any(w.tok.key in _class("subject_or_end") or w.tok.key in lex.verb_words
                                     and w.tag not in ("sep", "glue") for w in words[lo:hi])


def _split_cues(keys: list[str], lo: int, head: int, p_lo: int, p_hi: int, starts: list[int]) -> set[str]:
    """Roles of cues in two parts: the left part fronted in keys[lo:head], the right part in
    the predicate keys[p_lo:p_hi] ("बैठक को … ली")."""
    lex = lexicon.get()
    out: set[str] = set()
    for left, right, role in lex.split_cues:
        at = _last(keys, left, lo, head)
        if at is None or _last(keys, right, p_lo, p_hi) is None:
            continue
        others = [a for a, _, rs in lex.cues["before"].find(keys, at + len(left), head) if role not in rs]
        if not any(at < g < q for q in others for g in starts):  # "अध्यक्षता A एवं संचालन B ने किया": B conducted
            out.add(role)
    return out


def _last(keys: list[str], phrase: tuple[str, ...], lo: int, hi: int) -> int | None:
    n = len(phrase)
    return next((k for k in range(hi - n, lo - 1, -1) if tuple(keys[k:k + n]) == phrase), None)


def _before_colon(words: list[Word], keys: list[str], lo: int, start: int, group: int) -> set[str]:
    """"बैठक में उपस्थित रहे: A, B …", "संचालन: A": a clause ending in a colon right
    before the group names its roles."""
    colon = start - 1
    first = start
    while first < group and words[first].tag == "sep" and words[first].tok.text != ",":
        first += 1  # "उपस्थित रहे: 1. A 2. B": the first item's number
    if colon <= lo or words[colon].tok.text != ":" or _skip(words, first, group) != group:
        return set()
    head = _clause_start(words, lo, colon)
    return _cues("before", keys, head, colon) | _cues("tail", keys, head, colon)


def _guest_gap(words: list[Word], lo: int, hi: int) -> bool:
    """Between two groups only a conjunction and role words: "मुख्य अतिथि के रूप में
    A तथा विशिष्ट अतिथि के रूप में B शामिल हुए"."""
    lex = lexicon.get()
    gap = words[lo:hi]
    return (bool(gap) and gap[0].tok.key in lex.separators and gap[0].tok.key != ","
            and all(w.tag in ("glue", "sep") or w.tok.key in lex.cue_words for w in gap[1:]))


def _share_verbs(units: list[_Unit]) -> None:
    """Groups joined by a conjunction share the verb printed once after the last:
    "A ने X पर तथा B ने Y पर सत्र लिए" (subjects: the predicate's roles); "मुख्य अतिथि A
    तथा विशिष्ट अतिथि B शामिल हुए" (others: attendance only)."""
    for n in range(len(units) - 2, -1, -1):
        u, v = units[n], units[n + 1]
        if not u.joined or u.subject != v.subject:
            continue
        u.done |= v.done if u.subject else v.done & {"attendee"}


def _units(words: list[Word], groups: list[Group], keys: list[str], end: int) -> list[_Unit]:
    """Groups and pronoun subjects of the sentence, in order."""
    lex = lexicon.get()
    items: list[tuple[int, int, Group | None, bool]] = [(g.start, g.end, g, False) for g in groups]
    holders: dict[int, Designation] = {}
    k = 0
    while k < end:
        m = lex.pronouns.match(keys, k) or _guest_words(words, keys, k)
        if m and words[k].owner < 0:
            items.append((k, k + m[0], None, lex.guest_words.match(keys, k) is not None))
            k += m[0]
        elif (post := _post_subject(words, keys, k, end)) is not None:
            holders[k] = post[1]
            items.append((k, post[0], None, False))
            k = post[0]
        else:
            k += 1
    if (not items or items[0][0] > 0) and end > 0 and matcher.match("dropped_subject_speech", keys, 0) is not None:
        items.append((0, 0, None, False))  # "… की अध्यक्षता की। कहा कि …": the last subject speaks on
    items.sort(key=lambda x: x[0])
    out: list[_Unit] = []
    prev = 0
    for n, (start, stop, g, guests) in enumerate(items):
        after = _skip(words, stop, len(words))
        nxt = items[n + 1][0] if n + 1 < len(items) else end
        subject = (g is None and not guests or lex.subject.match(keys, after) is not None
                   or g is not None and not out and _speaks(keys, after, min(nxt, end)))
        out.append(_Unit(prev, start, stop, g, subject, guests=guests, holder=holders.get(start) if g is None else None))
        prev = stop
    return out


_HOLDER_TAGS = ("org", "wing", "level", "post", "former", "honorific")


def _post_subject(words: list[Word], keys: list[str], k: int, end: int) -> tuple[int, Designation] | None:
    """"… राष्ट्रीय उपाध्यक्ष के द्वारा हुआ", "जिलाध्यक्ष ने कहा": a designation printed without a
    name as the subject — it stands for the one person of the article who holds that post.
    Returns where the designation ends and what it says."""
    if words[k].owner >= 0 or words[k].tag not in _HOLDER_TAGS or k > 0 and words[k - 1].tag in _HOLDER_TAGS:
        return None
    e = k
    while e < end and words[e].tag in _HOLDER_TAGS and words[e].owner < 0:
        e += 1
    last = words[e - 1]
    if last.tag != "post" or last.tok.key.endswith(lexicon.ending_class("oblique_plural")):
        return None
    after = _skip(words, e, len(words))
    if lexicon.get().subject.match(keys, after) is None:
        return None
    post = parse(" ".join(w.tok.text for w in words[k:e]), [w.unit for w in words[k:e]], [None] * (e - k))
    return (e, post) if post.post not in (None, "former") else None


_SPEECH_WITHIN = 6  # words between a subject printed without ने and its speech verb


def _speaks(keys: list[str], lo: int, hi: int) -> bool:
    """"X कार्यकर्ताओं को संबोधित करते हुए कहा कि …": the sentence's first group, printed without
    ने, its speech verb within a few words and no other subject marker between."""
    lex = lexicon.get()
    if lo < len(keys) and keys[lo] in _class("genitive"):  # "X का संदेश …": X's, not X said
        return False
    for k in range(lo, min(hi, lo + _SPEECH_WITHIN)):
        if keys[k] in _class("subject_or_end") | _class("complementiser") or lex.subject.match(keys, k):
            return False
        if keys[k] in _class("speech_said"):
            return True
    return False


def _predicate_end(words: list[Word], units: list[_Unit], n: int, end: int) -> int:
    """Where the predicate of the subject units[n] ends: at the clause of the next subject,
    or after a finite verb followed by another role's noun with no danda between ("… ने
    संबोधित किया मंच संचालन X द्वारा किया गया")."""
    hi = nxt = end
    for u in units[n + 1:]:
        if u.start >= end:
            break
        if u.subject:
            hi, nxt = _clause_start(words, u.lo, u.start), u.start
            break
    lex = lexicon.get()
    keys = [w.tok.key for w in words]
    for k in range(units[n].stop, nxt - 1):
        if keys[k] in lex.finite_verbs and _role_noun_follows(keys, k + 1, nxt):
            return k + 1
    return hi


_NEW_CLAUSE_WITHIN = 4  # words between a conjunction after a finite verb and the next role's noun


def _role_noun_follows(keys: list[str], k: int, hi: int) -> bool:
    """Another role's noun right after a finite verb ("… किया मंच संचालन X …"), or after a
    conjunction and a few words ("… किया और बैठक में मुख्य अतिथि X …"): a new clause."""
    cues = lexicon.get().cues["before"]
    if cues.match(keys, k, hi) is not None:
        return True
    if k < hi and keys[k] in _class("clause_conjunctions"):
        return any(cues.match(keys, j, hi) is not None for j in range(k + 1, min(hi, k + 1 + _NEW_CLAUSE_WITHIN)))
    return False
