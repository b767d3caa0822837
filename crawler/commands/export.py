"""scrapy export: the analyst views as CSV, JSON Lines, Parquet, or the co-attendance network as GraphML."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from scrapy.exceptions import UsageError

from crawler.dbcommand import DatabaseCommand
from pipelines.export import FORMATS, export


class Command(DatabaseCommand):
    def syntax(self) -> str:
        return "--format csv|jsonl|parquet|graphml [--since YYYY-MM-DD] [--organisation CODE] [--state NAME] --output DIR"

    def short_desc(self) -> str:
        return "Export meeting_facts, participation_facts, person_posts, co_attendance, source_health (or GraphML)"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--format", dest="fmt", choices=FORMATS, default="csv")
        parser.add_argument("--since", help="meetings held on or after this date")
        parser.add_argument("--organisation", help="one organisation code (BJP, INC, …)")
        parser.add_argument("--state", help="one state, in English (Bihar)")
        parser.add_argument("--output", help="the folder to write into")

    def run_on(self, conn, applied, args, opts) -> None:
        if args or not opts.output:
            raise UsageError("--output DIR is required")
        try:
            since = date.fromisoformat(opts.since) if opts.since else None
        except ValueError as exc:
            raise UsageError(f"--since: {exc}") from exc
        written = export(conn, opts.fmt, Path(opts.output), since, opts.organisation, opts.state)
        for name, rows in written.items():
            print(f"{Path(opts.output) / name}: {rows} {'edges' if name.endswith('.graphml') else 'rows'}")
