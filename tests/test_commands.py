"""The commands a user runs: scrapy extract, parse, summary, reextract, demo; show() in scrapy shell."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.request

import psycopg
import pytest
from scrapy.http import HtmlResponse, Request

from pipelines import db
from pipelines.inspect import analyse, show
from tests.conftest import ROOT
from crawler.fixture.server import serve

DEV = ROOT / "crawler" / "fixture" / "reports"  # the dev set


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
    response = HtmlResponse(page.url, body=body, request=Request(page.url))
    assert show(response) is None  # nothing for the REPL to echo after the table
    printed = capsys.readouterr().out
    analysis = analyse(response)
    assert analysis.language.code == "hi"
    assert analysis.extraction.meetings
    assert analysis.extraction.meetings[0].participants[0].name in printed


NO_DATABASE = {"DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"}  # a closed port: the database is down


def test_scrapy_shell_debugs_a_page_with_the_database_down(site):
    page = meeting_page(site)
    commands = "show(response)\nprint('RESULT', repr(show(response)))\nprint('ANALYSIS', len(analyse(response).extraction.meetings))\n"
    result = subprocess.run([sys.executable, "-m", "scrapy", "shell", page.url], cwd=ROOT, input=commands,
                            env={**os.environ, **site.environment(), **NO_DATABASE, "SCRAPY_PYTHON_SHELL": "python"},
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr and "No open spider" not in result.stderr
    assert page.title in result.stdout and "meeting(s)" in result.stdout
    assert "RESULT None" in result.stdout and re.search(r"ANALYSIS [1-9]", result.stdout)
    assert "Analysis(" not in result.stdout  # no repr flooding the REPL
    assert "[trafilatura" not in result.stderr and "DEBUG" not in result.stderr  # library DEBUG logs quiet


def test_scrapy_extract_fetches_a_page_with_the_database_down(site):
    page = meeting_page(site)
    result = scrapy("extract", page.url, "--json", env={**os.environ, **NO_DATABASE})
    assert result.returncode == 0, result.stderr[-2000:]
    out = json.loads(result.stdout)
    assert out["meetings"] and out["url"] == page.url  # the canonical URL the page declares


def test_scrapy_parse_shows_the_article_item(site):
    page = meeting_page(site)
    result = scrapy("parse", page.url, "--spider", "news", "-c", "parse_article",
                    env={**os.environ, **site.environment(), **NO_DATABASE})
    assert f"'url': '{page.url}'" in result.stdout
    assert f"'source': '{page.source}'" in result.stdout
    assert "'meetings': [{" in result.stdout and "'language': 'hi'" in result.stdout  # the extraction filled
    # no raw bytes: no bytes literal (b'…', not the "…2b'" that ends a hexadecimal version hash)
    assert not re.search(r"(?<![0-9A-Za-z_])b['\"]", result.stdout) and "<html" not in result.stdout
    assert "Traceback" not in result.stderr


def test_scrapy_parse_takes_a_url_outside_the_sources_with_a_flag(site):
    page = meeting_page(site)
    env = {k: v for k, v in os.environ.items() if not k.startswith("FIXTURE_")} | NO_DATABASE
    refused = scrapy("parse", page.url, env=env)
    assert "'meetings'" not in refused.stdout
    result = scrapy("parse", page.url, "--any-url", env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"'url': '{page.url}'" in result.stdout and "'meetings': [{" in result.stdout
    assert result.stderr.count("source fixture-portal skipped") == 1  # each warning once


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


BANNER_LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \[scrapy\.[\w.]+\] INFO: ")
GOOD_SOURCE = ('[[source]]\nname = "x"\nbase_url = "http://127.0.0.1:9/"\ndomains = ["127.0.0.1"]\n'
               'discovery = [{ type = "robots", url = "/robots.txt" }]\n')


def without_scrapy_banner(stderr: str) -> list[str]:
    """stderr's lines less Scrapy's own start-up log (its INFO lines and the dicts and lists they print)."""
    kept, in_banner = [], False
    for line in stderr.splitlines():
        if BANNER_LOG_LINE.match(line):
            in_banner = True
        elif in_banner and line[:1] in (" ", "{", "[", "'", "]", "}"):
            continue
        else:
            in_banner = False
            kept.append(line)
    return [line for line in kept if not BANNER_LOG_LINE.match(line)]


@pytest.mark.parametrize("broken, key", [
    (GOOD_SOURCE.replace('["127.0.0.1"]\n', '["127.0.0.1"\n'), "Unclosed array"),  # TOML syntax error
    (GOOD_SOURCE + "concurency = 4\n", "'concurency'"),                                    # unknown key
    (GOOD_SOURCE + 'concurrency = "four"\n', "'concurrency'"),                             # wrong type
], ids=["syntax", "unknown-key", "wrong-type"])
@pytest.mark.parametrize("command", [("crawl", "news"), ("demo",), ("parse", "http://127.0.0.1:9/x")],
                         ids=["crawl", "demo", "parse"])
def test_a_bad_sources_file_is_one_error_line_naming_the_file_and_the_key(tmp_path, broken, key, command):
    path = tmp_path / "my-sources.toml"
    path.write_text(broken, encoding="utf-8")
    result = scrapy(*command, env={**os.environ, "BAITHAK_SOURCES": str(path),
                                   "DATABASE_URL": os.environ.get("DATABASE_URL", "postgresql://nobody@127.0.0.1:9/none")})
    lines = without_scrapy_banner(result.stderr)
    assert result.returncode != 0
    assert len(lines) == 1 and lines[0].startswith("error: ") and str(path) in lines[0] and key in lines[0], \
        result.stderr[-3000:]
    assert "Traceback" not in result.stderr + result.stdout
