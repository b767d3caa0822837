"""scrapy migrate: apply the SQL migrations in schemas/ to the database."""
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from pipelines import db


class Command(ScrapyCommand):
    requires_project = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return ""

    def short_desc(self) -> str:
        return "Apply the database migrations in schemas/ (DATABASE_URL or the embedded server)"

    def run(self, args, opts) -> None:
        if args:
            raise UsageError()
        try:
            with db.connect() as conn:
                applied = db.migrate(conn)
                url = db.redact(conn.info.dsn)
        except db.DatabaseUnavailable as exc:
            print(f"error: {exc}")
            self.exitcode = 1
            return
        print(f"{url}: " + (f"applied {', '.join(applied)}" if applied else "schema up to date"))
