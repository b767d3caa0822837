"""End to end: a crawl's feed export, the same site on other ports, re-extraction from stored raw pages."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import zlib

import psycopg
import pytest

from pipelines import db
from tests.conftest import ROOT
from crawler.fixture.server import serve
from tests.test_crawl import crawl

TABLES = ("articles", "meetings", "people", "participations", "evidence", "sentences")


def counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    name = f"baithak_products_{os.getpid()}"
    url = db.create_database(name)
    feed = tmp_path_factory.mktemp("feed") / "items.jsonl"
    with serve() as site:
        env = {**os.environ, **site.environment(), "DATABASE_URL": url}
        result = crawl(env, "-O", str(feed))
        assert result.returncode == 0, result.stderr[-3000:]
    yield url, feed, env
    db.drop_database(name)


def test_the_feed_export_writes_every_stored_article_without_raw_bytes(crawled):
    url, feed, _ = crawled
    items = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines()]
    articles = [i for i in items if "cleaned" in i]
    assert len(articles) == counts(url)["articles"]
    assert all(i["body"] is None and i["cleaned"]["text"] for i in articles)
    assert any(i["extraction"]["meetings"] for i in articles)


def test_the_same_site_on_other_ports_adds_no_article_meeting_or_person(crawled):
    url, _, env = crawled
    before = counts(url)
    with serve() as other:  # other free ports: every URL differs, every text is the same
        again = crawl({**env, **other.environment()})
        assert again.returncode == 0, again.stderr[-3000:]
    assert counts(url) == before
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT count(*) FROM article_urls").fetchone()[0] >= 2 * before["articles"]


def test_stored_pages_read_back_with_the_standard_zlib_as_fetched(crawled):
    url, _, _ = crawled
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT body_zlib, size, content_hash FROM raw_pages").fetchall()
    assert rows
    for compressed, size, digest in rows:  # what schemas/README.md promises SQL users
        body = zlib.decompress(compressed)
        assert len(body) == size and hashlib.sha256(body).hexdigest() == digest


def test_reextract_clean_rebuilds_the_facts_from_stored_pages_without_the_network(crawled):
    url, _, env = crawled
    before = counts(url)
    with psycopg.connect(url) as conn:
        pages, compressed, size = conn.execute(
            "SELECT count(*), sum(length(body_zlib)), sum(size) FROM raw_pages").fetchone()
    assert pages >= before["articles"] and compressed < size / 2
    result = subprocess.run([sys.executable, "-m", "scrapy", "reextract", "--clean"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)  # the site is down by now
    assert result.returncode == 0, result.stderr[-3000:]
    assert "cleaned again from stored pages" in result.stdout
    assert counts(url) == before
