"""Score the extractor against gold annotations (../shared/gold/README.md, v2.2).

`python -m pipelines.evaluate DIR [--json] [--fail-under-targets] [--folds K]`
(and `scrapy evaluate DIR …`) reads every `DIR/gold/*.json`, runs the extractor
on `DIR/<text_file>` with the gold's `url` and `published` as context, and
reports the README's figures in total and per article; with `--folds K` also on
K folds of the set (gold ids sorted, dealt out in turn: fold 1 = ids[0::K], …).

How the figures are computed:

- Micro-averaged: counts are summed over all articles, then divided once.
- Names are compared after NFC, removal of ZWJ/ZWNJ, whitespace collapsing,
  trimming of edge punctuation and stripping of honorifics (leading ones from
  `honorifics` in pipelines/extract/data/codes.toml, a final जी). A predicted
  participant matches a gold one when any of its normalised forms (name or an
  alias) equals the gold name or one of the gold aliases. Exact name-to-name
  hits are paired first, then name-to-alias, then alias-to-alias; each gold and
  each predicted participant is matched at most once.
- Meetings of one article are paired by best match: the assignment that
  maximises (matched participants + equal meeting fields), found exhaustively
  (greedily by score when an article has more than 8 meetings on a side).
  Participants of an unpaired gold meeting are misses, those of an unpaired
  predicted meeting false hits.
- participants: precision/recall/F1 of matched names.
- roles: precision/recall/F1 of (participant, role) pairs; roles of unmatched
  participants are misses or false hits.
- posts: `post_accuracy` and `level_accuracy` are the shares of matched
  participants whose `post` (resp. `level`) equals gold's, null equal to null.
- meetings: per field, the share of gold meetings whose field equals gold's in
  the paired prediction (null equals null, `wings` as a set, `place` after
  NFC, ZWJ/ZWNJ removal and whitespace trimming); an unpaired gold meeting scores 0 on
  every field. Predicted meetings beyond gold's do not lower these shares
  (they show in participants and detection).
- detection: precision/recall of "the article reports at least one meeting".
- Codes: `wings`, `level`, `kind`, `mode`, `post`, participant `level` and
  roles must be in the vocabularies of codes.toml; an unknown code is never a
  hit, even when gold and prediction agree on it. `organisation` is
  open-ended. Gold keys this module does not read (`notes`, `title`, …) are
  ignored.
- An empty denominator gives 1.0 when there was nothing to find either way
  (precision with no predictions and no gold items; post accuracy when gold
  has no participants) and 0.0 otherwise.

`TARGETS` holds the project's targets; `failures(report)` lists the figures
below them, `fold_failures(report, k)` the target figures of a fold more than
`MAX_FOLD_GAP` from the whole set's (a change that raises one half and lowers
the other fits text, not language). Exit status: 0; 1 with
`--fail-under-targets` when a target is missed or, with `--folds`, a fold is
too far from the whole; 2 when the gold cannot be read.
"""
from __future__ import annotations

import argparse
import itertools
import json
import math
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from pipelines.extract import data as extract_data
from pipelines.extract import extract
from pipelines.extract.model import Context

CODES_FILE = "codes.toml"  # in pipelines/extract/data
MEETING_FIELDS = ("organisation", "wings", "level", "kind", "mode", "place", "state", "date")
# Meeting field -> vocabulary its value must come from.
FIELD_VOCABULARY = {"wings": "wings", "level": "levels", "kind": "kinds", "mode": "modes"}
EXHAUSTIVE_MAX = 8

TARGETS: dict[str, float] = {
    "participants.f1": 0.92,
    "roles.f1": 0.88,
    "posts.post_accuracy": 0.92,
    "posts.level_accuracy": 0.90,
    **{f"meetings.{name}": 0.90 for name in MEETING_FIELDS},
    "detection.precision": 0.95,
    "detection.recall": 0.95,
}
MAX_FOLD_GAP = 0.05  # a fold's target figure may differ this much from the whole set's

Meeting = dict[str, Any]
Extractor = Callable[[str, Context], Any]


# ---------------------------------------------------------------- vocabularies

@cache
def load_codes() -> dict[str, frozenset[str]]:
    """Vocabulary name -> codes (organisations, wings, levels, kinds, modes, posts, roles, honorifics…)."""
    return {key: frozenset(values) for key, values in extract_data.toml(CODES_FILE).items()}


def known(vocabulary: str, code: str | None) -> bool:
    return code is None or code in load_codes()[vocabulary]


