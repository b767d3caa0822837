"""Several crawl processes share one crawl through Redis (scrapy-redis); skipped without a Redis server."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from collections import Counter
from urllib.parse import urlsplit

import psycopg
import pytest

from pipelines import db
from tests.conftest import ROOT
from tests.site.server import serve

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379")


def redis_reachable() -> bool:
    parts = urlsplit(REDIS_URL)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_reachable(), reason=f"no Redis server at {REDIS_URL} (set REDIS_URL to run this)")
def test_two_workers_split_one_crawl_without_fetching_a_page_twice():
    import redis

    crawl_id = f"test-{uuid.uuid4().hex[:8]}"
    name = f"baithak_redis_{os.getpid()}"
    url = db.create_database(name)
    try:
        with serve() as site:
            env = {**os.environ, **site.environment(), "DATABASE_URL": url, "REDIS_URL": REDIS_URL,
                   "BAITHAK_CRAWL_ID": crawl_id}
            command = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", "source=fixture-portal,fixture-daily",
                       "-a", "refetch=1", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=INFO"]
            workers = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True) for _ in range(2)]
            outputs = [w.communicate(timeout=300) for w in workers]
            assert all(w.returncode == 0 for w in workers), outputs[0][1][-2000:]
            articles = {urlsplit(a.redirect_to or a.url).path for a in site.articles if a.expect in ("meeting", "no_meeting")}
            fetched = Counter(h.path for h in site.hits if h.path in articles)
        assert set(fetched) == articles
        assert max(fetched.values()) == 1, "each article is fetched by one worker only"
        with psycopg.connect(url) as conn:
            kept = [r[0] for r in conn.execute("SELECT url FROM articles")]
            not_hindi = [r[0] for r in conn.execute("SELECT url FROM skipped_pages WHERE reason LIKE 'language_%'")]
        assert len(kept) == len(set(kept))
        assert articles <= {urlsplit(u).path for u in kept + not_hindi}  # Marathi, Nepali: dropped, counted
        with psycopg.connect(url) as conn:
            runs = conn.execute("SELECT stats->>'baithak/articles_stored' FROM crawl_runs").fetchall()
        # Two runs recorded, and together they stored each article once (which worker took
        # which page depends on timing: a worker that starts late may find the queue empty).
        assert len(runs) == 2 and sum(int(r[0] or 0) for r in runs) == len(kept)
    finally:
        db.drop_database(name)
        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(f"baithak:*:{crawl_id}:*"):
            client.delete(key)
