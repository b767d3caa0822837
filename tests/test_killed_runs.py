"""Issue 9: a crawl killed with SIGKILL leaves its crawl_runs row open; the next crawl closes it as
`killed` (a run's process holds an advisory lock while it lives). Real processes: the fixture site
over HTTP, the real spider, a real PostgreSQL."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import psycopg
import pytest

from pipelines import db
from pipelines.store import close_killed_runs
from tests.conftest import ROOT
from crawler.fixture.server import serve

ARGS = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", "source=fixture-portal", "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "LOG_LEVEL=INFO"]


def runs(url: str) -> list[tuple]:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT id, finish_reason, finished_at IS NOT NULL FROM crawl_runs ORDER BY id").fetchall()


@pytest.fixture
def site_and_database():
    name = f"baithak_killed_{os.getpid()}"
    url = db.create_database(name)
    with psycopg.connect(url) as conn:
        db.migrate(conn)
    with serve(delay=1.0) as site:  # slow answers: the first crawl is still running when it is killed
        yield {**os.environ, **site.environment(), "DATABASE_URL": url}, url
    db.drop_database(name)


def test_a_run_killed_with_sigkill_is_closed_as_killed_by_the_next(site_and_database):
    env, url = site_and_database
    slow = subprocess.Popen([*ARGS, "-s", "DOWNLOAD_DELAY=5", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1"], cwd=ROOT,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while not runs(url) and time.monotonic() < deadline:
            time.sleep(0.5)
        time.sleep(2)  # the run's lock is taken right after its row
        assert [r[1:] for r in runs(url)] == [(None, False)]
        with psycopg.connect(url, autocommit=True) as conn:
            assert close_killed_runs(conn) == [], "a live crawl is not killed"
        assert slow.poll() is None
    finally:
        os.killpg(slow.pid, signal.SIGKILL)  # the crawl and any process it started
        slow.wait(timeout=30)
    assert [r[1:] for r in runs(url)] == [(None, False)]  # nobody closed it
    result = subprocess.run(ARGS, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    (first, reason1, done1), (_, reason2, done2) = runs(url)
    assert (reason1, done1) == ("killed", True) and (reason2, done2) == ("finished", True)
    assert f"crawl runs [{first}] were killed" in result.stderr
