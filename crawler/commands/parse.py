"""scrapy parse URL: Scrapy's parse, with a readable item and no database.

An article item is shown as the pipeline sees it — URL, source, title, date, language, meetings with
their participants — never its raw bytes. `--any-url` parses a URL that belongs to no source (the
news spider's off-site filter and guard then let it through); without `--spider` the news spider
and its `parse_article` callback are used.
"""
from __future__ import annotations

from scrapy.commands.parse import Command as ScrapyParse
from scrapy.utils import display

from crawler.commands.shell import offline
from crawler.items import ArticleItem


class Command(ScrapyParse):
    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--any-url", action="store_true",
                            help="accept a URL outside the sources (no off-site filter, no guard)")

    def process_options(self, args, opts) -> None:
        super().process_options(args, opts)
        if not opts.pipelines:
            offline(self.settings)
        if opts.any_url:
            self.settings.set("BAITHAK_ANY_URL", True, priority="cmdline")
        if not opts.spider and not opts.rules:
            opts.spider = "news"
            opts.callback = opts.callback or "parse_article"

    def print_items(self, lvl=None, colour=True) -> None:
        items = [i for lst in self.items.values() for i in lst] if lvl is None else self.items.get(lvl, [])
        print("# Scraped Items ", "-" * 60)
        display.pprint([readable(item) for item in items], colorize=colour)


def readable(item) -> dict:
    """An item as a dict without bytes; an article with what the pipeline extracts from it."""
    if not isinstance(item, ArticleItem):
        return {k: v for k, v in vars(item).items() if not isinstance(v, bytes)} if hasattr(item, "__dict__") else item
    from pipelines.inspect import analyse_html

    shown = {"url": item.url, "source": item.source, "status": item.status, "http": item.http}
    if item.body is not None:
        shown.update(analyse_html(item.body, item.url).to_json())
        shown["url"] = item.url
    return shown
