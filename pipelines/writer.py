"""Writes off the reactor thread, and a durable spool for what the database cannot take now.

The crawl hands each write (an article with its facts and raw page, or a skipped page) to a
`Writer`: one thread with its own connection takes the queued writes in batches and stores the
articles of a batch with `pipelines.batch.store_batch` (a few round trips and one transaction for
the lot). When the database refuses something in a batch, that batch is stored again article by
article with `pipelines.store.store` (one transaction each), which leaves the refused row out and
counts it (`baithak/rows_refused/<table>/<reason>` in the stats). The reactor thread never waits
for the database, so downloads go on whatever the server does.

When the server vanishes (a lost connection, a refused connect, a statement timeout) or hangs (a
write busy for longer than `hung_after` seconds), every write not yet committed goes to the
`Spool`: one file per write under `.baithak/spool/`, written to a temporary name, fsynced,
renamed, the directory fsynced. The writer polls the server (`retry_every` seconds); once it
answers, the spool is replayed in order, each file deleted after its transaction committed, and
new writes flow again. Whatever is still spooled at the end of a crawl is replayed by the next
one. Storing is an idempotent upsert (the same text and extractor version rewrite nothing), so a
write that committed just before its connection died and is replayed adds no row: nothing is
lost, nothing doubled. Several processes may share one spool: replay holds a file lock.
"""
from __future__ import annotations

import collections
import fcntl
import itertools
import logging
import os
import pickle
import threading
import time
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

import psycopg
import psycopg.types.json

from pipelines import raw
from pipelines.batch import store_batch
from pipelines.extract.model import Extraction
from pipelines.store import Article, Refusal, record_skip, store

log = logging.getLogger(__name__)


@dataclass
class ArticleWrite:
    article: Article
    extraction: Extraction
    page: raw.RawPage | None = None  # the fetched HTML, kept in raw_pages


@dataclass
class SkipWrite:
    url: str
    reason: str
    detail: str
    source: str | None
    backoff: float


@dataclass
class RunWrite:
    """The end of a crawl run: when, why, its stats."""

    run_id: int
    finished_at: datetime
    reason: str
    stats: dict


def apply(conn: psycopg.Connection, write, refusals: list[Refusal] | None = None) -> int | None:
    """Perform one write; an article's id, or None. Rows the database refused are appended to `refusals`."""
    if isinstance(write, ArticleWrite):
        article_id = store(conn, write.article, write.extraction, refusals)
        if write.page is not None:
            raw.keep(conn, write.page, article_id, write.article.crawl_run_id)
        return article_id
    if isinstance(write, RunWrite):
        conn.execute("UPDATE crawl_runs SET finished_at = %s, finish_reason = %s, stats = %s WHERE id = %s",
                     (write.finished_at, write.reason, psycopg.types.json.Jsonb(write.stats), write.run_id))
        return None
    record_skip(conn, write.url, write.reason, write.detail, write.source, write.backoff)
    return None


def articles_first(batch: list) -> list:
    """`batch` with its article writes moved to the front, when that changes no outcome."""
    articles = [w for w in batch if isinstance(w, ArticleWrite)]
    others = [w for w in batch if not isinstance(w, ArticleWrite)]
    urls = {u for w in articles for u in (w.article.url, w.article.canonical_url, *w.article.redirected_from)}
    if any(isinstance(w, SkipWrite) and w.url in urls for w in others):
        return batch
    return articles + others


def url_of(write) -> str:
    if isinstance(write, RunWrite):
        return f"crawl run {write.run_id}"
    return write.article.url if isinstance(write, ArticleWrite) else write.url


def database_gone(exc: BaseException, conn: psycopg.Connection | None) -> bool:
    """A failure of the server or the connection (try again later), not a refusal of this write's data."""
    return isinstance(exc, (psycopg.OperationalError, psycopg.InterfaceError)) or (
        conn is not None and (conn.closed or conn.broken))


