"""Scrapy item pipelines: each calls one plain function and counts what it drops.

clean → language → extract → store. A page that cannot be used is dropped
with a `Skip` carrying a short reason; StorePipeline records every skip in
`skipped_pages` and every count in the crawl's stats (`baithak/…`).
"""
from __future__ import annotations

import hashlib
import logging
from datetime import datetime, timezone
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import DropItem
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread

from crawler.items import ArticleItem, SkippedItem
from pipelines import catalog, db, raw, work
from pipelines.skip import Skip
from pipelines.clean import clean as clean_page  # aliased: `pipelines.clean` stays the module
from pipelines.language import detect_language
from pipelines.store import Article, claim_run
from pipelines.writer import ArticleWrite, RunWrite, SkipWrite, Spool, Writer

log = logging.getLogger(__name__)


def dropped(skip: Skip) -> DropItem:
    """Scrapy drops an item by its DropItem; the Skip rides along for StorePipeline to count."""
    drop = DropItem(str(skip))
    drop.skip = skip
    return drop


class CleanPipeline:
    """clean → language → extract, off the reactor thread.

    With a process pool (`BAITHAK_WORKERS`, default one worker per core) the three stages run
    together in a worker process (`pipelines.work.process`, one round trip per page); the
    language and extract pipelines then find their fields filled and pass the item on.
    `BAITHAK_WORKERS=0` runs them in-process, one stage per pipeline (tests, debugging).
    """

    def __init__(self, min_chars: int, keep: list[str] | None = None, workers: int = 0):
        self.min_chars = min_chars
        self.keep = frozenset(keep or ["hi"])
        self.workers = workers
        self.pool: work.Pool | None = None

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        return cls(s.getint("BAITHAK_MIN_TEXT_CHARS"), s.getlist("BAITHAK_KEEP_LANGUAGES"),
                   s.getint("BAITHAK_WORKERS", work.default_workers()))

    def open_spider(self):
        if self.workers > 0:
            self.pool = work.Pool(self.workers)

    def close_spider(self):
        if self.pool is not None:
            self.pool.close()
            self.pool = None

    async def process_item(self, item):
        if not isinstance(item, ArticleItem):
            return item
        if self.pool is None:
            return self.clean(item)
        done = await self.pool.run(work.process, item.body, item.url, self.min_chars, self.keep)
        if done.error:
            log.error("extractor failed on %s\n%s", item.url, done.error)
        if done.skip:
            raise dropped(Skip(*done.skip))
        item.cleaned, item.language, item.extraction = done.cleaned, done.language, done.extraction
        return item

    def clean(self, item: ArticleItem) -> ArticleItem:
        try:
            item.cleaned = clean_page(item.body, item.url, self.min_chars)
        except Skip as exc:
            raise dropped(exc) from exc
        return item


class LanguagePipeline:
    def __init__(self, keep: list[str]):
        self.keep = set(keep)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.getlist("BAITHAK_KEEP_LANGUAGES"))

    def process_item(self, item):
        if isinstance(item, ArticleItem) and item.language is None:  # filled already by a worker process
            item.language = detect_language(item.cleaned.text)
            if item.language.code not in self.keep:
                raise dropped(Skip(f"language_{item.language.code}", f"p={item.language.probability}"))
        return item


class ExtractPipeline:
    def process_item(self, item):
        if isinstance(item, ArticleItem) and item.extraction is None:  # filled already by a worker process
            try:
                item.extraction = work.extract_page(item.cleaned, item.url)
            except Exception as exc:  # an extractor bug must not stop the crawl; the page is counted
                log.exception("extractor failed on %s", item.url)
                raise dropped(Skip("extract_error", repr(exc)[:200])) from exc
        return item


