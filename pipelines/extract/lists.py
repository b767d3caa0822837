"""Attendance lists printed one person a line.

Reports often print those present as separate lines after an opening line
("बैठक में प्रमुख रूप से उपस्थित रहे:", "उपस्थित पदाधिकारी:", "इस अवसर पर निम्न
कार्यकर्ता मौजूद रहे –") and sometimes before a closing one ("आदि उपस्थित रहे।"):
numbered ("1.", "१.", "1)"), bulleted ("-", "•", "*") or bare, each a name with or
without a designation. A line is an item when it names someone and says nothing
else. A run of items takes the roles that the cues of its opening and closing
lines give (roles.toml `before`, `tail`, `opener`), unless the opener speaks of the
future ("बैठक में ये नेता शामिल होंगे:"); with no such line it takes none (a list
of newly appointed office-bearers is no attendance).
"""
from __future__ import annotations

from . import lexicon
from .document import Analysed
from .designations import Designation, parse
from .mentions import Word
from .roles import Act

# Tags of the words a list item may hold besides its markers.
_ITEM_TAGS = {"name", "initial", "prefix", "honorific", "honorific_after", "place", "org", "wing",
              "level", "post", "noun", "former", "glue", "sep", "punct"}
_ITEM_MAX_WORDS = 14
_LOOSE_MAX = 2
_OPENER_ENDS = (":", "-", "–", "—", ":-")
_CLOSER_MAX_WORDS = 8


def is_item(words: list[Word], text: str, start: int, end: int) -> bool:
    """Whether the sentence text[start:end] is a line of its own that names people and
    says nothing else: markers, names, designations, places, and after the first name
    at most two other words that are neither function words nor cue words ("वरिष्ठ")."""
    if not _own_line(text, start, end):
        return False
    lex = lexicon.get()
    dev = loose = 0
    named = False
    for w in words:
        if w.tok.kind == "num" or w.tok.key in lex.fillers or w.tok.key in lex.locality:
            continue
        named = named or w.tag == "name"
        if w.tag not in _ITEM_TAGS:
            key = w.tok.key
            if not named or loose == _LOOSE_MAX or key in lex.cue_words or key in lex.languages["hindi"]:
                return False
            loose += 1
        dev += w.tok.kind == "dev"
    return named and dev <= _ITEM_MAX_WORDS


def _own_line(text: str, start: int, end: int) -> bool:
    i = start
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    j = end
    while j < len(text) and text[j] in " \t\r।.,;":
        j += 1
    return (i == 0 or text[i - 1] == "\n") and (j == len(text) or text[j] == "\n")


def apply(sents: list[Analysed], acts: list[list[Act]], items: list[bool], text: str) -> None:
    """Give the people of each run of list items the roles of its opener and closer."""
    i = 0
    while i < len(sents):
        if not items[i]:
            i += 1
            continue
        j = i
        while j < len(sents) and items[j]:
            j += 1
        found = _opener_roles(sents, acts, i, text) | _closer_roles(sents, acts, j, text)
        if found:
            for k in range(i, j):
                for act in acts[k]:
                    if act.mention is not None:
                        act.roles |= found
        i = j


def elaborations(sents: list[Analysed], acts: list[list[Act]]) -> None:
    """"… सभी बूथ अध्यक्ष शामिल थे। बूथ 12 से A, बूथ 13 B, …": a sentence that names nobody and
    says a group attended, followed by one that opens with two or more names of no role of their
    own: those names are the group's members, attendees."""
    for i in range(1, len(sents)):
        if any(a.mention is not None for a in acts[i - 1]):
            continue
        group = _group_attended(sents[i - 1])
        if group is None:
            continue
        leading = []
        for act in sorted(acts[i], key=lambda a: a.at):
            if act.mention is None or act.roles:
                break
            leading.append(act)
        if len(leading) >= 2:
            for act in leading:
                act.roles.add("attendee")
                if act.mention.designation is None and group.post is not None:  # each holds the group's post
                    act.mention.designation = group


_GROUP_WORDS = ("org", "wing", "level", "post")


def _group_attended(s: Analysed) -> Designation | None:
    """The group a sentence says attended ("सभी बूथ अध्यक्ष शामिल थे"), as a designation (its post
    when it names one); None when it says no attendance or a future one."""
    lex = lexicon.get()
    hi = s.end
    if lexicon.future_at(s.keys[:hi]):
        return None
    for k in range(hi):
        m = lex.cues["tail"].match(s.keys, k, hi)
        if m and "attendee" in m[1]:
            j = k
            while j > 0 and s.words[j - 1].tag in _GROUP_WORDS:
                j -= 1
            words = s.words[j:k]
            return parse(" ".join(w.tok.text for w in words), [w.unit for w in words], [None] * len(words))
    return None


def _next_line(text: str, a: Analysed, b: Analysed) -> bool:
    """Whether sentence b starts on a line after the one sentence a ends, with nothing between."""
    gap = text[a.sentence.end:b.sentence.start]
    return "\n" in gap and not gap.strip()


def _opener_roles(sents: list[Analysed], acts: list[list[Act]], i: int, text: str) -> set[str]:
    """Roles named by the line before the first item: one that ends with a colon or a
    dash, or that names nobody."""
    if i == 0 or not _next_line(text, sents[i - 1], sents[i]):
        return set()
    opener = sents[i - 1]
    ends_open = opener.sentence.text.rstrip().endswith(_OPENER_ENDS)
    if not ends_open and any(a.mention is not None for a in acts[i - 1]):
        return set()
    if lexicon.future_at(opener.keys):
        return set()
    return _cue_roles(opener.keys, ("before", "tail", "opener"))


def _closer_roles(sents: list[Analysed], acts: list[list[Act]], j: int, text: str) -> set[str]:
    """Roles named by a short line right after the last item that names nobody and goes
    on from the list: it opens with आदि/सहित/समेत … or with its cue ("आदि उपस्थित रहे।")."""
    if j >= len(sents) or not _next_line(text, sents[j - 1], sents[j]):
        return set()
    closer, lex = sents[j], lexicon.get()
    if any(a.mention is not None for a in acts[j]) or len(closer.words) > _CLOSER_MAX_WORDS or not closer.keys:
        return set()
    first = closer.keys[0]
    if first not in lex.fillers and first not in lex.separators and not lex.cues["tail"].match(closer.keys, 0):
        return set()
    return _cue_roles(closer.keys, ("tail",))


def _cue_roles(keys: list[str], where: tuple[str, ...]) -> set[str]:
    cues = lexicon.get().cues
    return {role for w in where for _, _, rs in cues[w].find(keys) for role in rs}
