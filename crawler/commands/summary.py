"""scrapy summary: the meetings stored and the totals of the last crawl."""
from crawler.dbcommand import DatabaseCommand
from pipelines.summary import print_summary


class Command(DatabaseCommand):
    def short_desc(self) -> str:
        return "Print the stored meetings and the totals of the last crawl"

    def run_on(self, conn, applied, args, opts) -> None:
        print_summary(conn)
