"""One small matcher for the token patterns of data/grammar.toml (spaCy's `Matcher` is the model).

A pattern is a list of token specs matched left to right over a clause's folded keys (and,
where the caller has them, the words' tags). A spec holds when every key it has holds:
`word` (printed words, folded on load), `class` (a word class of grammar.toml, or a word
set of the lexicon), `ends` (a class of endings), `tag` (the word's tag). `op` repeats it:
"?" optional, "*" any number, "+" one or more; `edge` lets it match the end of the span.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from . import data, lexicon
from .normalise import fold


@dataclass(frozen=True)
class Spec:
    words: frozenset[str] | None = None
    endings: tuple[str, ...] | None = None
    tags: frozenset[str] | None = None
    op: str = ""
    edge: bool = False

    def holds(self, keys: Sequence[str], tags: Sequence[str] | None, i: int) -> bool:
        return ((self.words is None or keys[i] in self.words)
                and (self.endings is None or keys[i].endswith(self.endings))
                and (self.tags is None or (tags is not None and tags[i] in self.tags)))


def _spec(raw: dict) -> Spec:
    unknown = set(raw) - {"word", "class", "ends", "tag", "op", "edge"}
    if unknown or raw.get("op", "") not in ("", "?", "*", "+"):
        raise ValueError(f"grammar.toml: bad token spec {raw}")
    words = None
    if "word" in raw:
        words = frozenset(fold(w) for w in raw["word"])
    if "class" in raw:
        cls = lexicon.word_class(raw["class"])
        words = cls if words is None else words & cls
    return Spec(words, lexicon.ending_class(raw["ends"]) if "ends" in raw else None,
                frozenset(raw["tag"]) if "tag" in raw else None, raw.get("op", ""), bool(raw.get("edge")))


@lru_cache(maxsize=1)
def patterns() -> dict[str, tuple[Spec, ...]]:
    return {name: tuple(_spec(s) for s in specs) for name, specs in data.toml("grammar.toml")["patterns"].items()}


def match(name: str, keys: Sequence[str], i: int, hi: int | None = None,
          tags: Sequence[str] | None = None) -> int | None:
    """Where pattern `name` ends when it starts at keys[i] (within keys[:hi]); None when it does not match."""
    return _match(patterns()[name], keys, tags, i, len(keys) if hi is None else hi)


def starts(name: str, keys: Sequence[str], lo: int = 0, hi: int | None = None,
           tags: Sequence[str] | None = None) -> list[int]:
    """Every position in keys[lo:hi] where pattern `name` starts a match."""
    hi = len(keys) if hi is None else hi
    specs = patterns()[name]
    return [i for i in range(lo, hi) if _match(specs, keys, tags, i, hi) is not None]


def _match(specs: Sequence[Spec], keys: Sequence[str], tags: Sequence[str] | None, i: int, hi: int) -> int | None:
    if not specs:
        return i
    spec, rest = specs[0], specs[1:]
    if spec.op in ("*", "+"):
        n = 0
        while i + n < hi and spec.holds(keys, tags, i + n):
            n += 1
        for m in range(n, (1 if spec.op == "+" else 0) - 1, -1):  # greedy, then shorter
            end = _match(rest, keys, tags, i + m, hi)
            if end is not None:
                return end
        return None
    if i < hi and spec.holds(keys, tags, i):
        end = _match(rest, keys, tags, i + 1, hi)
        if end is not None:
            return end
    if spec.edge and i == hi:
        return _match(rest, keys, tags, i, hi)
    return _match(rest, keys, tags, i, hi) if spec.op == "?" else None
