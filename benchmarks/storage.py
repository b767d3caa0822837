"""Storage throughput: articles with all their facts written by the writer thread, per second.

    .venv/bin/python benchmarks/storage.py [--articles N] [--per-article N]

The fixture site's article pages (crawler/fixture, served on 127.0.0.1 by this script) go
through the real clean → language → extract steps once; N articles (distinct URLs and texts,
their facts copied from those pages) are then submitted to a `Writer` over a scratch database
and timed until all are committed:

1. the per-article path (`store.store`, one transaction and ~150 round trips an article: the
   writer with `batched=False`), on the first --per-article articles;
2. the batch path (`batch.store_batch`: the writer's default, batches of up to 256 articles);
3. where the batch path's time goes: the same articles through `store_batch` directly, with the
   wall time, this process's CPU and the server process's CPU of each step, per article.

Prints articles/s (goal: at least 1,000) and the rows written; asserts nothing. On a shared
machine the figures vary: compare the two paths of one run.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from crawler.fixture.server import serve  # noqa: E402
from pipelines import db, work  # noqa: E402
from pipelines.batch import server_cpu, store_batch  # noqa: E402
from pipelines.store import Article  # noqa: E402
from pipelines.writer import ArticleWrite, Spool, Writer  # noqa: E402

TABLES = ("articles", "meetings", "people", "person_aliases", "participations", "evidence", "statements")


def fetch_all(urls: list[str]) -> list[bytes]:
    bodies = []
    for url in urls:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                if "html" in response.headers.get("Content-Type", ""):
                    bodies.append(response.read())
        except OSError:
            pass
    return bodies


def scratch_database(tag: str):
    return db.scratch_database(f"baithak_bench_{tag}_{os.getpid()}")


def writes_for(pages: list[bytes], n: int) -> list[ArticleWrite]:
    """N article writes with distinct URLs and texts, their facts from the real extractor."""
    processed = [p for p in (work.process(b, "http://bench.test/", 150, frozenset({"hi"})) for b in pages)
                 if p.skip is None]
    now = datetime.now(timezone.utc)
    writes = []
    for i in range(n if processed else 0):
        p = processed[i % len(processed)]
        url = f"http://bench.test/{i:06d}"
        text = p.cleaned.text + f"\n{i:06d}"  # a text of its own (the same text under two URLs is one article)
        writes.append(ArticleWrite(Article(url=url, canonical_url=url, text=text, language="hi",
                                           fetched_at=now, source="bench", title=p.cleaned.title,
                                           published=p.cleaned.published), p.extraction))
    return writes


def storage(writes: list[ArticleWrite], what: str, **writer_options) -> float:
    """Time the writer thread storing `writes` into a scratch database; print and return articles/s."""
    facts = sum(len(m.participants) + len(m.evidence) for w in writes for m in w.extraction.meetings)
    with scratch_database("store") as url, tempfile.TemporaryDirectory() as spool:
        stored = []
        writer = Writer(lambda: psycopg.connect(url, autocommit=True), Spool(Path(spool)),
                        stored=lambda w, aid: stored.append(aid), **writer_options)
        writer.flush()
        t = time.perf_counter()
        for w in writes:
            writer.submit(w)
        writer.flush()
        elapsed = time.perf_counter() - t
        writer.close()
        with psycopg.connect(url) as conn:
            rows = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    meetings = sum(len(w.extraction.meetings) for w in writes)
    print(f"{what}: {len(stored)} articles ({meetings} meetings, {facts} participations and evidence items) "
          f"in {elapsed:.2f} s = {len(stored) / elapsed:6.0f} articles/s; rows {rows}")
    return len(stored) / elapsed


def steps(writes: list[ArticleWrite], batch: int = 256) -> None:
    """`store_batch` directly: per article, the wall time, this process's CPU and the server's CPU of each step."""
    with scratch_database("steps") as url, psycopg.connect(url, autocommit=True) as conn:
        timings: dict[str, list[float]] = {}
        t, cpu, server = time.perf_counter(), time.thread_time(), server_cpu(conn)
        for i in range(0, len(writes), batch):
            store_batch(conn, writes[i:i + batch], timings)
        t, cpu, server = time.perf_counter() - t, time.thread_time() - cpu, server_cpu(conn) - server
    n = len(writes)
    print(f"Where the batch path's time goes (store_batch directly, batches of {batch}): {n / t:.0f} articles/s; "
          f"per article {1000 * t / n:.2f} ms wall = {1000 * cpu / n:.2f} ms CPU here + {1000 * server / n:.2f} ms "
          f"CPU in the server (+ waits); serial CPU bound {n / (cpu + server):.0f} articles/s")
    print(f"  {'step':<55} {'wall':>7} {'client':>7} {'server':>7}  (ms per article)")
    for step, (wall, client, srv) in sorted(timings.items(), key=lambda kv: -kv[1][0]):
        print(f"  {step:<55} {1000 * wall / n:7.3f} {1000 * client / n:7.3f} {1000 * srv / n:7.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--per-article", type=int, default=500, help="articles for the per-article path")
    args = parser.parse_args()
    with serve() as site:
        bodies = fetch_all([a.url for a in site.articles])
    writes = writes_for(bodies, args.articles)
    if not writes:
        print("Storage: no article page was kept; nothing to measure")
        return
    before = storage(writes[:args.per_article], "Per-article path (store(), one transaction each)", batched=False)
    after = storage(writes, "Batch path (store_batch, batches of up to 256)")
    print(f"Storage: {after:.0f} articles/s with all facts (goal >= 1,000), {after / before:.1f}x the per-article path")
    steps(writes)


if __name__ == "__main__":
    main()