# ---------------------------------------------------------------- normalisation

_JOINERS = dict.fromkeys(map(ord, "\u200c\u200d"))
_EDGE_PUNCT = " \t\n,;:।|-–—()[]\"'“”‘’"


def normalise_text(value: str | None) -> str | None:
    """NFC, without ZWJ/ZWNJ, whitespace collapsed, edge punctuation trimmed; '' -> None."""
    if value is None:
        return None
    text = unicodedata.normalize("NFC", value).translate(_JOINERS)
    text = re.sub(r"\s+", " ", text).strip(_EDGE_PUNCT)
    return text or None


@cache
def normalise_name(name: str | None) -> str | None:
    """A name as compared: `normalise_text` and without leading honorifics or a final जी."""
    text = normalise_text(name)
    if text is None:
        return None
    stripped = True
    while stripped:
        stripped = False
        for title in _titles():
            if rest := _strip_title(text, title):
                text, stripped = rest, True
                break
    words = text.split(" ")
    while len(words) > 1 and words[-1] in load_codes()["trailing_honorifics"]:
        words.pop()
    return " ".join(words)


@cache
def _titles() -> list[str]:
    """Honorifics, longest first so that श्रीमती is tried before श्री."""
    return sorted(load_codes()["honorifics"], key=len, reverse=True)


def _strip_title(text: str, title: str) -> str | None:
    """`text` without the leading `title`, or None; a title without a final dot needs a space after it."""
    if not text.startswith(title):
        return None
    rest = text[len(title):]
    if not title.endswith(".") and not rest.startswith(" "):
        return None
    return rest.strip(_EDGE_PUNCT) or None


def _keys(participant: Meeting) -> set[str]:
    forms = [participant.get("name"), *(participant.get("aliases") or [])]
    return {key for form in forms if (key := normalise_name(form))}


# ---------------------------------------------------------------- gold

@dataclass
class GoldArticle:
    id: str
    text: str
    url: str | None
    published: date | None
    meetings: list[Meeting]
    path: Path


class GoldError(ValueError):
    """A gold folder or file that cannot be read."""


def load_gold(directory: str | Path) -> list[GoldArticle]:
    """Every `directory/gold/*.json`, with its text read from `directory/<text_file>`."""
    root = Path(directory)
    paths = sorted((root / "gold").glob("*.json"))
    if not paths:
        raise GoldError(f"no gold files in {root / 'gold'}")
    return [_load_one(root, path) for path in paths]


def _load_one(root: Path, path: Path) -> GoldArticle:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        text = (root / data["text_file"]).read_text(encoding="utf-8-sig")
        published = date.fromisoformat(data["published"]) if data.get("published") else None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise GoldError(f"{path}: {exc!r}") from exc
    return GoldArticle(id=str(data.get("id") or path.stem), text=text, url=data.get("url"),
                       published=published, meetings=list(data.get("meetings") or []), path=path)


# ---------------------------------------------------------------- counts

def _ratio(hits: int, total: int, nothing_missed: bool) -> float:
    if total:
        return hits / total
    return 1.0 if nothing_missed else 0.0


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp, self.fn == 0)

    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn, self.fp == 0)

    def f1(self) -> float:
        p, r = self.precision(), self.recall()
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Counts:
    """Everything the figures are computed from; sums over articles (micro-averaging)."""

    participants: PRF = field(default_factory=PRF)
    roles: PRF = field(default_factory=PRF)
    gold_participants: int = 0
    matched: int = 0
    post_ok: int = 0
    level_ok: int = 0
    gold_meetings: int = 0
    fields_ok: dict[str, int] = field(default_factory=lambda: dict.fromkeys(MEETING_FIELDS, 0))
    detection: PRF = field(default_factory=PRF)

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            participants=self.participants + other.participants,
            roles=self.roles + other.roles,
            gold_participants=self.gold_participants + other.gold_participants,
            matched=self.matched + other.matched,
            post_ok=self.post_ok + other.post_ok,
            level_ok=self.level_ok + other.level_ok,
            gold_meetings=self.gold_meetings + other.gold_meetings,
            fields_ok={k: self.fields_ok[k] + other.fields_ok[k] for k in MEETING_FIELDS},
            detection=self.detection + other.detection,
        )

    def figures(self, digits: int | None = None) -> dict[str, dict[str, float]]:
        """The README's figures: participants, roles, posts, meetings, detection."""
        rnd: Callable[[float], float] = (lambda x: round(x, digits)) if digits is not None else float
        post_base = (self.matched, self.gold_participants == 0)
        return {
            "participants": _prf(self.participants, rnd),
            "roles": _prf(self.roles, rnd),
            "posts": {"post_accuracy": rnd(_ratio(self.post_ok, *post_base)),
                      "level_accuracy": rnd(_ratio(self.level_ok, *post_base))},
            "meetings": {k: rnd(_ratio(self.fields_ok[k], self.gold_meetings, True))
                         for k in MEETING_FIELDS},
            "detection": {"precision": rnd(self.detection.precision()),
                          "recall": rnd(self.detection.recall())},
        }


