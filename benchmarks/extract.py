"""Extraction time per article over every evaluation text (the seeds in ../shared and the dev set).

    .venv/bin/python benchmarks/extract.py

Target (issue #4): median ≤ 5 ms and p95 ≤ 20 ms on one core. Each text is
extracted once to warm caches (lexicons, gazetteer), then timed over
several rounds; the figure per article is its fastest round.
"""
from __future__ import annotations

import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines.extract import extract  # noqa: E402
from pipelines.extract.model import Context  # noqa: E402

ROUNDS = 5


def texts() -> list[tuple[str, Context]]:
    found = []
    for folder in (ROOT.parent / "shared", ROOT / "tests" / "dev"):
        for gold_file in sorted((folder / "gold").glob("*.json")):
            gold = json.loads(gold_file.read_text(encoding="utf-8"))
            published = date.fromisoformat(gold["published"]) if gold.get("published") else None
            text = (folder / gold["text_file"]).read_text(encoding="utf-8")
            found.append((text, Context(url=gold.get("url"), published=published)))
    return found


def main() -> None:
    items = texts()
    if not items:
        sys.exit("no evaluation texts found")
    for text, context in items:
        extract(text, context)
    best = []
    for text, context in items:
        rounds = []
        for _ in range(ROUNDS):
            t = time.perf_counter()
            extract(text, context)
            rounds.append((time.perf_counter() - t) * 1000)
        best.append(min(rounds))
    best.sort()
    p95 = best[min(len(best) - 1, int(round(0.95 * (len(best) - 1))))]
    chars = statistics.median(len(t) for t, _ in items)
    print(f"extract(): {len(items)} articles (median {chars:.0f} characters), one core")
    print(f"  median {statistics.median(best):6.2f} ms   p95 {p95:6.2f} ms   max {best[-1]:6.2f} ms")
    print("  target: median <= 5 ms, p95 <= 20 ms")


if __name__ == "__main__":
    main()
