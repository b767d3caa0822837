"""scrapy summary: the meetings stored and the totals of the last crawl."""
from crawler.dbcommand import DatabaseCommand
from pipelines.summary import LIMIT, print_summary


class Command(DatabaseCommand):
    def short_desc(self) -> str:
        return "Print the stored meetings and the totals of the last crawl"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--limit", type=int, default=LIMIT,
                            help=f"meetings listed, earliest first ({LIMIT}; 0: all)")

    def run_on(self, conn, applied, args, opts) -> None:
        print_summary(conn, limit=opts.limit or None)