def _prf(counts: PRF, rnd: Callable[[float], float]) -> dict[str, float]:
    return {"precision": rnd(counts.precision()), "recall": rnd(counts.recall()), "f1": rnd(counts.f1())}


@dataclass
class ArticleScore:
    """One article's counts and what went wrong in it."""

    id: str
    counts: Counts = field(default_factory=Counts)
    missed_names: list[str] = field(default_factory=list)
    false_names: list[str] = field(default_factory=list)
    wrong_roles: list[str] = field(default_factory=list)
    wrong_posts: list[str] = field(default_factory=list)
    wrong_fields: list[str] = field(default_factory=list)

    def problems(self) -> list[tuple[str, list[str]]]:
        return [(label, items) for label, items in (
            ("missed names", self.missed_names), ("false names", self.false_names),
            ("wrong roles", self.wrong_roles), ("wrong posts", self.wrong_posts),
            ("wrong fields", self.wrong_fields)) if items]


@dataclass
class Report:
    articles: list[ArticleScore]

    @property
    def total(self) -> Counts:
        return sum((a.counts for a in self.articles), Counts())

    def figures(self, digits: int | None = None) -> dict[str, Any]:
        return {"articles": len(self.articles), **self.total.figures(digits)}

    def to_json(self, folds: int = 0) -> dict[str, Any]:
        data = self.figures(digits=4)
        if folds:
            data["folds"] = [{"fold": n, "ids": [a.id for a in fold.articles], **fold.figures(digits=4)}
                             for n, fold in enumerate(self.folds(folds), 1)]
        return data

    def folds(self, k: int) -> list[Report]:
        """The articles in `k` folds: ids sorted, fold n gets ids[n-1::k]."""
        ordered = sorted(self.articles, key=lambda a: a.id)
        return [Report(ordered[n::k]) for n in range(k)]


# ---------------------------------------------------------------- matching

def match_participants(gold: Sequence[Meeting], predicted: Sequence[Meeting]) -> list[tuple[int, int]]:
    """(gold index, predicted index) of matched participants, each side used at most once."""
    gold_names = [normalise_name(p.get("name")) for p in gold]
    gold_keys = [_keys(p) for p in gold]
    candidates = []
    for j, pred in enumerate(predicted):
        name, keys = normalise_name(pred.get("name")), _keys(pred)
        for i in range(len(gold)):
            if name and name == gold_names[i]:
                candidates.append((0, j, i))
            elif name and name in gold_keys[i]:
                candidates.append((1, j, i))
            elif keys & gold_keys[i]:
                candidates.append((2, j, i))
    pairs, used_gold, used_pred = [], set(), set()
    for _, j, i in sorted(candidates):
        if i not in used_gold and j not in used_pred:
            pairs.append((i, j))
            used_gold.add(i)
            used_pred.add(j)
    return sorted(pairs)


def field_equal(name: str, gold: Meeting, predicted: Meeting) -> bool:
    """Whether a meeting field of the prediction equals gold's (unknown codes never do)."""
    want, got = gold.get(name), predicted.get(name)
    if name == "wings":
        want_set, got_set = set(want or []), set(got or [])
        return want_set == got_set and want_set <= load_codes()["wings"]
    if name == "place":
        return normalise_text(want) == normalise_text(got)
    if name in FIELD_VOCABULARY:
        return want == got and known(FIELD_VOCABULARY[name], want)
    return (want or None) == (got or None)


def _pair_score(gold: Meeting, predicted: Meeting) -> int:
    people = len(match_participants(gold.get("participants") or [], predicted.get("participants") or []))
    return people + sum(field_equal(name, gold, predicted) for name in MEETING_FIELDS)