class Spool:
    """Writes on disk, one fsynced file each, oldest first."""

    SUFFIX = ".write"

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._seq = itertools.count()

    def put(self, write) -> Path:
        name = f"{time.time_ns():020d}-{os.getpid()}-{next(self._seq):08d}{self.SUFFIX}"
        tmp = self.directory / f".{name}.tmp"
        with open(tmp, "wb") as f:
            pickle.dump(write, f, protocol=pickle.HIGHEST_PROTOCOL)
            f.flush()
            os.fsync(f.fileno())
        final = self.directory / name
        os.replace(tmp, final)
        self._sync_directory()
        return final

    def _sync_directory(self) -> None:
        fd = os.open(self.directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def pending(self) -> list[Path]:
        return sorted(self.directory.glob(f"*{self.SUFFIX}"))

    def __len__(self) -> int:
        return len(self.pending())

    def load(self, path: Path):
        """The write in `path`, or None when it cannot be read (moved aside to `bad/`, with a log line)."""
        try:
            with open(path, "rb") as f:
                return pickle.load(f)
        except FileNotFoundError:  # replayed meanwhile by another process
            return None
        except Exception as exc:  # noqa: BLE001 - a torn or outdated file must not stop the replay
            self.set_aside(path, f"unreadable: {exc!r}")
            return None

    def set_aside(self, path: Path, why: str) -> None:
        bad = self.directory / "bad"
        bad.mkdir(exist_ok=True, mode=0o700)
        os.replace(path, bad / path.name)
        log.error("spooled write %s set aside in %s (%s)", path.name, bad, why)

    def remove(self, path: Path) -> None:
        path.unlink(missing_ok=True)

    @contextmanager
    def replaying(self):
        """True while this process holds the replay lock; False when another process is replaying."""
        with open(self.directory / ".lock", "a+b") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)


