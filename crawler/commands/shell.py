"""scrapy shell [URL|FILE]: Scrapy's shell with `show(response)` ready, and no database needed.

The project's item pipelines and run report are off in the shell: fetching a page opens no store,
so the shell works with the database down, and a shell session never needs an open crawl.
"""
from __future__ import annotations

from scrapy.commands.shell import Command as ScrapyShell

from pipelines.inspect import analyse, show


class Command(ScrapyShell):
    def process_options(self, args, opts) -> None:
        super().process_options(args, opts)
        offline(self.settings)

    def update_vars(self, vars) -> None:  # noqa: A002 - Scrapy's name
        vars["show"] = show          # show(response): the pipeline's view of the page, printed
        vars["analyse"] = analyse    # analyse(response): the same as a value


def offline(settings) -> None:
    """No store, no run report: the command looks at pages, it does not crawl into the database."""
    settings.set("ITEM_PIPELINES", {}, priority="cmdline")
    settings.set("BAITHAK_RUN_REPORT", False, priority="cmdline")
