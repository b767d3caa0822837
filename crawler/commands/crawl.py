"""scrapy crawl news: Scrapy's crawl, with one line per source at the end and an exit code to alert on.

Exit codes: 0 all well; 1 every source failed, the database was unreachable or the configuration is
wrong (one line naming the file and key); 3 some sources were flagged (crawler/runs.py).
"""
from __future__ import annotations

import sys
from datetime import date

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from crawler.runs import EXIT_FAILED
from crawler.sources import SourcesError
from pipelines import work


class Command(ScrapyCrawl):
    def run(self, args, opts) -> None:
        if len(args) != 1:
            raise UsageError("give one spider: scrapy crawl news")
        since = opts.spargs.get("since")
        try:
            date.fromisoformat(since) if since else None
        except ValueError:
            print(f"error: -a since={since}: not a date (YYYY-MM-DD)", file=sys.stderr)
            self.exitcode = EXIT_FAILED
            return
        if self.settings.getint("BAITHAK_WORKERS", work.default_workers()) > 0:
            work.start_fork_server()  # the workers' fork server warms up while Scrapy starts
        try:
            crawler = self.crawler_process.create_crawler(args[0])
            self.crawler_process.crawl(crawler, **opts.spargs)
        except SourcesError as exc:
            print(f"error: {exc}", file=sys.stderr)
            self.exitcode = EXIT_FAILED
            return
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = EXIT_FAILED
            return
        report = getattr(crawler, "run_report", None)
        if report is None or report.reason is None:
            return
        for source in report.reports.values():
            print(source.line())
        self.exitcode = report.exit_code
