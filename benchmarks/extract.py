"""Extraction time per article over every evaluation text (the real reports and seeds in
../shared, the dev set), the slowest article, and attendance lists of 1,000 and 5,000 names.

    .venv/bin/python benchmarks/extract.py

Targets (issue 7): median ≤ 5 ms and p95 ≤ 20 ms per article on one core; a 1,000-name list
under 1 s. Each text is extracted once to warm caches (lexicons, gazetteer), then timed over
several rounds; the figure per article is its fastest round. The long lists are made here from
the name lexicons (pipelines/extract/data), with their time and peak memory (tracemalloc).
"""
from __future__ import annotations

import json
import statistics
import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines.extract import data, extract  # noqa: E402
from pipelines.extract.model import Context  # noqa: E402

ROUNDS = 5


def texts() -> list[tuple[str, str, Context]]:
    found = []
    for folder in (ROOT.parent / "shared" / "real", ROOT.parent / "shared",
                   ROOT / "crawler" / "fixture" / "reports"):
        for gold_file in sorted((folder / "gold").glob("*.json")):
            gold = json.loads(gold_file.read_text(encoding="utf-8"))
            published = date.fromisoformat(gold["published"]) if gold.get("published") else None
            text = (folder / gold["text_file"]).read_text(encoding="utf-8")
            found.append((gold["id"], text, Context(url=gold.get("url"), published=published)))
    return found


def name_list(n: int) -> str:
    """A meeting report whose attendance list holds n names made from the name lexicons."""
    given, surnames = data.words("given_names.txt"), data.words("surnames.txt")
    names = [f"{given[k % len(given)]} {surnames[(k * 7) % len(surnames)]}" for k in range(n)]
    return ("रामपुर। भाजपा की जिला कार्यसमिति की बैठक रविवार को कार्यालय में हुई। बैठक में "
            + ", ".join(names) + " आदि उपस्थित रहे।")


def long_list(n: int) -> tuple[float, float, int]:
    """(seconds, peak MiB, people found) for a list of n names."""
    text, context = name_list(n), Context(published=date(2024, 1, 7))
    t = time.perf_counter()
    found = extract(text, context)
    seconds = time.perf_counter() - t
    tracemalloc.start()  # a second run for memory: tracing slows Python down
    extract(text, context)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return seconds, peak, sum(len(m.participants) for m in found.meetings)


def main() -> None:
    items = texts()
    if not items:
        sys.exit("no evaluation texts found")
    for _, text, context in items:
        extract(text, context)
    best = []
    for id, text, context in items:
        rounds = []
        for _ in range(ROUNDS):
            t = time.perf_counter()
            extract(text, context)
            rounds.append((time.perf_counter() - t) * 1000)
        best.append((min(rounds), id, len(text)))
    best.sort()
    times = [b[0] for b in best]
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    chars = statistics.median(len(t) for _, t, _ in items)
    print(f"extract(): {len(items)} articles (median {chars:.0f} characters), one core")
    print(f"  median {statistics.median(times):6.2f} ms   p95 {p95:6.2f} ms   max {best[-1][0]:6.2f} ms "
          f"(slowest: {best[-1][1]}, {best[-1][2]} characters)")
    print("  target: median <= 5 ms, p95 <= 20 ms")
    for n in (1000, 5000):
        seconds, peak, people = long_list(n)
        print(f"  a list of {n} names: {seconds:.2f} s, peak {peak:.0f} MiB, {people} people found"
              + ("   (target: under 1 s)" if n == 1000 else ""))


if __name__ == "__main__":
    main()
