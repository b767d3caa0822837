"""Several crawl processes share one crawl through Redis (scrapy-redis); skipped without a Redis server."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter
from urllib.parse import urlsplit

import psycopg
import pytest

from pipelines import db
from tests.conftest import ROOT
from crawler.fixture.server import serve

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379")


def redis_reachable() -> bool:
    parts = urlsplit(REDIS_URL)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout=1):
            return True
    except OSError:
        return False


WORKERS = 2


@pytest.mark.skipif(not redis_reachable(), reason=f"no Redis server at {REDIS_URL} (set REDIS_URL to run this)")
def test_two_workers_split_one_crawl_without_fetching_a_page_twice():
    """Two workers started a second apart share a slow crawl: both fetch, no page twice, no article stored twice."""
    import redis

    crawl_id = f"test-{uuid.uuid4().hex[:8]}"
    name = f"baithak_redis_{os.getpid()}"
    url = db.create_database(name)
    client = redis.Redis.from_url(REDIS_URL)
    try:
        with serve(delay=1.0) as site:  # ~110 pages at 1 s, 8 at a time per worker: the second worker joins in time
            env = {**os.environ, **site.environment(), "DATABASE_URL": url, "REDIS_URL": REDIS_URL,
                   "BAITHAK_CRAWL_ID": crawl_id, "BAITHAK_IDLE_TIMEOUT": "10", "BAITHAK_REDIS_TTL": "600"}
            workers = []
            for n in range(WORKERS):
                command = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", "source=fixture-portal,fixture-daily",
                           "-a", "refetch=1", "-s", "LOG_LEVEL=INFO", "-s", f"USER_AGENT=baithak-test-worker-{n}"]
                workers.append(subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                                stderr=subprocess.PIPE, text=True))
                time.sleep(1.0)
            outputs = [w.communicate(timeout=300) for w in workers]
            # 0: all well; 3: a source flagged (a worker may keep no new article of one source).
            assert all(w.returncode in (0, 3) for w in workers), [o[1][-2000:] for o in outputs]
            articles = {urlsplit(a.redirect_to or a.url).path for a in site.articles if a.expect in ("meeting", "no_meeting")}
            hits = [h for h in site.hits if h.path in articles]
            fetched = Counter(h.path for h in hits)
            by_worker = Counter(h.agent for h in site.hits if not h.path.endswith("robots.txt"))
        assert set(fetched) == articles
        assert max(fetched.values()) == 1, "each article is fetched by one worker only"
        assert set(by_worker) == {f"baithak-test-worker-{n}" for n in range(WORKERS)}, by_worker  # both worked
        with psycopg.connect(url) as conn:
            kept = [r[0] for r in conn.execute("SELECT url FROM articles")]
            not_hindi = [r[0] for r in conn.execute("SELECT url FROM skipped_pages WHERE reason LIKE 'language_%'")]
            runs = conn.execute("SELECT stats->>'baithak/articles_stored' FROM crawl_runs").fetchall()
        assert len(kept) == len(set(kept))
        assert articles <= {urlsplit(u).path for u in kept + not_hindi}  # Marathi, Nepali: dropped, counted
        assert len(runs) == WORKERS and sum(int(r[0] or 0) for r in runs) == len(kept)  # each stored once
        started = f"baithak:news:{crawl_id}:started"
        assert client.exists(started) and 0 < client.ttl(started) <= 600  # start requests pushed once; keys expire
        assert all(0 < client.ttl(k) <= 600 for k in client.scan_iter(f"baithak:*:{crawl_id}:*"))
    finally:
        db.drop_database(name)
        for key in client.scan_iter(f"baithak:*:{crawl_id}:*"):
            client.delete(key)
