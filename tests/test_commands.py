"""The commands a user runs: scrapy extract, parse, summary, reextract, demo; show() in scrapy shell."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request

import psycopg
import pytest
from scrapy.http import HtmlResponse, Request

from pipelines import db
from pipelines.inspect import show
from tests.conftest import ROOT
from tests.site.server import serve

DEV = ROOT / "tests" / "dev"


def scrapy(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scrapy", *args], cwd=ROOT, env=env or dict(os.environ),
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def site():
    with serve() as running:
        yield running


def meeting_page(site):
    return next(a for a in site.articles if a.expect == "meeting" and a.redirect_to is None)


def test_extract_a_text_file_prints_the_gold_format():
    gold = json.loads((DEV / "gold" / "d020.json").read_text(encoding="utf-8"))
    result = scrapy("extract", str(DEV / gold["text_file"]), "--json", "--published", gold["published"])
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["language"] == "hi" and out["published"] == gold["published"]
    assert set(out["meetings"][0]) >= {"organisation", "wings", "level", "kind", "mode", "place", "state",
                                      "venue", "date", "duration_days", "participants", "evidence"}
    assert out["meetings"][0]["organisation"] == gold["meetings"][0]["organisation"]


def test_extract_a_live_url_through_scrapy(site):
    page = meeting_page(site)
    result = scrapy("extract", page.url)
    assert result.returncode == 0, result.stderr
    assert page.title in result.stdout
    assert "cleaned text" in result.stdout and "meeting(s)" in result.stdout


def test_extract_a_saved_page_says_why_a_crawl_would_skip_it(site, tmp_path):
    english = next(a for a in site.articles if a.expect == "dropped:language")
    saved = tmp_path / "page.html"
    saved.write_bytes(urllib.request.urlopen(english.url).read())
    result = scrapy("extract", str(saved), "--json")
    assert json.loads(result.stdout)["skipped"] == "language_en"


def test_show_in_scrapy_shell_prints_the_pipelines_view(site, capsys):
    page = meeting_page(site)
    body = urllib.request.urlopen(page.url).read()
    analysis = show(HtmlResponse(page.url, body=body, request=Request(page.url)))
    printed = capsys.readouterr().out
    assert analysis.language.code == "hi"
    assert analysis.extraction.meetings
    assert analysis.extraction.meetings[0].participants[0].name in printed


def test_scrapy_parse_shows_the_article_item(site):
    page = meeting_page(site)
    result = scrapy("parse", page.url, "--spider", "news", "-c", "parse_article",
                    env={**os.environ, **site.environment()})
    assert f"'url': '{page.url}'" in result.stdout
    assert f"'source': '{page.source}'" in result.stdout
    assert "Traceback" not in result.stderr


def test_demo_summary_and_reextract(tmp_path):
    name = f"baithak_demo_{os.getpid()}"
    env = {**os.environ, "DATABASE_URL": db.create_database(name)}
    try:
        demo = scrapy("demo", env=env)
        assert demo.returncode == 0, demo.stderr[-2000:]
        assert "Meetings stored" in demo.stdout and "skipped: http_404" in demo.stdout
        summary = scrapy("summary", env=env)
        assert summary.stdout.count("\n") > 20
        with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
            before = conn.execute("SELECT count(*) FROM meetings").fetchone()[0]
            conn.execute("UPDATE articles SET extractor_version = 'old'")
        again = scrapy("reextract", env=env)
        assert again.returncode == 0 and "re-extracted" in again.stdout
        with psycopg.connect(env["DATABASE_URL"]) as conn:
            assert conn.execute("SELECT count(*) FROM meetings").fetchone()[0] == before
            assert conn.execute("SELECT count(*) FROM articles WHERE extractor_version = 'old'").fetchone()[0] == 0
    finally:
        db.drop_database(name)
