"""scrapy demo: serve the fixture news site, crawl it into the database, print the summary.

The site listens on 127.0.0.1:8765 and 8766 when those ports are free (so a
second demo sees the same URLs and leaves the same rows), else on free ports.
"""
from __future__ import annotations

import os
import socket
import sys

from crawler.dbcommand import DatabaseCommand
from crawler.sources import SourcesError, load_sources, read_file
from pipelines import db
from pipelines.summary import print_summary

DEMO_PORT = 8765
FIXTURE_SOURCES = "fixture-portal,fixture-daily"


def port_pair_free(port: int) -> bool:
    for candidate in (port, port + 1):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", candidate))
            except OSError:
                return False
    return True


class Command(DatabaseCommand):
    requires_project = True
    default_settings = {}  # the crawl logs its warnings

    def short_desc(self) -> str:
        return "Crawl the bundled fixture news site into the database and summarise what was stored"

    def process_options(self, args, opts) -> None:
        super().process_options(args, opts)
        # The fixture site is local and fast: no throttling, quiet log.
        self.settings.set("AUTOTHROTTLE_ENABLED", False, priority="cmdline")
        self.settings.set("LOG_LEVEL", "WARNING", priority="cmdline")

    def run(self, args, opts) -> None:
        try:  # a mistake in the sources file is said first, in one line, whatever the database does
            read_file(self.settings.get("BAITHAK_SOURCES") or None)
        except SourcesError as exc:
            print(f"error: {exc}", file=sys.stderr)
            self.exitcode = 1
            return
        super().run(args, opts)

    def run_on(self, conn, applied, args, opts) -> None:
        from crawler.fixture.server import serve  # the fixture site: crawler/fixture

        port = DEMO_PORT if port_pair_free(DEMO_PORT) else 0
        with serve(port=port) as site:
            os.environ.update(site.environment())
            try:  # the sources file in one line, not a traceback from inside the crawl
                load_sources(self.settings.get("BAITHAK_SOURCES") or None, FIXTURE_SOURCES)
            except SourcesError as exc:
                print(f"error: {exc}", file=sys.stderr)
                self.exitcode = 1
                return
            print(f"Fixture site: {site.base_urls['fixture-portal']} and {site.base_urls['fixture-daily']}")
            print(f"Database: {db.redact(conn.info.dsn)}\nCrawling …")
            self.crawler_process.crawl("news", source=FIXTURE_SOURCES)
            self.crawler_process.start()
        print_summary(conn)
