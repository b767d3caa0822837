"""Who crawls what: several workers of one crawl through Redis, or one process per source through locks.

* With `REDIS_URL` (scrapy-redis shares the queue and the seen-request filter), the first worker of a
  crawl id pushes the start requests (`SET … NX` on `baithak:news:<crawl id>:started`); the others
  take their work from the shared queue. A worker whose queue is empty does not stop at once: like
  scrapy-redis's RedisSpider it waits for work from the others until `BAITHAK_IDLE_TIMEOUT` seconds
  have passed without any, then stops. Every key of the crawl expires `BAITHAK_REDIS_TTL` seconds after
  the last activity of any worker.
* Without Redis, a PostgreSQL advisory lock per source (held by one connection for the whole crawl)
  keeps overlapping runs — a slow crawl and the next scheduled one — from crawling a source twice:
  the later run skips that source with a warning.
"""
from __future__ import annotations

import logging
import time

from scrapy import signals
from scrapy.exceptions import DontCloseSpider

log = logging.getLogger("baithak.distributed")

LOCK_SPACE = 0x6261  # the advisory-lock key space of source locks ("ba")


class Coordination:
    """One process, no Redis, no database: everything is ours."""

    def __init__(self, spider):
        self.spider = spider
        self.skipped: set[str] = set()
        self.pushed_start = True  # False: a worker that joined a crawl another worker started

    @classmethod
    def for_spider(cls, spider) -> "Coordination":
        coordination = (RedisCoordination if spider.settings.get("REDIS_URL") else LockCoordination)(spider)
        spider.crawler.signals.connect(coordination.spider_closed, signal=signals.spider_closed)
        spider.crawler.signals.connect(coordination.spider_idle, signal=signals.spider_idle)
        return coordination

    def push_start_requests(self) -> bool:
        return True

    def claim(self, source: str) -> bool:
        return True

    def spider_idle(self, spider) -> None:
        return None

    def spider_closed(self, spider, reason) -> None:
        return None


class LockCoordination(Coordination):
    def __init__(self, spider):
        super().__init__(spider)
        self.conn = None

    def claim(self, source: str) -> bool:
        from pipelines import db

        if self.conn is None:
            try:
                self.conn = db.connect(autocommit=True)
            except db.DatabaseUnavailable:
                return True  # the store reports the database; nothing to lock against
        got = self.conn.execute("SELECT pg_try_advisory_lock(%s, hashtext(%s))", (LOCK_SPACE, source)).fetchone()[0]
        if not got:
            log.warning("source %s skipped: another crawl of it is still running (advisory lock held)", source)
            self.skipped.add(source)
            self.spider.crawler.stats.inc_value(f"baithak/locked/{source}")
        return bool(got)

    def spider_closed(self, spider, reason) -> None:
        if self.conn is not None:
            self.conn.close()  # releases the session's locks


class RedisCoordination(Coordination):
    def __init__(self, spider):
        super().__init__(spider)
        import redis

        settings = spider.settings
        self.server = redis.Redis.from_url(settings.get("REDIS_URL"))
        self.crawl_id = settings.get("BAITHAK_CRAWL_ID") or "default"
        self.idle_timeout = settings.getfloat("BAITHAK_IDLE_TIMEOUT", 60.0)
        self.ttl = settings.getint("BAITHAK_REDIS_TTL", 3 * 24 * 3600)
        self.keys = [settings.get(name, "") % {"spider": spider.name}
                     for name in ("SCHEDULER_QUEUE_KEY", "SCHEDULER_DUPEFILTER_KEY")]
        self.started_key = f"baithak:{spider.name}:{self.crawl_id}:started"
        self.keys.append(self.started_key)
        self.last_activity = time.monotonic()
        for signal in (signals.response_received, signals.item_scraped, signals.request_scheduled):
            spider.crawler.signals.connect(self.active, signal=signal)

    def active(self, *args, **kwargs) -> None:
        self.last_activity = time.monotonic()

    def push_start_requests(self) -> bool:
        first = bool(self.server.set(self.started_key, self.spider.crawler.settings.get("BOT_NAME", "baithak"),
                                     nx=True, ex=self.ttl))
        self.pushed_start = first
        if not first:
            log.info("crawl %s already started by another worker: taking work from the shared queue", self.crawl_id)
        self.expire()
        return first

    def expire(self) -> None:
        for key in self.keys:
            self.server.expire(key, self.ttl)

    def spider_idle(self, spider) -> None:
        """Wait for the other workers' requests until the idle timeout passes without any activity."""
        self.expire()
        if time.monotonic() - self.last_activity < self.idle_timeout:
            raise DontCloseSpider

    def spider_closed(self, spider, reason) -> None:
        try:
            self.expire()
        except Exception as exc:  # noqa: BLE001 - Redis gone: the keys keep their last expiry
            log.warning("Redis keys of crawl %s not refreshed: %s", self.crawl_id, exc)
