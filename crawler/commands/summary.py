"""scrapy summary: the meetings stored and the totals of the last crawl."""
from scrapy.commands import ScrapyCommand

from pipelines import db
from pipelines.summary import print_summary


class Command(ScrapyCommand):
    requires_project = False
    default_settings = {"LOG_ENABLED": False}

    def short_desc(self) -> str:
        return "Print the stored meetings and the totals of the last crawl"

    def run(self, args, opts) -> None:
        try:
            with db.connect() as conn:
                db.migrate(conn)
                print_summary(conn)
        except db.DatabaseUnavailable as exc:
            print(f"error: {exc}")
            self.exitcode = 1
