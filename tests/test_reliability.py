"""Issue 9, against real processes: a hostile site on loopback, the real spider, a real PostgreSQL."""
from __future__ import annotations

import os
import subprocess
import sys

import psycopg
import pytest

from crawler.guard import Guard, forbidden_address
from crawler.sources import load_sources
from crawler.runs import EXIT_FLAGGED, EXIT_OK
from pipelines import db
from pipelines.retry import is_transient
from tests.conftest import ROOT
from crawler.fixture.hostile import hostile


def crawl(env: dict[str, str], sources: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"source={sources}",
                           "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=INFO", "-s", "DOWNLOAD_TIMEOUT=2",
                           "-s", "RETRY_TIMES=1", *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def skips(url: str) -> dict[str, tuple]:
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT url, reason, transient, attempts, next_try_at IS NOT NULL FROM skipped_pages")
        return {r[0]: r[1:] for r in rows}


def last_stats(url: str) -> dict:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT stats FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()[0]


def article_urls(url: str) -> set[str]:
    with psycopg.connect(url) as conn:
        return {r[0] for r in conn.execute("SELECT url FROM articles")}


@pytest.fixture(scope="module")
def hostile_crawl(tmp_path_factory):
    """The hostile site crawled once into a fresh database (a 503 page still failing)."""
    name = f"baithak_hostile_{os.getpid()}"
    url = db.create_database(name)
    with hostile(tmp_path_factory.mktemp("hostile")) as site:
        env = {**os.environ, "DATABASE_URL": url, "BAITHAK_SOURCES": str(site.sources_file)}
        result = crawl(env, "hostile,closed-ip,closed-name")
        # the two closed sources fetch nothing, so they are flagged: exit 3, not 0 and not 1
        assert result.returncode == EXIT_FLAGGED, result.stderr[-3000:]
        yield site, env, url, result
    db.drop_database(name)


def test_requests_never_leave_the_declared_origin(hostile_crawl):
    site, _, url, result = hostile_crawl
    assert site.decoy_hits == [], "a request reached another port of the allowed host"
    reasons = {u: r[0] for u, r in skips(url).items()}
    assert reasons[f"http://127.0.0.1:{site.decoy_port}/h/news/decoy.html"] == "offsite"
    assert reasons[site.url("/h/news/to-decoy.html")] == "offsite_redirect"
    stats = last_stats(url)
    assert stats["baithak/skipped/offsite"] >= 1 and stats["baithak/skipped/offsite_redirect"] == 1
    assert "Traceback" not in result.stderr


def test_private_addresses_are_refused_by_ip_and_after_dns(hostile_crawl):
    site, _, url, _ = hostile_crawl
    reasons = {u: r[0] for u, r in skips(url).items()}
    assert reasons[f"http://127.0.0.1:{site.decoy_port}/closed/"] == "private_address"
    assert reasons[f"http://localhost:{site.port}/closed/"] == "private_address"
    assert site.hits["/closed/"] == 0 and site.decoy_hits == []
    assert last_stats(url)["baithak/skipped/private_address"] == 2


def test_bad_downloads_are_skipped_under_the_cause(hostile_crawl):
    site, _, url, _ = hostile_crawl
    rows = skips(url)
    expect = {"/h/news/gone.html": ("http_404", False), "/h/news/loop-a.html": ("redirect_loop", False),
              "/h/news/bomb.html": ("too_large", False), "/h/news/endless.html": ("too_large", False),
              "/h/news/slow.html": ("timeout", True), "/h/news/flaky.html": ("http_503", True)}
    for path, (reason, transient) in expect.items():
        got = rows.get(site.url(path))
        assert got is not None and got[:2] == (reason, transient), (path, got)
        assert got[3] == transient  # a next try only for transient skips
    assert site.url("/h/news/ordinary.html") in article_urls(url)


def test_transient_skips_are_retried_with_backoff_permanent_ones_not(hostile_crawl):
    site, env, url, _ = hostile_crawl
    site.hits.clear()
    # The default backoff (an hour) has not passed: nothing is fetched again.
    assert crawl(env, "hostile").returncode in (EXIT_OK, EXIT_FLAGGED)  # a re-crawl finds nothing new
    assert site.hits["/h/news/flaky.html"] == 0 and site.hits["/h/news/gone.html"] == 0
    # An hour later (the clock moved in the database) the transient skips are due: the flaky page
    # answers now and is stored; the slow one fails again and waits twice as long.
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("UPDATE skipped_pages SET next_try_at = now() - interval '1 second' WHERE transient")
    assert crawl(env, "hostile").returncode in (EXIT_OK, EXIT_FLAGGED)  # a re-crawl finds nothing new
    assert site.hits["/h/news/flaky.html"] >= 1 and site.hits["/h/news/slow.html"] >= 1
    assert site.hits["/h/news/gone.html"] == 0 and site.hits["/h/news/bomb.html"] == 0
    assert site.url("/h/news/flaky.html") in article_urls(url)
    rows = skips(url)
    assert site.url("/h/news/flaky.html") not in rows
    assert rows[site.url("/h/news/slow.html")][:3] == ("timeout", True, 2)   # the attempt is counted
    with psycopg.connect(url) as conn:
        wait = conn.execute("SELECT extract(epoch FROM next_try_at - seen_at) FROM skipped_pages WHERE url = %s",
                            (site.url("/h/news/slow.html"),)).fetchone()[0]
    assert 7000 < wait < 7400, wait  # 2 × the default hour
    # -a refetch=1 still forces the permanent ones.
    assert crawl(env, "hostile", "-a", "refetch=1").returncode in (EXIT_OK, EXIT_FLAGGED)
    assert site.hits["/h/news/gone.html"] >= 1


def test_the_guard_rules():
    guard = Guard(load_sources(ROOT / "sources.toml", "sabkasandesh"))
    assert guard.refusal("https://sabkasandesh.com/123/") is None
    assert guard.refusal("https://www.sabkasandesh.com/123/") is None
    assert guard.refusal("https://sabkasandesh.com:5432/")[0] == "offsite"
    assert guard.refusal("http://sabkasandesh.com/123/")[0] == "offsite"
    assert guard.refusal("ftp://sabkasandesh.com/")[0] == "offsite"
    assert guard.refusal("https://evil.example/")[0] == "offsite"
    for address in ("127.0.0.1", "10.1.2.3", "192.168.0.1", "172.16.5.4", "169.254.169.254", "224.0.0.1",
                    "0.0.0.0", "::1", "fe80::1", "::ffff:127.0.0.1", "fd00::1"):
        assert forbidden_address(address), address
    assert not forbidden_address("8.8.8.8")
    assert is_transient("http_503") and is_transient("timeout") and is_transient("database_error")
    assert not any(map(is_transient, ("http_404", "http_410", "binary", "too_large", "language_mr", "too_short")))
