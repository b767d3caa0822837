"""Base of the custom scrapy commands that work on the database."""
from __future__ import annotations

import psycopg
from scrapy.commands import ScrapyCommand

from pipelines import db


class DatabaseCommand(ScrapyCommand):
    """A command on the database: migrated first; one error line and exit code 1 when it is unreachable."""

    requires_project = False
    default_settings = {"LOG_ENABLED": False}

    def run(self, args, opts) -> None:
        try:
            with db.connect(autocommit=True) as conn:
                applied = db.migrate(conn)
                self.run_on(conn, applied, args, opts)
        except db.DatabaseUnavailable as exc:
            print(f"error: {exc}")
            self.exitcode = 1

    def run_on(self, conn: psycopg.Connection, applied: list[str], args, opts) -> None:
        raise NotImplementedError