def pair_meetings(gold: Sequence[Meeting], predicted: Sequence[Meeting]) -> list[tuple[int, int]]:
    """(gold index, predicted index) of paired meetings, chosen by best total match score."""
    scores = [[_pair_score(g, p) for p in predicted] for g in gold]
    small, large = sorted((len(gold), len(predicted)))
    if small == 0:
        return []
    if large > EXHAUSTIVE_MAX or math.perm(large, small) > 50_000:
        return _pair_greedy(scores)
    if len(gold) <= len(predicted):
        options = ([(i, j) for i, j in enumerate(perm)]
                   for perm in itertools.permutations(range(len(predicted)), len(gold)))
    else:
        options = ([(i, j) for j, i in enumerate(perm)]
                   for perm in itertools.permutations(range(len(gold)), len(predicted)))
    best = max(options, key=lambda pairs: sum(scores[i][j] for i, j in pairs))
    return sorted(best)


def _pair_greedy(scores: list[list[int]]) -> list[tuple[int, int]]:
    ranked = sorted(((-s, i, j) for i, row in enumerate(scores) for j, s in enumerate(row)))
    pairs, used_gold, used_pred = [], set(), set()
    for _, i, j in ranked:
        if i not in used_gold and j not in used_pred:
            pairs.append((i, j))
            used_gold.add(i)
            used_pred.add(j)
    return sorted(pairs)


# ---------------------------------------------------------------- scoring

def score_article(gold: GoldArticle, predicted: Sequence[Meeting]) -> ArticleScore:
    """Counts and problems of one article."""
    result = ArticleScore(gold.id)
    counts = result.counts
    counts.gold_meetings = len(gold.meetings)
    counts.detection = PRF(tp=int(bool(gold.meetings) and bool(predicted)),
                           fp=int(not gold.meetings and bool(predicted)),
                           fn=int(bool(gold.meetings) and not predicted))
    pairs = pair_meetings(gold.meetings, predicted)
    paired_gold = {i for i, _ in pairs}
    paired_pred = {j for _, j in pairs}
    for i, j in pairs:
        _score_meeting(result, i, gold.meetings[i], predicted[j])
    for i, meeting in enumerate(gold.meetings):
        if i not in paired_gold:
            result.wrong_fields.append(f"meeting {i + 1} not found ({_describe(meeting)})")
            _score_participants(result, meeting.get("participants") or [], [])
    for j, meeting in enumerate(predicted):
        if j not in paired_pred:
            result.wrong_fields.append(f"extra meeting ({_describe(meeting)})")
            _score_participants(result, [], meeting.get("participants") or [])
    return result


def _describe(meeting: Meeting) -> str:
    parts = [meeting.get("organisation"), meeting.get("kind"), meeting.get("place"), meeting.get("date")]
    people = len(meeting.get("participants") or [])
    return ", ".join(str(p) for p in parts if p) + f", {people} participants"


def _score_meeting(result: ArticleScore, index: int, gold: Meeting, predicted: Meeting) -> None:
    for name in MEETING_FIELDS:
        if field_equal(name, gold, predicted):
            result.counts.fields_ok[name] += 1
        else:
            result.wrong_fields.append(
                f"meeting {index + 1} {name}: gold {_show(gold.get(name))}, got {_show(predicted.get(name))}")
    _score_participants(result, gold.get("participants") or [], predicted.get("participants") or [])