class StorePipeline:
    """Writes articles and skips off the reactor thread (`pipelines.writer`); records the crawl run.

    A database that cannot be reached at the start stops the crawl. Later, writes the database
    cannot take (gone, hung) are spooled on disk under `.baithak/spool/` and written once it is
    back, in this crawl or the next (`baithak/spooled`, `baithak/replayed` in the stats).
    """

    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.writer: Writer | None = None
        self.run_id: int | None = None
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self):
        try:
            url = db.database_url()
            with db.connect(url, autocommit=True) as conn:
                db.migrate(conn)
                self.run_id = conn.execute(
                    "INSERT INTO crawl_runs (spider, started_at) VALUES (%s, %s) RETURNING id",
                    (self.crawler.spider.name, datetime.now(timezone.utc))).fetchone()[0]
        except db.DatabaseUnavailable as exc:
            log.error("%s — nothing can be stored; stopping the crawl.", exc)
            self.stats.set_value("baithak/database_unavailable", 1)
            return
        self.run_lock = claim_run(self.run_id, self.crawler, url)  # closes runs killed earlier as 'killed' (store.py)
        settings = self.crawler.settings
        self.writer = Writer(lambda: db.connect(url, autocommit=True), Spool(spool_directory(url, settings)),
                             stored=on_reactor(self.stored), count=on_reactor(self.stats.inc_value),
                             hung_after=settings.getfloat("BAITHAK_DATABASE_HUNG_AFTER", 20.0),
                             retry_every=settings.getfloat("BAITHAK_DATABASE_RETRY_EVERY", 1.0),
                             linger=settings.getfloat("BAITHAK_WRITE_LINGER", 0.5))

    async def spider_opened(self, spider):
        """Without a database the crawl stops at once (after the core extensions have seen it open)."""
        if self.run_id is None:
            await self.crawler.engine.close_spider_async(reason="database_unavailable")

    async def process_item(self, item):
        if isinstance(item, SkippedItem):  # a download that failed: one line, as a dropped page has
            log.info("Skipped %s: %s", item.url, f"{item.reason}: {item.detail}" if item.detail else item.reason)
            self.count_skip(item.url, item.source, item.reason, item.detail)
        if not isinstance(item, ArticleItem):
            return item
        c = item.cleaned
        article = Article(url=item.url, canonical_url=c.canonical_url or item.url, text=c.text,
                          language=item.language.code, language_probability=item.language.probability,
                          fetched_at=item.fetched_at, source=item.source, title=c.title, author=c.author,
                          published=c.published, crawl_run_id=self.run_id, redirected_from=item.redirected_from)
        page = None
        if item.body is not None and self.crawler.settings.getint("BAITHAK_RAW_RETENTION_DAYS", 90) > 0:
            page = raw.RawPage(url=item.url, body=item.body, fetched_at=item.fetched_at, source=item.source,
                               status=item.status, etag=item.http.get("ETag"),
                               last_modified=item.http.get("Last-Modified"),
                               content_type=item.http.get("Content-Type"))
        item.body = None  # items leave the pipelines without raw bytes (feed exports: -O items.jsonl)
        wait = self.submit(ArticleWrite(article, item.extraction, page))
        if wait is not None:  # the database is slower than the crawl: the crawl waits for room
            await maybe_deferred_to_future(work.as_deferred(wait))
        return item

    def stored(self, write, article_id) -> None:
        """A write committed (called on the reactor thread, like every change to the stats)."""
        if isinstance(write, ArticleWrite):
            self.stats.inc_value("baithak/articles_stored")
            self.stats.inc_value("baithak/meetings_found", len(write.extraction.meetings))

    def item_dropped(self, item, response, exception, spider):
        skip = getattr(exception, "skip", None)
        if isinstance(skip, Skip) and isinstance(item, ArticleItem):
            self.count_skip(item.url, item.source, skip.reason, skip.detail)

    def count_skip(self, url: str, source: str | None, reason: str, detail: str) -> None:
        self.stats.inc_value(f"baithak/skipped/{reason}")
        backoff = self.crawler.settings.getfloat("BAITHAK_RETRY_BACKOFF", 3600.0)
        self.submit(SkipWrite(url, reason, detail, source, backoff))

    def submit(self, write):
        return self.writer.submit(write) if self.writer is not None else None

    async def spider_closed(self, spider, reason):
        """Wait (in a thread, the reactor stays free) for the writes, then record the run."""
        if self.writer is None:
            return
        await maybe_deferred_to_future(deferToThread(self.writer.flush))
        # The writer's counts reached the reactor before this line: the snapshot has them all.
        stats = {k: v for k, v in self.stats.get_stats().items() if isinstance(v, (int, float, str))}
        await maybe_deferred_to_future(deferToThread(self.finish, reason, stats))

    def finish(self, reason: str, stats: dict) -> None:
        writer, self.writer = self.writer, None
        writer.flush()
        # The run's end is a write like the others: spooled while the database is away.
        writer.submit(RunWrite(self.run_id, datetime.now(timezone.utc), reason, stats))
        days = self.crawler.settings.getint("BAITHAK_RAW_RETENTION_DAYS", 90)
        # A summary refresh not done in time keeps its pending changes: the next one applies them.
        timeout = self.crawler.settings.getfloat("BAITHAK_UPKEEP_TIMEOUT", 600.0)
        for what, action in (("raw page retention", lambda conn: raw.prune(conn, days)),
                             ("summary tables", catalog.refresh_summaries)):
            ok, detail = writer.call(action, timeout=timeout)
            if not ok:
                log.error("%s not stored: %s", what, detail)
        writer.close()
        left = len(writer.spool)
        if left:
            log.warning("%d writes wait in %s; the next crawl writes them", left, writer.spool.directory)


def on_reactor(fn):
    """`fn` called on the reactor thread, whichever thread calls the result (the stats are a plain dict)."""
    from twisted.internet import reactor

    return lambda *args: reactor.callFromThread(fn, *args)


def spool_directory(url: str, settings) -> Path:
    """Where writes wait for the database: one folder per database (host, port, name), under .baithak/spool."""
    base = settings.get("BAITHAK_SPOOL") or db.home() / "spool"
    return Path(base) / hashlib.sha256(db.redact(url).encode()).hexdigest()[:16]
