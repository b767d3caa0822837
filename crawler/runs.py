"""Runs are recorded and judged: per-source counts, flags, one summary line per source, an exit code.

`RunReport` is a Scrapy extension connected to signals (no pipeline change needed). During the crawl
it counts per source, in the crawl's stats, under `baithak/source/<name>/<count>`:

    discovered    article requests scheduled (duplicates not counted)
    fetched       responses received (any status), `ok` those below 400
    not_modified  HTTP 304 to a conditional request, plus stored URLs not requested again (`unchanged`)
    kept          articles that passed every stage; `meetings` the meetings they held
    skipped/<r>   pages skipped for reason r
    errors        discovery pages that failed and spider errors

When the spider closes it writes them to the run's `crawl_runs` row (`sources`, `flags`, `duration_s`), flags a
source that failed (no page fetched), stored no new article, or whose error or skip rate is far
above its history, logs one line per source, and leaves `exit_code` for `scrapy crawl`:
0 all well, 1 every source failed or the database was unreachable, 3 some sources flagged.
"""
from __future__ import annotations

import logging
import time
from collections import defaultdict
from dataclasses import dataclass, field

from scrapy import signals
from twisted.internet import task

log = logging.getLogger("baithak.runs")

PREFIX = "baithak/source/"
EXIT_OK, EXIT_FAILED, EXIT_FLAGGED = 0, 1, 3
HISTORY_RUNS = 10  # earlier runs a rate is compared with
MIN_HISTORY = 3    # fewer: no rate flag
COUNTS = ("discovered", "fetched", "ok", "not_modified", "unchanged", "kept", "meetings", "errors")


@dataclass
class SourceReport:
    name: str
    counts: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)

    def get(self, key: str) -> int:
        return int(self.counts.get(key, 0))

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())

    @property
    def error_rate(self) -> float:
        return self.get("errors") / max(1, self.get("fetched") + self.get("errors"))

    @property
    def skip_rate(self) -> float:
        return self.skipped_total / max(1, self.get("kept") + self.skipped_total)

    @property
    def failed(self) -> bool:
        return self.get("ok") == 0

    def to_json(self) -> dict:
        return {**{k: self.get(k) for k in COUNTS}, "skipped": dict(sorted(self.skipped.items())),
                "error_rate": round(self.error_rate, 3), "skip_rate": round(self.skip_rate, 3),
                "flags": self.flags}

    def line(self) -> str:
        skipped = ", ".join(f"{r} {n}" for r, n in sorted(self.skipped.items()))
        text = (f"source {self.name}: {self.get('discovered')} discovered, {self.get('fetched')} fetched, "
                f"{self.get('not_modified') + self.get('unchanged')} not modified, {self.get('kept')} kept, "
                f"{self.skipped_total} skipped" + (f" ({skipped})" if skipped else "")
                + f", {self.get('errors')} errors, {self.get('meetings')} meetings")
        return text + (f" — FLAGGED: {', '.join(self.flags)}" if self.flags else " — ok")


def reports_from_stats(stats: dict, names: list[str]) -> dict[str, SourceReport]:
    reports = {name: SourceReport(name) for name in names}
    for key, value in stats.items():
        if not key.startswith(PREFIX) or not isinstance(value, (int, float)):
            continue
        name, _, what = key[len(PREFIX):].partition("/")
        report = reports.setdefault(name, SourceReport(name))
        if what.startswith("skipped/"):
            report.skipped[what.split("/", 1)[1]] = int(value)
        else:
            report.counts[what] = int(value)
    return reports


def judge(report: SourceReport, history: list[dict]) -> list[str]:
    """The flags of one source's run, given its earlier runs' `sources` entries (newest first)."""
    flags = []
    if report.failed:
        flags.append("failed")
    elif report.get("kept") == 0:
        flags.append("no_new_articles")
    if len(history) >= MIN_HISTORY and not report.failed:
        for rate, value in (("error_rate", report.error_rate), ("skip_rate", report.skip_rate)):
            usual = sum(float(h.get(rate, 0)) for h in history) / len(history)
            if value >= 0.1 and value > max(2 * usual, usual + 0.2):
                flags.append(f"{rate}_high ({value:.0%}, usually {usual:.0%})")
    return flags


