"""scrapy migrate: apply the SQL migrations in schemas/ to the database."""
from scrapy.exceptions import UsageError

from crawler.dbcommand import DatabaseCommand
from pipelines import db


class Command(DatabaseCommand):
    def syntax(self) -> str:
        return ""

    def short_desc(self) -> str:
        return "Apply the database migrations in schemas/ (DATABASE_URL or the embedded server)"

    def run_on(self, conn, applied, args, opts) -> None:
        if args:
            raise UsageError()
        print(f"{db.redact(conn.info.dsn)}: " + (f"applied {', '.join(applied)}" if applied else "schema up to date"))
