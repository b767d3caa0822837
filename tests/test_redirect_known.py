"""Issue 9: an article reached through a redirect is not fetched again by every crawl — the URLs
that redirected to it are stored with it and known to the next, incremental crawl."""
from __future__ import annotations

import os

import psycopg

from pipelines import db
from crawler.fixture.server import serve
from tests.test_crawl import crawl


def test_redirected_articles_are_not_refetched_by_an_incremental_crawl():
    name = f"baithak_redirects_{os.getpid()}"
    url = db.create_database(name)
    try:
        with serve() as site:
            env = {**os.environ, **site.environment(), "DATABASE_URL": url}
            redirected = [a for a in site.articles if a.redirect_to]
            assert len(redirected) == 2
            assert crawl(env).returncode in (0, 3)  # 3: a source flagged (crawler/runs.py)
            with psycopg.connect(url) as conn:
                urls = {r[0] for r in conn.execute("SELECT url FROM article_urls")}
            assert {a.url for a in redirected} <= urls and {a.redirect_to for a in redirected} <= urls
            site.hits.clear()
            assert crawl(env).returncode in (0, 3)  # no new article: flagged, exit 3
            ordinary = [a.url for a in site.articles if a.expect == "meeting" and not a.redirect_to]
            assert not any(map(site.fetched, ordinary))  # (fails if the extractor changed between the crawls)
            assert [a.url for a in redirected if site.fetched(a.url)] == []
            assert [a.redirect_to for a in redirected if site.fetched(a.redirect_to)] == []
    finally:
        db.drop_database(name)