class Writer:
    """One thread, one connection: the crawl's writes, in batches, spooled while the database is away.

    `connect()` opens a connection (raising when the server cannot be reached); `stored(write,
    article_id)` and `count(key)` are called from the writer thread (Scrapy's stats collector is a
    plain dict, safe for increments from one other thread).
    """

    def __init__(self, connect: Callable[[], psycopg.Connection], spool: Spool,
                 stored: Callable[[object, int | None], None] = lambda write, article_id: None,
                 count: Callable[[str], None] = lambda key: None,
                 batch: int = 256, retry_every: float = 1.0, hung_after: float = 20.0, max_queue: int = 256,
                 batched: bool = True, linger: float = 0.0):
        self.connect, self.spool, self.stored, self.count = connect, spool, stored, count
        self.batched = batched  # False: every article by the per-article path (store.store), as before batches
        self.batch, self.retry_every, self.hung_after = batch, retry_every, hung_after
        # Seconds a write may wait for others to join its batch: a crawl hands over a page at a time,
        # and a batch's fixed cost (a dozen statements) is then paid per page instead of per batch.
        self.linger = linger
        self.flushing = 0  # callers waiting in flush(): no lingering while they wait
        self.max_queue = max_queue
        self.waiters: list[Future] = []  # callers told to wait for room in the queue
        self.conn: psycopg.Connection | None = None
        self.queue: collections.deque = collections.deque()
        self.cond = threading.Condition()
        self.down = False            # the server is away: writes go straight to the spool
        self.busy_since: float | None = None
        self.inflight: list = []     # the batch being written
        self.abandoned = False       # the in-flight batch was spooled (a hung server)
        self.closing = False
        self.calls: collections.deque = collections.deque()  # (fn, result box, event): run on the connection
        self.thread = threading.Thread(target=self._run, name="baithak-writer", daemon=True)
        self.thread.start()

    # --- the reactor thread's side ----------------------------------------------------------------

    def submit(self, write) -> Future | None:
        """Queue a write; spool it at once while the server is away or hung. Never blocks on the database.

        Returns a future to wait for when the queue is full (the database is slower than the crawl):
        it is done once the writer has caught up to half the queue, so the crawl slows to its pace.
        """
        with self.cond:
            self._check_hung()
            if self.down or self.closing and not self.thread.is_alive():
                self._spool(write)
                return None
            self.queue.append(write)
            self.cond.notify_all()
            if len(self.queue) < self.max_queue:
                return None
            waiter: Future = Future()
            self.waiters.append(waiter)
            return waiter

    def _wake_waiters(self) -> None:
        """(Under the lock.) Room again, or writes go to the spool: the crawl may go on."""
        if self.waiters and (self.down or len(self.queue) <= self.max_queue // 2):
            for waiter in self.waiters:
                waiter.set_result(None)
            self.waiters.clear()

    def _check_hung(self) -> None:
        """(Under the lock.) A write busy too long: everything uncommitted goes to the spool."""
        if self.down or self.busy_since is None or time.monotonic() - self.busy_since < self.hung_after:
            return
        log.error("the database has not answered for %.0f s; spooling writes until it does",
                  time.monotonic() - self.busy_since)
        self.down = True
        self.abandoned = True
        self._spool_all(self.inflight)

    def _spool(self, write) -> None:
        self.spool.put(write)
        self.count("baithak/spooled")

    def _spool_all(self, batch) -> None:
        for write in list(batch) + list(self.queue):
            self._spool(write)
        self.queue.clear()
        self._wake_waiters()

    def call(self, fn: Callable[[psycopg.Connection], object], timeout: float) -> tuple[bool, object]:
        """Run `fn(conn)` on the writer's connection after the queued writes; (False, reason) when it cannot."""
        box: list = []
        done = threading.Event()
        with self.cond:
            if self.down or not self.thread.is_alive():
                return False, "the database is unavailable"
            self.calls.append((fn, box, done))
            self.cond.notify_all()
        if not done.wait(timeout):
            return False, f"no answer within {timeout:.0f} s"
        return box[0]

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every queued write is committed or spooled (True), or `timeout` passed."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self.cond:
            self.flushing += 1
            self.cond.notify_all()
            try:
                return self._flushed(deadline)
            finally:
                self.flushing -= 1

    def _flushed(self, deadline: float | None) -> bool:
        """(Under the lock.) flush()'s wait."""
        while self.queue or self.inflight or self.calls:
            self._check_hung()
            if self.down and (not self.inflight or self.abandoned):
                self._spool_all([])
                break
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                return False
            self.cond.wait(min(0.2, remaining) if remaining is not None else 0.2)
        return True

    def close(self) -> None:
        """Commit or spool everything, then stop the thread (it is left behind only while a server hangs)."""
        self.flush()
        with self.cond:
            self.closing = True
            if self.down:
                self._spool_all(self.inflight if self.busy_since is not None and not self.abandoned else [])
                self.abandoned = True
            self.cond.notify_all()
        self.thread.join(timeout=1.0 if not self.down else 0.2)
        if self.conn is not None and not self.thread.is_alive():
            self.conn.close()

    # --- the writer thread ------------------------------------------------------------------------

    def _run(self) -> None:
        while True:
            with self.cond:
                if self.closing and (self.down or not (self.queue or self.calls)):
                    return
            if self.conn is None or self.conn.closed or self.down:
                if not self._reconnect():
                    with self.cond:
                        if self.closing:
                            return
                        self.cond.wait(self.retry_every)  # poll the server again
                    continue
            with self.cond:
                while not (self.queue or self.calls or self.closing or self.down):
                    self.cond.wait()
                self._linger()
                if self.down:  # went down by the hung check while the connection looked fine
                    continue
                calls = list(self.calls)
                self.calls.clear()
                batch = [self.queue.popleft() for _ in range(min(self.batch, len(self.queue)))]
                self._wake_waiters()
                self.inflight, self.busy_since, self.abandoned = batch, time.monotonic(), False
            try:
                self._write(batch)
                for fn, box, done in calls:
                    self._call(fn, box, done)
            except Exception:  # noqa: BLE001 - the writer must outlive any bug; the batch goes to the spool
                log.exception("writer failed; its batch is spooled")
                with self.cond:
                    if not self.abandoned:
                        self._spool_all(batch)
                self._drop()
            finally:
                with self.cond:
                    self.inflight, self.busy_since = [], None
                    self._wake_waiters()
                    self.cond.notify_all()

    def _linger(self) -> None:
        """(Under the lock, with writes queued.) Wait up to `linger` seconds for a full batch."""
        deadline = time.monotonic() + self.linger
        while (len(self.queue) < self.batch and not (self.calls or self.closing or self.down or self.flushing)
               and (remaining := deadline - time.monotonic()) > 0):
            self.cond.wait(remaining)

    def _reconnect(self) -> bool:
        """Connect and replay the spool; True when writes may flow to the server again."""
        if self.conn is not None:
            self._drop()
        try:
            self.conn = self.connect()
        except Exception as exc:  # noqa: BLE001 - any failure to connect is "not yet"
            self._went_down(exc)
            return False
        if not self._replay():
            return False
        return True

    def _replay(self) -> bool:
        """Write the spooled writes, oldest first; False when the server went away meanwhile."""
        with self.spool.replaying() as mine:
            while True:
                paths = self.spool.pending() if mine else []
                if not paths:
                    with self.cond:
                        if mine and self.spool.pending():
                            continue
                        if self.down:
                            log.warning("the database is back; writing again")
                        self.down = False
                        self.cond.notify_all()
                    return True
                for group in self._spooled(paths):
                    if not self._replay_group(group):
                        return False

    def _spooled(self, paths: list[Path]):
        """The spooled writes in order, in groups: runs of up to `batch` article writes, others alone
        (read lazily: a long outage's spool need not fit in memory)."""
        group: list = []
        for path in paths:
            write = self.spool.load(path)
            if write is None:
                continue
            if group and (not isinstance(write, ArticleWrite) or len(group) >= self.batch):
                yield group
                group = []
            group.append((path, write))
            if not isinstance(write, ArticleWrite):
                yield group
                group = []
        if group:
            yield group

    def _replay_group(self, group: list) -> bool:
        """Replay (path, write) pairs, each file removed once its write committed; False when the
        server went away. Article writes go in one batch; one by one when the database refuses it."""
        if isinstance(group[0][1], ArticleWrite) and self.batched:
            try:
                ids = store_batch(self.conn, [w for _, w in group])
            except Exception as exc:  # noqa: BLE001
                if database_gone(exc, self.conn):
                    self._went_down(exc)
                    return False
                batch_refused(exc, len(group))
                self.count("baithak/batches_refused")
            else:
                for (path, write), article_id in zip(group, ids):
                    self.spool.remove(path)
                    self.count("baithak/replayed")
                    self.stored(write, article_id)
                return True
        for path, write in group:
            refusals: list[Refusal] = []
            try:
                article_id = apply(self.conn, write, refusals)
            except Exception as exc:  # noqa: BLE001
                if database_gone(exc, self.conn):
                    self._went_down(exc)
                    return False
                self.count("baithak/store_errors")
                self.spool.set_aside(path, f"refused by the database: {first_line(exc)}")
                continue
            self.spool.remove(path)
            self.count("baithak/replayed")
            self._count_refusals(refusals)
            self.stored(write, article_id)
        return True

    def _write(self, batch: list) -> None:
        """Runs of article writes in one `store_batch` each, other writes one by one, in order.
        The article writes go first, as one run, when no other write of the batch is about one of
        their URLs: the pages a crawl skips would otherwise cut its batches into pieces."""
        batch[:] = articles_first(batch)
        i = 0
        while i < len(batch):
            if not isinstance(batch[i], ArticleWrite) or not self.batched:
                if not self._write_one(batch, i):
                    return
                i += 1
                continue
            j = i
            while j < len(batch) and isinstance(batch[j], ArticleWrite):
                j += 1
            if not self._write_articles(batch, i, j):
                return
            i = j

    def _start(self, batch: list, i: int) -> bool:
        """(Before a write from batch[i] on.) False when the batch was spooled meanwhile (a hung server)."""
        with self.cond:
            if self.abandoned:  # spooled meanwhile (the server hung): replay will write it
                return False
            self.busy_since = time.monotonic()  # a hang is one write without an answer, not a long batch
            self.inflight = batch[i:]           # what a hang would spool: not the writes committed already
        return True

    def _gone(self, batch: list, i: int, exc: BaseException) -> None:
        with self.cond:
            if not self.abandoned:
                self._spool_all(batch[i:])
        self._went_down(exc)

    def _write_articles(self, batch: list, i: int, j: int) -> bool:
        """batch[i:j] (article writes) in a few round trips; one by one when the database refuses
        something in them. False when the database went away (the rest of the batch is spooled)."""
        if not self._start(batch, i):
            return False
        writes = batch[i:j]
        try:
            ids = store_batch(self.conn, writes)
        except Exception as exc:  # noqa: BLE001 - refused data (or a bug): the articles one by one
            if database_gone(exc, self.conn):
                self._gone(batch, i, exc)
                return False
            batch_refused(exc, j - i)
            self.count("baithak/batches_refused")
            return all(self._write_one(batch, k) for k in range(i, j))
        for write, article_id in zip(writes, ids):
            self.stored(write, article_id)
        return True

    def _write_one(self, batch: list, i: int) -> bool:
        """batch[i] alone (an article in its own transaction). False when the database went away."""
        if not self._start(batch, i):
            return False
        write, refusals = batch[i], []
        try:
            article_id = apply(self.conn, write, refusals)
        except Exception as exc:  # noqa: BLE001 - refused data (or a bug) loses this write only
            if database_gone(exc, self.conn):
                self._gone(batch, i, exc)
                return False
            self.count("baithak/store_errors")
            log.error("not stored (refused by the database): %s: %s", url_of(write), first_line(exc))
            return True
        self._count_refusals(refusals)
        self.stored(write, article_id)
        return True

    def _count_refusals(self, refusals: list[Refusal]) -> None:
        """Rows left out of stored articles, counted by table and reason (the error's class)."""
        for r in refusals:
            self.count("baithak/rows_refused")
            self.count(f"baithak/rows_refused/{r.table}/{r.reason.split(':', 1)[0]}")

    def _call(self, fn, box: list, done: threading.Event) -> None:
        try:
            box.append((True, fn(self.conn)))
        except Exception as exc:  # noqa: BLE001
            if database_gone(exc, self.conn):
                self._went_down(exc)
            box.append((False, first_line(exc)))
        finally:
            done.set()

    def _went_down(self, exc: BaseException) -> None:
        with self.cond:
            first = not self.down
            self.down = True
            self._spool_all([])
            self.cond.notify_all()
        if first:
            self.count("baithak/database_errors")
            log.error("database unavailable (%s); spooling writes to %s until it is back",
                      first_line(exc), self.spool.directory)
        self._drop()

    def _drop(self) -> None:
        conn, self.conn = self.conn, None
        if conn is not None:
            try:
                conn.close()
            except Exception:  # noqa: BLE001
                pass


def batch_refused(exc: BaseException, size: int) -> None:
    """Log why a batch goes article by article: a refusal in one line, anything else (a bug) with its traceback."""
    if isinstance(exc, psycopg.Error):
        log.warning("a batch of %d articles was refused (%s: %s); storing them one by one",
                    size, type(exc).__name__, first_line(exc))
    else:
        log.error("a batch of %d articles failed; storing them one by one", size, exc_info=exc)


def first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
