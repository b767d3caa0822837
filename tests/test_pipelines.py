"""The pipelines' parts around a real server: the stages in a worker process, the writer thread, the spool."""
from __future__ import annotations

import time
from datetime import datetime, timezone

import psycopg

from pipelines import work
from pipelines.store import Article
from pipelines.writer import ArticleWrite, SkipWrite, Spool, Writer

PAGE = ("<html><head><title>बैठक</title></head><body><article><p>रायगढ़। कांग्रेस की जिला बैठक रविवार को "
        "जिलाध्यक्ष रमेश यादव की अध्यक्षता में हुई। संचालन जिला महामंत्री सुनील साहू ने किया। इस अवसर पर "
        "अनिल वर्मा, सीमा पटेल और रफीक खान उपस्थित रहे।</p></article></body></html>").encode()
KEEP = frozenset({"hi"})


def write(url: str) -> ArticleWrite:
    """An article of its own text (the same text under two URLs would be one article)."""
    page = PAGE.replace("</article>".encode(), f"<p>यह {url} की रिपोर्ट है।</p></article>".encode())
    done = work.process(page, url, 150, KEEP)
    assert done.skip is None, done.skip
    c = done.cleaned
    return ArticleWrite(Article(url=url, canonical_url=url, text=c.text, language=done.language.code,
                                fetched_at=datetime.now(timezone.utc), source="test", title=c.title),
                        done.extraction)


