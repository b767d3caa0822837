"""scrapy db up|down|url|refresh: the database for other clients (psql, pandas, DBeaver …).

`up` keeps the embedded server running after the command exits (a keeper
process holds it) and prints its connection string; `down` releases it (the
server stops when no crawl or shell still uses it); `url` prints the
connection string (`--reader` for the read-only role baithak_reader);
`refresh` recomputes the summary tables. With DATABASE_URL set, up and down
have nothing to do and url prints it.
"""
from __future__ import annotations

import os

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from pipelines import access, db


class Command(ScrapyCommand):
    requires_project = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "up|down|url|refresh [--reader]"

    def short_desc(self) -> str:
        return "Keep the embedded database up for other clients, stop it, print its URL, refresh summaries"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--reader", action="store_true", help="the URL of the read-only role baithak_reader")

    def run(self, args, opts) -> None:
        if len(args) != 1 or args[0] not in ("up", "down", "url", "refresh"):
            raise UsageError()
        from pipelines import keeper

        external = bool(os.environ.get("DATABASE_URL"))
        try:
            if args[0] == "down":
                if external:
                    print("DATABASE_URL is set: that server is not managed here")
                elif keeper.stop():
                    print("embedded server released (it stops when no other process uses it)")
                else:
                    print("the embedded server was not kept up")
                return
            if args[0] == "up" and not external:
                keeper.start()
            with db.connect(autocommit=True) as conn:
                db.migrate(conn)
                if args[0] == "refresh":
                    from pipelines import catalog

                    catalog.refresh_summaries(conn)
                    print("summary tables refreshed")
                    return
                url = access.current_url()
                if opts.reader:
                    url = access.reader_url(conn, url)
            print(url)
            if args[0] == "url" and not external and not keeper.running():
                print("# the embedded server stops when no process uses it: `scrapy db up` keeps it running")
        except db.DatabaseUnavailable as exc:
            print(f"error: {exc}")
            self.exitcode = 1
