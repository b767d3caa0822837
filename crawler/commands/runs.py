"""scrapy runs [--last N]: the last crawl runs with their per-source counts and flags."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table

from crawler.dbcommand import DatabaseCommand


class Command(DatabaseCommand):
    def syntax(self) -> str:
        return "[--last N]"

    def short_desc(self) -> str:
        return "List the last crawl runs: duration, finish reason, exit code, counts and flags per source"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--last", type=int, default=10, help="how many runs (10)")

    def run_on(self, conn, applied, args, opts) -> None:
        rows = conn.execute("""SELECT id, started_at, duration_s, finish_reason, exit_code, sources, flags
                                 FROM crawl_runs ORDER BY id DESC LIMIT %s""", (opts.last,)).fetchall()
        table = Table("run", "started (UTC)", "s", "finish", "exit", "source", "fetched", "kept",
                      "not mod.", "skipped", "errors", "meetings", "flags", title="Crawl runs")
        for run_id, started, duration, reason, code, sources, flags in rows:
            first = True
            for name, s in sorted((sources or {"—": {}}).items()):
                skipped = sum((s.get("skipped") or {}).values())
                cells = [str(s.get(k, "")) for k in ("fetched", "kept")]
                table.add_row(str(run_id) if first else "", f"{started:%Y-%m-%d %H:%M}" if first else "",
                              f"{duration:.0f}" if first and duration is not None else "",
                              (reason or "running") if first else "", "" if code is None or not first else str(code),
                              name, *cells, str(s.get("not_modified", 0) + s.get("unchanged", 0)) if s else "",
                              str(skipped) if s else "", str(s.get("errors", "")), str(s.get("meetings", "")),
                              ", ".join(s.get("flags") or []))
                first = False
        Console(width=None if Console().is_terminal else 160).print(table)
        if not rows:
            print("no crawl runs yet")
