"""Scheduling: overlapping runs keep apart per source; incremental runs ask conditionally and count 304s."""
from __future__ import annotations

import os
import subprocess
import sys

import psycopg
import pytest

from crawler.distributed import LOCK_SPACE
from crawler.fixture.server import serve
from tests.conftest import ROOT


def crawl(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scrapy", "crawl", "news", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def site():
    with serve() as running:
        yield running


def test_a_source_locked_by_another_run_is_skipped(conn, database_url, site):
    env = {**os.environ, **site.environment(), "DATABASE_URL": database_url}
    with psycopg.connect(database_url, autocommit=True) as other_run:
        other_run.execute("SELECT pg_advisory_lock(%s, hashtext('fixture-portal'))", (LOCK_SPACE,))
        result = crawl(env, "-a", "source=fixture-portal,fixture-daily")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "source fixture-portal skipped: another crawl of it is still running" in result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("source fixture-daily:")
    sources = {r[0] for r in conn.execute("SELECT DISTINCT s.name FROM articles a JOIN sources s ON s.id = a.source_id")}
    assert sources == {"fixture-daily"}


def test_changed_sitemap_dates_bring_conditional_requests_and_304s_count_as_not_modified(conn, database_url, site):
    env = {**os.environ, **site.environment(), "DATABASE_URL": database_url}
    first = crawl(env, "-a", "source=fixture-portal")
    assert first.returncode == 0, first.stderr[-3000:]
    stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    # The sitemap's lastmod is now newer than every fetch: the next run asks again, conditionally.
    conn.execute("UPDATE articles SET fetched_at = '2001-01-01'")
    conn.execute("UPDATE article_urls SET first_seen = '2001-01-01'")
    second = crawl(env, "-a", "source=fixture-portal")
    assert second.returncode in (0, 3), second.stderr[-3000:]
    sources, = conn.execute("SELECT sources FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()
    assert sources["fixture-portal"]["not_modified"] > 10, sources
    assert "'baithak/not_modified'" in second.stderr
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == stored


def test_since_skips_older_sitemap_feed_and_listing_entries(conn, database_url, site):
    env = {**os.environ, **site.environment(), "DATABASE_URL": database_url}
    result = crawl(env, "-a", "source=fixture-portal", "-a", "since=2024-09-01")
    assert result.returncode in (0, 3), result.stderr[-3000:]
    dates = [r[0] for r in conn.execute("SELECT published FROM articles WHERE published IS NOT NULL")]
    assert dates and min(dates).isoformat() >= "2024-08-31", sorted(dates)[:3]