def poll(condition, timeout: float = 30.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def urls(conn) -> list[str]:
    return [r[0] for r in conn.execute("SELECT url FROM articles ORDER BY url")]


class Counts(dict):
    def __call__(self, key: str) -> None:
        self[key] = self.get(key, 0) + 1


def test_the_stages_run_in_a_worker_process_and_give_what_they_give_in_process():
    pool = work.Pool(1)
    try:
        there = pool.submit(work.process, PAGE, "http://example.test/1", 150, KEEP).result(timeout=120)
        pid = pool.submit(work.warm).result(timeout=60)
    finally:
        pool.close()
    here = work.process(PAGE, "http://example.test/1", 150, KEEP)
    assert pid != __import__("os").getpid()
    assert there.cleaned == here.cleaned and there.language == here.language
    assert there.extraction.meetings == here.extraction.meetings and there.extraction.meetings
    skipped = work.process(b"<html><body><p>short</p></body></html>", "http://example.test/2", 150, KEEP)
    assert skipped.skip is not None and skipped.skip[0] in {"empty", "too_short"}


def test_a_lost_connection_spools_the_write_and_the_writer_replays_it(conn, database_url, tmp_path):
    counts = Counts()
    stored = []
    writer = Writer(lambda: psycopg.connect(database_url, autocommit=True), Spool(tmp_path / "spool"),
                    stored=lambda w, aid: stored.append(aid), count=counts, retry_every=0.05)
    try:
        writer.submit(SkipWrite("http://example.test/0", "http_404", "", "test", 3600.0))
        assert writer.flush(60)
        poll(lambda: writer.conn is not None, what="the writer's connection")
        conn.execute("SELECT pg_terminate_backend(%s)", (writer.conn.info.backend_pid,))
        writer.submit(write("http://example.test/1"))  # the server dropped this connection: spooled, replayed
        writer.submit(write("http://example.test/2"))
        assert writer.flush(60)
        poll(lambda: len(urls(conn)) == 2 and not writer.down, what="both articles")
    finally:
        writer.close()
    assert urls(conn) == ["http://example.test/1", "http://example.test/2"]
    assert counts.get("baithak/database_errors") == 1 and counts.get("baithak/spooled", 0) >= 1
    assert counts.get("baithak/replayed") == counts.get("baithak/spooled")
    assert len(Spool(tmp_path / "spool")) == 0 and len(stored) == 3
    assert conn.execute("SELECT reason FROM skipped_pages").fetchall() == [("http_404",)]


def test_a_hung_database_spools_what_waits_and_nothing_is_written_twice(conn, database_url, tmp_path):
    counts = Counts()
    writer = Writer(lambda: psycopg.connect(database_url, autocommit=True), Spool(tmp_path / "spool"),
                    count=counts, retry_every=0.05, hung_after=0.5)
    blocker = psycopg.connect(database_url)
    try:
        writer.submit(write("http://example.test/0"))
        assert writer.flush(60)
        blocker.execute("LOCK TABLE articles IN ACCESS EXCLUSIVE MODE")  # every write now waits
        writer.submit(write("http://example.test/1"))
        poll(lambda: writer.busy_since is not None and time.monotonic() - writer.busy_since > 0.6,
             what="a write hung")
        writer.submit(write("http://example.test/2"))  # the writer is stuck: both go to the spool
        assert writer.down and len(writer.spool) == 2
        blocker.rollback()  # the server answers again: the stuck write commits, the spool is replayed
        poll(lambda: not writer.down and len(writer.spool) == 0, what="the replay")
        assert writer.flush(60)
    finally:
        blocker.close()
        writer.close()
    assert urls(conn) == [f"http://example.test/{i}" for i in range(3)]
    assert conn.execute("SELECT count(*) FROM article_urls").fetchone()[0] == 3
    meetings = conn.execute("SELECT count(*) FROM meetings").fetchone()[0]
    assert meetings == 3, "one meeting per article, none doubled by the replay"


def test_the_spool_is_durable_and_ordered(tmp_path):
    spool = Spool(tmp_path / "s")
    first = spool.put(SkipWrite("http://a.test/", "http_404", "", None, 1.0))
    second = spool.put(SkipWrite("http://b.test/", "http_404", "", None, 1.0))
    assert spool.pending() == [first, second]
    assert spool.load(first).url == "http://a.test/"
    second.write_bytes(b"torn")
    assert spool.load(second) is None and spool.pending() == [first]  # set aside, not lost silently
    assert (tmp_path / "s" / "bad" / second.name).exists()
    with spool.replaying() as mine, spool.replaying() as other:
        assert mine and not other  # one replay at a time, across processes too (flock)


def test_writes_while_the_server_is_away_go_to_the_spool(tmp_path):
    def refuse():
        raise psycopg.OperationalError("connection refused")

    writer = Writer(refuse, Spool(tmp_path / "spool"), retry_every=0.05)
    writer.submit(SkipWrite("http://a.test/", "http_503", "", None, 1.0))
    poll(lambda: writer.down, what="the writer to notice")
    writer.submit(SkipWrite("http://b.test/", "http_503", "", None, 1.0))
    writer.close()
    assert len(writer.spool) == 2


def test_a_full_queue_makes_the_crawl_wait_until_the_writer_catches_up(conn, database_url, tmp_path):
    writer = Writer(lambda: psycopg.connect(database_url, autocommit=True), Spool(tmp_path / "spool"),
                    max_queue=2, hung_after=60)
    blocker = psycopg.connect(database_url)
    try:
        writer.submit(write("http://example.test/0"))
        assert writer.flush(60)
        blocker.execute("LOCK TABLE articles IN ACCESS EXCLUSIVE MODE")
        writer.submit(write("http://example.test/1"))
        poll(lambda: writer.busy_since is not None, what="the writer to wait on the lock")
        assert writer.submit(write("http://example.test/2")) is None
        waiter = writer.submit(write("http://example.test/3"))
        assert waiter is not None and not waiter.done()
        blocker.rollback()
        waiter.result(timeout=60)
        assert writer.flush(60)
    finally:
        blocker.close()
        writer.close()
    assert len(urls(conn)) == 4 and len(writer.spool) == 0


def test_the_writer_stores_a_batch_in_one_transaction_and_a_refused_batch_article_by_article(conn, database_url,
                                                                                                 tmp_path):
    """A batch commits whole (one transaction: readers see all of it at once); a row the database refuses
    sends its batch back through the per-article path, which leaves only that row out and counts it
    under its table and reason — the other articles are all stored."""
    import dataclasses

    good = [write(f"http://example.test/{i}") for i in range(6)]
    meeting = good[0].extraction.meetings[0]
    people = [dataclasses.replace(p, roles=["no_such_role"]) if i == 0 else p
              for i, p in enumerate(meeting.participants)]
    bad = write("http://example.test/bad")
    bad.extraction.meetings[0] = dataclasses.replace(bad.extraction.meetings[0], participants=people)
    counts, stored = Counts(), []
    writer = Writer(lambda: psycopg.connect(database_url, autocommit=True), Spool(tmp_path / "spool"),
                    stored=lambda w, article_id: stored.append(article_id), count=counts)
    xmin = lambda: {r[0] for r in conn.execute("SELECT xmin::text FROM articles")}  # noqa: E731
    try:
        with writer.cond:  # queued together: one batch
            for w in good[:3]:
                writer.submit(w)
        assert writer.flush(60)
        assert len(xmin()) == 1, "three articles, one transaction"
        with writer.cond:
            for w in [*good[3:], bad]:
                writer.submit(w)
        assert writer.flush(60)
    finally:
        writer.close()
    assert len(urls(conn)) == 7 and len(set(stored)) == 7 and len(writer.spool) == 0
    assert counts.get("baithak/batches_refused") == 1
    assert counts.get("baithak/rows_refused") == 1
    assert counts.get("baithak/rows_refused/participations/ForeignKeyViolation") == 1
    bad_id = conn.execute("SELECT id FROM articles WHERE url = 'http://example.test/bad'").fetchone()[0]
    names = {r[0] for r in conn.execute("SELECT name FROM participations WHERE article_id = %s", (bad_id,))}
    assert names == {p.name for p in people[1:]}, "only the refused participation is left out"


def test_pages_handed_over_one_at_a_time_share_a_batch_and_skipped_pages_do_not_split_it(conn, database_url,
                                                                                          tmp_path):
    """A crawl hands the writer one page at a time: the writer waits up to `linger` seconds for more,
    and the articles among skipped pages go in one transaction. A flush does not wait out the linger."""
    writer = Writer(lambda: psycopg.connect(database_url, autocommit=True), Spool(tmp_path / "spool"), linger=30.0)
    xmin = lambda: {r[0] for r in conn.execute("SELECT xmin::text FROM articles")}  # noqa: E731
    try:
        for i in range(3):
            writer.submit(write(f"http://example.test/linger/{i}"))
            writer.submit(SkipWrite(f"http://example.test/linger/skipped/{i}", "too_short", "12 chars", "test", 60.0))
            time.sleep(0.05)
        assert urls(conn) == [], "still waiting for a fuller batch"
        started = time.monotonic()
        assert writer.flush(60)
        assert time.monotonic() - started < 20
    finally:
        writer.close()
    assert len(urls(conn)) == 3 and len(xmin()) == 1, "three articles handed over apart, one transaction"
    skipped = conn.execute("SELECT count(*) FROM skipped_pages WHERE url LIKE 'http://example.test/linger/%'")
    assert skipped.fetchone()[0] == 3


def test_a_crawl_without_a_database_stops_without_a_deprecation_warning():
    import os

    from crawler.fixture.server import serve
    from tests.test_crawl import crawl

    with serve() as site:
        result = crawl({**os.environ, **site.environment(), "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"})
    assert "'finish_reason': 'database_unavailable'" in result.stderr, result.stderr[-2000:]
    assert "Deprecat" not in result.stderr and "returned a Deferred" not in result.stderr


def test_a_spool_is_replayed_in_batches_in_order_and_each_file_goes_once_written(conn, database_url, tmp_path):
    """Spooled articles (an outage) are replayed in batches — one transaction for a run of articles —
    with a skipped page between them kept in its place; nothing is left in the spool, nothing doubled."""
    spool = Spool(tmp_path / "spool")
    for i in range(4):
        spool.put(write(f"http://example.test/{i}"))
    spool.put(SkipWrite("http://example.test/9", "http_503", "", "test", 1.0))
    spool.put(write("http://example.test/9"))  # stored after its skip: the skip is cleared
    spool.put(write("http://example.test/0"))  # again: the same article, no new row
    counts = Counts()
    writer = Writer(lambda: psycopg.connect(database_url, autocommit=True), spool, count=counts)
    try:
        assert writer.flush(60)
        poll(lambda: len(spool) == 0, what="the replay")
    finally:
        writer.close()
    assert urls(conn) == [f"http://example.test/{i}" for i in (0, 1, 2, 3, 9)]
    assert counts.get("baithak/replayed") == 7
    assert conn.execute("SELECT count(*) FROM skipped_pages").fetchone() == (0,)
    xmins = conn.execute("""SELECT count(DISTINCT xmin::text) FROM articles
                             WHERE url IN ('http://example.test/1', 'http://example.test/2', 'http://example.test/3')""")
    assert xmins.fetchone() == (1,), "a run of spooled articles in one transaction"  # (0 was touched again later)
