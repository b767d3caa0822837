"""Runs are recorded and judged (crawler/runs.py): per-source counts, flags, exit codes, `scrapy runs`."""
from __future__ import annotations

import os
import socket
import subprocess
import sys

import psycopg
import pytest

from crawler.runs import EXIT_FAILED, EXIT_FLAGGED, EXIT_OK, SourceReport, exit_code, judge, reports_from_stats
from tests.conftest import ROOT


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the socket is: nothing listens there


def scrapy(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scrapy", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def failing_sources(tmp_path):
    port = closed_port()
    path = tmp_path / "sources.toml"
    path.write_text(f"""
[[source]]
name = "gone-portal"
base_url = "http://127.0.0.1:{port}/portal/"
domains = ["127.0.0.1"]
allow_private = true
discovery = [{{ type = "robots", url = "/robots.txt" }}, {{ type = "feed", url = "feed/" }},
             {{ type = "listing", url = "", pages = 3 }}]

[[source]]
name = "gone-daily"
base_url = "http://127.0.0.1:{port}/daily/"
domains = ["127.0.0.1"]
allow_private = true
discovery = [{{ type = "sitemap", url = "sitemaps/news.xml" }}]
""", encoding="utf-8")
    return path


def test_a_crawl_of_only_failing_sources_exits_non_zero_with_one_line_per_source(database_url, failing_sources):
    env = {**os.environ, "DATABASE_URL": database_url, "BAITHAK_SOURCES": str(failing_sources)}
    result = scrapy(env, "crawl", "news", "-s", "RETRY_TIMES=0", "-s", "DOWNLOAD_DELAY=0",
                    "-s", "AUTOTHROTTLE_ENABLED=False")
    assert result.returncode == EXIT_FAILED, result.stderr[-3000:]
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2, result.stdout
    assert lines[0].startswith("source gone-portal:") and lines[1].startswith("source gone-daily:")
    assert all("FLAGGED: failed" in line for line in lines)
    assert "Traceback" not in result.stderr
    assert "run failed: every source failed" in result.stderr
    with psycopg.connect(database_url) as conn:
        sources, flags, code, duration = conn.execute(
            "SELECT sources, flags, exit_code, duration_s FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()
    assert set(sources) == {"gone-portal", "gone-daily"}
    assert sources["gone-portal"]["errors"] == 3 and sources["gone-portal"]["fetched"] == 0
    assert sorted(flags) == ["gone-daily:failed", "gone-portal:failed"]
    assert code == EXIT_FAILED and duration > 0
    listed = scrapy(env, "runs", "--last", "3")
    assert listed.returncode == 0, listed.stderr
    assert "gone-portal" in listed.stdout and "failed" in listed.stdout


def test_an_unreachable_database_exits_non_zero(failing_sources):
    env = {**os.environ, "DATABASE_URL": f"postgresql://nobody@127.0.0.1:{closed_port()}/none",
           "BAITHAK_SOURCES": str(failing_sources)}
    result = scrapy(env, "crawl", "news")
    assert result.returncode == EXIT_FAILED
    assert "Traceback" not in result.stderr


def test_a_configuration_error_is_one_line_with_the_file_and_the_key(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text('[[source]]\nname = "broken"\ndomains = ["example.org"]\n', encoding="utf-8")
    result = scrapy({**os.environ, "BAITHAK_SOURCES": str(path)}, "crawl", "news")
    assert result.returncode == EXIT_FAILED
    assert result.stderr.strip().splitlines()[-1] == f"error: {path}: source broken: base_url is missing"
    assert "Traceback" not in result.stderr


def test_a_bad_since_is_one_line():
    result = scrapy(dict(os.environ), "crawl", "news", "-a", "since=yesterday")
    assert result.returncode == EXIT_FAILED
    assert result.stderr.strip().splitlines()[-1] == "error: -a since=yesterday: not a date (YYYY-MM-DD)"
    assert "Traceback" not in result.stderr


def report(name="s", **counts) -> SourceReport:
    skipped = counts.pop("skipped", {})
    return SourceReport(name, counts=counts, skipped=skipped)


def test_flags_and_exit_codes():
    healthy = report(fetched=100, ok=100, kept=90, skipped={"http_404": 10})
    assert judge(healthy, []) == []
    assert judge(report(fetched=0, errors=3), []) == ["failed"]
    assert judge(report(fetched=20, ok=20, kept=0), []) == ["no_new_articles"]
    history = [{"error_rate": 0.01, "skip_rate": 0.1}] * 5
    noisy = report(fetched=100, ok=60, kept=40, errors=40, skipped={"http_500": 60})
    flags = judge(noisy, history)
    assert any(f.startswith("error_rate_high") for f in flags) and any(f.startswith("skip_rate_high") for f in flags)
    assert judge(noisy, history[:2]) == []  # too little history to judge a rate
    healthy.flags = []
    assert exit_code({"a": healthy}, database_unavailable=False) == EXIT_OK
    assert exit_code({"a": healthy}, database_unavailable=True) == EXIT_FAILED
    flagged = report("b", fetched=5, ok=5, kept=0)
    flagged.flags = ["no_new_articles"]
    assert exit_code({"a": healthy, "b": flagged}, database_unavailable=False) == EXIT_FLAGGED
    assert exit_code({"b": report("b", fetched=0)}, database_unavailable=False) == EXIT_FAILED


def test_counts_per_source_come_from_the_stats():
    stats = {"baithak/source/a/fetched": 4, "baithak/source/a/ok": 3, "baithak/source/a/skipped/http_404": 1,
             "baithak/source/b/kept": 2, "downloader/response_count": 9}
    reports = reports_from_stats(stats, ["a", "b", "c"])
    assert reports["a"].get("fetched") == 4 and reports["a"].skipped == {"http_404": 1}
    assert reports["b"].get("kept") == 2 and reports["c"].failed