def exit_code(reports: dict[str, SourceReport], database_unavailable: bool) -> int:
    if database_unavailable or (reports and all(r.failed for r in reports.values())):
        return EXIT_FAILED
    return EXIT_FLAGGED if any(r.flags for r in reports.values()) else EXIT_OK


class RunReport:
    """The extension (EXTENSIONS in crawler/settings.py); acts only for spiders that declare `sources`."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.enabled = crawler.settings.getbool("BAITHAK_RUN_REPORT", True)
        self.interval = crawler.settings.getfloat("BAITHAK_PROGRESS_INTERVAL", 60.0)
        self.started = time.monotonic()
        self.reports: dict[str, SourceReport] = {}
        self.exit_code = EXIT_OK
        self.reason: str | None = None
        self.progress: task.LoopingCall | None = None
        self.last_progress: dict[str, tuple[int, int]] = defaultdict(lambda: (0, 0))
        crawler.run_report = self  # for the crawl command
        for handler, signal in ((self.spider_opened, signals.spider_opened),
                                (self.spider_closed, signals.spider_closed),
                                (self.request_scheduled, signals.request_scheduled),
                                (self.request_dropped, signals.request_dropped),
                                (self.response_received, signals.response_received),
                                (self.item_scraped, signals.item_scraped),
                                (self.item_dropped, signals.item_dropped),
                                (self.spider_error, signals.spider_error)):
            crawler.signals.connect(handler, signal=signal)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def active(self, spider) -> bool:
        return self.enabled and hasattr(spider, "sources")

    def inc(self, source: str | None, what: str, count: int = 1) -> None:
        if source:
            self.stats.inc_value(f"{PREFIX}{source}/{what}", count)

    # counting ---------------------------------------------------------------

    def spider_opened(self, spider):
        if not self.active(spider):
            return
        for name in spider.sources:
            for what in ("discovered", "fetched", "ok", "kept", "errors"):
                self.stats.set_value(f"{PREFIX}{name}/{what}", 0)
        if self.interval > 0:
            self.progress = task.LoopingCall(self.log_progress, spider)
            self.progress.start(self.interval, now=False)

    def request_scheduled(self, request, spider):
        if self.active(spider) and request.callback == getattr(spider, "parse_article", None):
            self.inc(request.meta.get("source"), "discovered")

    def request_dropped(self, request, spider):
        if self.active(spider) and request.callback == getattr(spider, "parse_article", None):
            self.inc(request.meta.get("source"), "discovered", -1)

    def response_received(self, response, request, spider):
        if not self.active(spider):
            return
        source = request.meta.get("source")
        self.inc(source, "fetched")
        if response.status < 400:
            self.inc(source, "ok")
        if response.status == 304:
            self.inc(source, "not_modified")

    def item_scraped(self, item, response, spider):
        if not self.active(spider):
            return
        reason = getattr(item, "reason", None)
        if reason:
            self.inc(getattr(item, "source", None), f"skipped/{reason}")
            return
        source = getattr(item, "source", None)
        self.inc(source, "kept")
        extraction = getattr(item, "extraction", None)
        self.inc(source, "meetings", len(getattr(extraction, "meetings", None) or ()))

    def item_dropped(self, item, response, exception, spider):
        if self.active(spider):
            self.inc(getattr(item, "source", None), f"skipped/{getattr(exception, 'reason', 'dropped')}")

    def spider_error(self, failure, response, spider):
        if self.active(spider):
            self.inc(response.meta.get("source") if response is not None else None, "errors")

    def log_progress(self, spider) -> None:
        """One line per source per interval: pages and items per minute, the queue's size."""
        queued = self.queue_size()
        for name in spider.sources:
            fetched = int(self.stats.get_value(f"{PREFIX}{name}/fetched", 0))
            items = int(self.stats.get_value(f"{PREFIX}{name}/kept", 0)) + sum(
                int(v) for k, v in self.stats.get_stats().items()
                if k.startswith(f"{PREFIX}{name}/skipped/") and isinstance(v, (int, float)))
            last_fetched, last_items = self.last_progress[name]
            self.last_progress[name] = (fetched, items)
            per_minute = 60.0 / self.interval
            log.info("progress %s: %.0f pages/min, %.0f items/min, %d pages and %d items so far, queue %s",
                     name, (fetched - last_fetched) * per_minute, (items - last_items) * per_minute,
                     fetched, items, "?" if queued is None else queued)

    def queue_size(self) -> int | None:
        scheduler = getattr(self.crawler.engine, "scheduler", None)
        try:
            return len(scheduler) if scheduler is not None else None
        except Exception:  # noqa: BLE001 - a queue that cannot say its size (Redis down …)
            return None

    # judging ----------------------------------------------------------------

    def spider_closed(self, spider, reason):
        """Judge each source against its history, log one line per source, record it in the run's row."""
        if self.progress is not None and self.progress.running:
            self.progress.stop()
        if not self.active(spider):
            return
        self.reason = reason
        self.stats.set_value("baithak/duration_s", round(time.monotonic() - self.started, 3))
        locked = getattr(spider, "locked", set())
        self.reports = {name: report for name, report in
                        reports_from_stats(self.stats.get_stats(), list(spider.sources)).items() if name not in locked}
        if not getattr(getattr(spider, "coordination", None), "pushed_start", True):
            # A worker that joined another's crawl answers only for the sources it got work of.
            self.reports = {n: r for n, r in self.reports.items() if r.get("fetched") or r.get("errors")}
            if not self.reports:
                log.warning("this worker got no work from the shared queue (crawl started by another worker)")
        unavailable = reason == "database_unavailable" or bool(self.stats.get_value("baithak/database_unavailable"))
        history: dict[str, list[dict]] = {}
        conn = None
        if not unavailable:
            from pipelines import db

            try:
                conn = db.connect(autocommit=True)
                history = self.history(conn)
            except db.DatabaseUnavailable as exc:
                log.error("run not judged against its history: %s", exc)
        for report in self.reports.values():
            report.flags = judge(report, history.get(report.name, []))
            (log.warning if report.flags else log.info)("%s", report.line())
        self.exit_code = exit_code(self.reports, unavailable)
        if unavailable:
            log.error("run failed: the database was unreachable")
        elif self.exit_code == EXIT_FAILED:
            log.error("run failed: every source failed")
        if conn is not None:
            self.record(conn)
            conn.close()

    def run_id(self) -> int | None:
        """The run's crawl_runs row, inserted by the store pipeline when the spider opened."""
        itemproc = getattr(getattr(self.crawler.engine, "scraper", None), "itemproc", None)
        for pipeline in getattr(itemproc, "middlewares", ()):
            if isinstance(getattr(pipeline, "run_id", None), int):
                return pipeline.run_id
        return None

    def history(self, conn) -> dict[str, list[dict]]:
        found: dict[str, list[dict]] = defaultdict(list)
        rows = conn.execute("""SELECT sources FROM crawl_runs WHERE sources <> '{}'
                                   AND id <> coalesce(%s, -1)
                                ORDER BY id DESC LIMIT %s""", (self.run_id(), HISTORY_RUNS * 10)).fetchall()
        for (sources,) in rows:
            for name, entry in (sources or {}).items():
                if name in self.reports and len(found[name]) < HISTORY_RUNS:
                    found[name].append(entry)
        return found

    def record(self, conn) -> None:
        import psycopg

        flags = [f"{r.name}:{f.split(' ')[0]}" for r in self.reports.values() for f in r.flags]
        run_id = self.run_id()
        if run_id is None:
            log.warning("run report not stored: no crawl_runs row for this run")
            return
        try:
            conn.execute("""UPDATE crawl_runs SET sources = %s, flags = %s, duration_s = %s, exit_code = %s
                             WHERE id = %s""",
                         (psycopg.types.json.Jsonb({n: r.to_json() for n, r in self.reports.items()}), flags,
                          self.stats.get_value("baithak/duration_s"), self.exit_code, run_id))
        except psycopg.Error as exc:
            log.error("run report not stored: %s", str(exc).strip().splitlines()[0])
