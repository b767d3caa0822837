"""Scrapy item pipelines: each calls one plain function and counts what it drops.

clean → language → extract → store. A page that cannot be used is dropped
with a `Skip` carrying a short reason; StorePipeline records every skip in
`skipped_pages` and every count in the crawl's stats (`baithak/…`).
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone

import psycopg
from scrapy import signals
from scrapy.exceptions import DropItem
from scrapy.utils.defer import deferred_from_coro

from crawler.items import ArticleItem, SkippedItem
from pipelines import catalog, db, raw
from pipelines.clean import Unusable
from pipelines.clean import clean as clean_page  # aliased: `pipelines.clean` stays the module
from pipelines.extract import extract as extract_meetings
from pipelines.extract.model import Context
from pipelines.language import detect_language
from pipelines.store import Article, claim_run, record_skip
from pipelines.store import store as store_article

log = logging.getLogger(__name__)


class Skip(DropItem):
    """An article page dropped for a countable reason."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason} ({detail})" if detail else reason)
        self.reason = reason
        self.detail = detail


class CleanPipeline:
    def __init__(self, min_chars: int):
        self.min_chars = min_chars

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.getint("BAITHAK_MIN_TEXT_CHARS"))

    def process_item(self, item):
        if isinstance(item, ArticleItem):
            try:
                item.cleaned = clean_page(item.body, item.url, self.min_chars)
            except Unusable as exc:
                raise Skip(exc.reason, exc.detail) from exc
        return item


class LanguagePipeline:
    def __init__(self, keep: list[str]):
        self.keep = set(keep)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.getlist("BAITHAK_KEEP_LANGUAGES"))

    def process_item(self, item):
        if isinstance(item, ArticleItem):
            item.language = detect_language(item.cleaned.text)
            if item.language.code not in self.keep:
                raise Skip(f"language_{item.language.code}", f"p={item.language.probability}")
        return item


class ExtractPipeline:
    def process_item(self, item):
        if isinstance(item, ArticleItem):
            c = item.cleaned
            try:
                item.extraction = extract_meetings(c.text, Context(url=c.canonical_url or item.url,
                                                          published=c.published, title=c.title))
            except Exception as exc:  # an extractor bug must not stop the crawl; the page is counted
                log.exception("extractor failed on %s", item.url)
                raise Skip("extract_error", repr(exc)[:200]) from exc
        return item


class StorePipeline:
    """Writes articles and skips; records the crawl run. Owns the one connection."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.conn: psycopg.Connection | None = None
        self.run_id: int | None = None
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self):
        try:
            self.conn = db.connect(autocommit=True)
            db.migrate(self.conn)
        except db.DatabaseUnavailable as exc:
            log.error("%s — nothing can be stored; stopping the crawl.", exc)
            self.stats.set_value("baithak/database_unavailable", 1)
            return
        self.run_id = self.conn.execute(
            "INSERT INTO crawl_runs (spider, started_at) VALUES (%s, %s) RETURNING id",
            (self.crawler.spider.name, datetime.now(timezone.utc))).fetchone()[0]
        self.run_lock = claim_run(self.run_id, self.crawler)  # closes runs killed earlier as 'killed' (store.py)

    def spider_opened(self, spider):
        """Without a database the crawl stops at once (after the core extensions have seen it open)."""
        if self.run_id is None:
            return deferred_from_coro(self.crawler.engine.close_spider_async(reason="database_unavailable"))
        return None

    def process_item(self, item):
        if isinstance(item, SkippedItem):
            self.count_skip(item.url, item.source, item.reason, item.detail)
        if not isinstance(item, ArticleItem):
            return item
        c = item.cleaned
        article = Article(url=item.url, canonical_url=c.canonical_url or item.url, text=c.text,
                          language=item.language.code, language_probability=item.language.probability,
                          fetched_at=item.fetched_at, source=item.source, title=c.title, author=c.author,
                          published=c.published, crawl_run_id=self.run_id)
        stored: list[int] = []
        if self.write(lambda conn: stored.append(store_article(conn, article, item.extraction)), item.url):
            self.stats.inc_value("baithak/articles_stored")
            self.stats.inc_value("baithak/meetings_found", len(item.extraction.meetings))
            if item.body is not None and self.crawler.settings.getint("BAITHAK_RAW_RETENTION_DAYS", 90) > 0:
                page = raw.RawPage(url=item.url, body=item.body, fetched_at=item.fetched_at, source=item.source,
                                   status=item.status, etag=item.http.get("ETag"),
                                   last_modified=item.http.get("Last-Modified"),
                                   content_type=item.http.get("Content-Type"))
                self.write(lambda conn: raw.keep(conn, page, stored[0], self.run_id), item.url)
        item.body = None  # items leave the pipelines without raw bytes (feed exports: -O items.jsonl)
        return item

    def item_dropped(self, item, response, exception, spider):
        if isinstance(exception, Skip) and isinstance(item, ArticleItem):
            self.count_skip(item.url, item.source, exception.reason, exception.detail)

    def count_skip(self, url: str, source: str | None, reason: str, detail: str) -> None:
        self.stats.inc_value(f"baithak/skipped/{reason}")
        backoff = self.crawler.settings.getfloat("BAITHAK_RETRY_BACKOFF", 3600.0)
        self.write(lambda conn: record_skip(conn, url, reason, detail, source, backoff), url)

    def write(self, action, url: str) -> bool:
        """Run a write; a failure is logged and counted (a lost connection is reopened by the next write)."""
        if self.conn is None or self.conn.closed:
            try:
                self.conn = db.connect(autocommit=True)
            except db.DatabaseUnavailable as exc:
                self.database_error(url, exc)
                return False
        try:
            action(self.conn)
        except psycopg.OperationalError as exc:
            self.conn.close()
            self.database_error(url, exc)
            return False
        except psycopg.Error as exc:  # data the database refuses: this page only
            self.stats.inc_value("baithak/store_errors")
            log.error("not stored (refused by the database): %s: %s", url, db.first_line(exc))
            return False
        return True

    def database_error(self, url: str, exc: Exception) -> None:
        self.stats.inc_value("baithak/database_errors")
        log.error("not stored (database error, will be fetched again next crawl): %s: %s", url, db.first_line(exc))

    def spider_closed(self, spider, reason):
        if self.conn is None or self.conn.closed or self.run_id is None:
            return
        stats = {k: v for k, v in self.stats.get_stats().items() if isinstance(v, (int, float, str))}
        try:
            self.conn.execute(
                """UPDATE crawl_runs SET finished_at = %s, finish_reason = %s, stats = %s WHERE id = %s""",
                (datetime.now(timezone.utc), reason, psycopg.types.json.Jsonb(stats), self.run_id))
        except psycopg.OperationalError as exc:
            log.error("crawl statistics not stored: %s", db.first_line(exc))
        self.write(lambda conn: raw.prune(conn, self.crawler.settings.getint("BAITHAK_RAW_RETENTION_DAYS", 90)),
                   "raw_pages")  # retention of the stored raw pages
        self.write(catalog.refresh_summaries, "summary tables")
        self.conn.close()