def _show(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(map(str, sorted(value))) + "]"
    return "null" if value is None else str(value)


def _score_participants(result: ArticleScore, gold: Sequence[Meeting], predicted: Sequence[Meeting]) -> None:
    counts = result.counts
    pairs = match_participants(gold, predicted)
    counts.gold_participants += len(gold)
    counts.participants += PRF(tp=len(pairs), fp=len(predicted) - len(pairs), fn=len(gold) - len(pairs))
    counts.matched += len(pairs)
    matched_gold = {i for i, _ in pairs}
    matched_pred = {j for _, j in pairs}
    for i, j in pairs:
        _score_person(result, gold[i], predicted[j])
    for i, person in enumerate(gold):
        if i not in matched_gold:
            result.missed_names.append(str(person.get("name")))
            counts.roles.fn += len(set(person.get("roles") or []))
    for j, person in enumerate(predicted):
        if j not in matched_pred:
            result.false_names.append(str(person.get("name")))
            counts.roles.fp += len(set(person.get("roles") or []))


def _score_person(result: ArticleScore, gold: Meeting, predicted: Meeting) -> None:
    counts, name = result.counts, str(gold.get("name"))
    want, got = set(gold.get("roles") or []), set(predicted.get("roles") or [])
    hits = want & got & load_codes()["roles"]
    counts.roles += PRF(tp=len(hits), fp=len(got - hits), fn=len(want - hits))
    if hits != want or hits != got:
        missing, extra = sorted(want - hits), sorted(got - hits)
        result.wrong_roles.append(
            f"{name}: " + "; ".join(f"{label} {', '.join(items)}" for label, items in
                                    (("missing", missing), ("extra", extra)) if items))
    post_ok = gold.get("post") == predicted.get("post") and known("posts", gold.get("post"))
    level_ok = gold.get("level") == predicted.get("level") and known("levels", gold.get("level"))
    counts.post_ok += post_ok
    counts.level_ok += level_ok
    if not (post_ok and level_ok):
        result.wrong_posts.append(
            f"{name}: gold {_show(gold.get('post'))}/{_show(gold.get('level'))}, "
            f"got {_show(predicted.get('post'))}/{_show(predicted.get('level'))}")


def score(pairs: Iterable[tuple[GoldArticle, Sequence[Meeting]]]) -> Report:
    """Report over (gold article, predicted meetings in gold format) pairs."""
    return Report([score_article(gold, predicted) for gold, predicted in pairs])


def predicted_meetings(result: Any) -> list[Meeting]:
    """Meetings of an extractor result (`Extraction` or its JSON) as gold-format dicts."""
    data = result.to_json() if hasattr(result, "to_json") else result
    return list(data.get("meetings") or [])


def evaluate_dir(directory: str | Path, extract_fn: Extractor = extract,
                 advance: Callable[[], None] | None = None) -> Report:
    """Run `extract_fn` on every gold article of `directory` and score it; `advance()` after each article."""
    golds = load_gold(directory)

    def pairs():
        for g in golds:
            yield g, predicted_meetings(extract_fn(g.text, Context(url=g.url, published=g.published)))
            if advance is not None:
                advance()

    return score(pairs())


def failures(report: Report, targets: dict[str, float] | None = None) -> list[str]:
    """One line per figure below its target in `targets` (default `TARGETS`); empty when all are met."""
    figures = report.figures()
    missed = []
    for key, target in (TARGETS if targets is None else targets).items():
        value = _target_figure(figures, key)
        if value < target:
            missed.append(f"{key} {value:.3f} < {target:.2f}")
    return missed


def _target_figure(figures: dict[str, Any], key: str) -> float:
    group, name = key.split(".")
    return figures[group][name]


def _too_far(value: float, base: float, max_gap: float = MAX_FOLD_GAP) -> bool:
    return round(abs(value - base), 9) > max_gap  # rounded: 0.85 against 0.90 is within 0.05


def fold_failures(report: Report, k: int, max_gap: float = MAX_FOLD_GAP) -> list[str]:
    """One line per target figure of a fold more than `max_gap` from the whole set's."""
    whole = report.figures()
    missed = []
    for n, fold in enumerate(report.folds(k), 1):
        figures = fold.figures()
        for key in TARGETS:
            value, base = _target_figure(figures, key), _target_figure(whole, key)
            if _too_far(value, base, max_gap):
                missed.append(f"fold {n} {key} {value:.3f} is {value - base:+.3f} from the whole set's {base:.3f}")
    return missed


# ---------------------------------------------------------------- output

def format_report(report: Report, folds: int = 0) -> str:
    """Totals, the folds' figures, targets missed, and a per-article breakdown of what went wrong."""
    total = report.total
    fig = total.figures()
    lines = [f"{len(report.articles)} articles, {total.gold_meetings} gold meetings, "
             f"{total.gold_participants} gold participants", ""]
    lines += _figure_lines(fig, total)
    if folds:
        lines += ["", *_fold_table(report, folds)]
    missed = failures(report) + (fold_failures(report, folds) if folds else [])
    lines += ["", "targets: all met" if not missed else "targets missed:"]
    lines += [f"  {line}" for line in missed]
    lines += ["", "per article:"]
    for article in report.articles:
        lines.append("  " + _article_line(article))
        for label, items in article.problems():
            lines.append(f"      {label}: " + " | ".join(items))
    return "\n".join(lines)


def _figure_lines(fig: dict[str, Any], total: Counts) -> list[str]:
    def prf(key: str, counts: PRF) -> str:
        f = fig[key]
        return (f"{key:<13} P {f['precision']:.3f}  R {f['recall']:.3f}  F1 {f['f1']:.3f}"
                f"   (tp {counts.tp}, fp {counts.fp}, fn {counts.fn})")
    posts, det = fig["posts"], fig["detection"]
    fields = "  ".join(f"{k} {v:.3f}" for k, v in fig["meetings"].items())
    return [
        prf("participants", total.participants),
        prf("roles", total.roles),
        f"{'posts':<13} post {posts['post_accuracy']:.3f}  level {posts['level_accuracy']:.3f}"
        f"   (over {total.matched} matched)",
        f"{'meetings':<13} {fields}",
        f"{'detection':<13} P {det['precision']:.3f}  R {det['recall']:.3f}"
        f"   (tp {total.detection.tp}, fp {total.detection.fp}, fn {total.detection.fn})",
    ]


# Row labels of the fold table, one per target figure.
_FOLD_ROWS = {"participants.f1": "participants F1", "roles.f1": "roles F1", "posts.post_accuracy": "post",
              "posts.level_accuracy": "post level", "detection.precision": "detection P",
              "detection.recall": "detection R", **{f"meetings.{k}": k for k in MEETING_FIELDS}}


def _fold_table(report: Report, k: int) -> list[str]:
    """The target figures on the whole set and on each fold; '*' marks a gap above MAX_FOLD_GAP."""
    whole, parts = report.figures(), [fold.figures() for fold in report.folds(k)]
    head = f"{'folds (ids sorted, alternating)':<32}{'all':>7}" + "".join(f"{f'fold {n}':>9}" for n in range(1, k + 1))
    lines = [head, f"{'articles':<32}{whole['articles']:>7}" + "".join(f"{p['articles']:>9}" for p in parts)]
    for key in TARGETS:
        base = _target_figure(whole, key)
        cells = []
        for p in parts:
            value = _target_figure(p, key)
            cells.append(f"{value:>8.3f}" + ("*" if _too_far(value, base) else " "))
        lines.append(f"{_FOLD_ROWS.get(key, key):<32}{base:>7.3f}" + "".join(cells))
    return lines


def _article_line(article: ArticleScore) -> str:
    c = article.counts
    fig = c.figures()
    fields_ok = sum(c.fields_ok.values())
    detected = ("ok" if not (c.detection.fp or c.detection.fn)
                else "missed meeting" if c.detection.fn else "false meeting")
    return (f"{article.id}: participants F1 {fig['participants']['f1']:.2f} "
            f"({c.participants.tp}/{c.participants.tp + c.participants.fn}, {c.participants.fp} false)"
            f"  roles F1 {fig['roles']['f1']:.2f}  posts {c.post_ok}/{c.matched}"
            f"  fields {fields_ok}/{c.gold_meetings * len(MEETING_FIELDS)}  detection {detected}")


def build_parser(parser: argparse.ArgumentParser | None = None) -> argparse.ArgumentParser:
    """The evaluation options, shared with `scrapy evaluate`."""
    parser = parser or argparse.ArgumentParser(prog="python -m pipelines.evaluate",
                                               description="Score the extractor against DIR/gold/*.json.")
    parser.add_argument("--json", action="store_true",
                        help="print one JSON object of the total figures (with --folds, a list of the folds')")
    parser.add_argument("--fail-under-targets", action="store_true",
                        help="exit with status 1 when a figure is below its target (or, with --folds, "
                             f"a fold's figure is more than {MAX_FOLD_GAP} from the whole set's)")
    parser.add_argument("--folds", type=_fold_count, default=0, metavar="K",
                        help="also report K folds of the set (gold ids sorted, alternating)")
    return parser


def _fold_count(value: str) -> int:
    k = int(value)
    if k < 2:
        raise argparse.ArgumentTypeError("at least 2 folds")
    return k


def run(directory: str | Path, as_json: bool = False, fail_under_targets: bool = False, folds: int = 0) -> int:
    """Print the report of `directory`; the exit status (2 when the gold cannot be read)."""
    from pipelines.progress import progress

    try:
        total = len(load_gold(directory))
        with progress(f"evaluating {directory}", total=total) as advance:
            report = evaluate_dir(directory, advance=advance)
    except GoldError as exc:
        print(f"evaluate: {exc}", file=sys.stderr)
        return 2
    if as_json:
        print(json.dumps(report.to_json(folds), ensure_ascii=False, indent=2))
    else:
        print(format_report(report, folds))
    missed = failures(report) + (fold_failures(report, folds) if folds else [])
    return 1 if fail_under_targets and missed else 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    parser.add_argument("directory", metavar="DIR", help="folder holding gold/ and the texts")
    opts = parser.parse_args(argv)
    return run(opts.directory, opts.json, opts.fail_under_targets, opts.folds)


if __name__ == "__main__":
    sys.exit(main())
