"""Scheduling: overlapping runs keep apart per source; incremental runs ask conditionally and count 304s."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

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
    article_paths = {urlsplit(u).path for u, in conn.execute("SELECT url FROM article_urls")}
    site.hits.clear()
    second = crawl(env, "-a", "source=fixture-portal")
    assert second.returncode in (0, 3), second.stderr[-3000:]
    sources, = conn.execute("SELECT sources FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()
    assert sources["fixture-portal"]["not_modified"] > 10, sources
    assert "'baithak/not_modified'" in second.stderr
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == stored
    # No stored article came back in full, not even the one reached through a 301 from its old URL
    # (that URL gets the validators of the page it redirected to).
    assert [h.path for h in site.hits if urlsplit(h.path).path in article_paths and h.status == 200] == []
    redirects, = conn.execute("SELECT count(*) FROM article_urls u WHERE NOT EXISTS "
                              "(SELECT FROM raw_pages r WHERE r.url = u.url)").fetchone()
    assert redirects >= 1 and sources["fixture-portal"]["not_modified"] == len(article_paths) - redirects


def test_since_skips_older_sitemap_feed_and_listing_entries(conn, database_url, site):
    env = {**os.environ, **site.environment(), "DATABASE_URL": database_url}
    result = crawl(env, "-a", "source=fixture-portal", "-a", "since=2024-09-01")
    assert result.returncode in (0, 3), result.stderr[-3000:]
    dates = [r[0] for r in conn.execute("SELECT published FROM articles WHERE published IS NOT NULL")]
    assert dates and min(dates).isoformat() >= "2024-08-31", sorted(dates)[:3]


class LastModifiedSite:
    """A site that sends Last-Modified and no ETag, and answers If-Modified-Since with 304 while a
    page is unchanged; its sitemap's lastmod says when each page changed."""

    MODIFIED = "Tue, 05 Mar 2024 10:00:00 GMT"

    def __init__(self, pages: dict[str, bytes]):
        self.pages, self.lastmod, self.requests = pages, "2024-03-05T10:00:00+00:00", []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                site.requests.append((self.path, self.headers.get("If-Modified-Since")))
                if self.path == "/robots.txt":
                    return self.reply(200, f"Sitemap: {site.base}/sitemap.xml\n".encode(), "text/plain")
                if self.path == "/sitemap.xml":
                    urls = "".join(f"<url><loc>{site.base}{p}</loc><lastmod>{site.lastmod}</lastmod></url>"
                                   for p in site.pages)
                    return self.reply(200, f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}'
                                           f'</urlset>'.encode(), "application/xml")
                if self.path not in site.pages:
                    return self.reply(404, b"", "text/plain")
                if self.headers.get("If-Modified-Since") == site.MODIFIED:
                    return self.reply(304, b"", None)
                self.reply(200, site.pages[self.path], "text/html; charset=utf-8", site.MODIFIED)

            def reply(self, status, body, kind, modified=None):
                self.send_response(status)
                for name, value in (("Content-Type", kind), ("Last-Modified", modified)):
                    if value:
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        return Handler

    def sources_file(self, directory: Path) -> Path:
        path = directory / "sources.toml"
        path.write_text(f"""[[source]]
name = "last-modified"
base_url = "{self.base}/"
domains = ["127.0.0.1"]
allow_private = true
autothrottle = false
download_delay = 0
article_pattern = '/news/'
discovery = [{{ type = "robots", url = "/robots.txt" }}]
""", encoding="utf-8")
        return path


def test_last_modified_brings_if_modified_since_and_its_304s_count_as_not_modified(conn, database_url, tmp_path):
    from crawler.fixture.server import REPORTS_DIR
    texts = sorted((REPORTS_DIR / "texts").glob("d0[0-1]*.txt"))[:3]
    pages = {f"/news/{t.stem}.html": (f"<html><head><title>{t.stem}</title></head><body><article>"
                                      + "".join(f"<p>{line}</p>" for line in t.read_text(encoding="utf-8").splitlines())
                                      + "</article></body></html>").encode() for t in texts}
    site = LastModifiedSite(pages)
    threading.Thread(target=site.server.serve_forever, daemon=True).start()
    try:
        env = {**os.environ, "BAITHAK_SOURCES": str(site.sources_file(tmp_path)), "DATABASE_URL": database_url}
        first = crawl(env)
        assert first.returncode in (0, 3), first.stderr[-3000:]
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == len(pages)
        site.lastmod, site.requests = "2099-01-01T00:00:00+00:00", []  # every page says it changed
        second = crawl(env)
        assert second.returncode in (0, 3), second.stderr[-3000:]
    finally:
        site.server.shutdown()
        site.server.server_close()
    asked = {path: since for path, since in site.requests if path.startswith("/news/")}
    assert asked == {path: LastModifiedSite.MODIFIED for path in pages}, asked
    sources, = conn.execute("SELECT sources FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()
    assert sources["last-modified"]["not_modified"] == len(pages) and sources["last-modified"]["kept"] == 0, sources
