"""scrapy extract URL_OR_FILE [--json] [--url URL] [--published YYYY-MM-DD]

What the pipeline makes of one live page, saved HTML file or plain-text file.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from scrapy import Request, Spider
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from pipelines.inspect import analyse_html, analyse_text, print_analysis


class Command(ScrapyCommand):
    requires_project = False
    default_settings = {"LOG_LEVEL": "WARNING"}

    def syntax(self) -> str:
        return "URL_OR_FILE [--json] [--url URL] [--published YYYY-MM-DD]"

    def short_desc(self) -> str:
        return "Show the cleaned text, language and meeting facts of one page or text file"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--json", action="store_true", help="print the extraction as JSON (gold format)")
        parser.add_argument("--url", help="the page's URL, for a file (context for the extractor)")
        parser.add_argument("--published", type=date.fromisoformat, help="publication date, YYYY-MM-DD")

    def run(self, args, opts) -> None:
        if len(args) != 1:
            raise UsageError()
        target = args[0]
        if target.startswith(("http://", "https://")):
            body = self.fetch(target)
            analysis = analyse_html(body, target, opts.published)
        else:
            path = Path(target)
            if not path.is_file():
                raise UsageError(f"no such file: {target}")
            data = path.read_bytes()
            if path.suffix.lower() in {".html", ".htm"} or data.lstrip()[:1] == b"<":
                analysis = analyse_html(data, opts.url, opts.published)
            else:
                analysis = analyse_text(data.decode("utf-8", errors="replace"), opts.url, opts.published)
        print_analysis(analysis, opts.json)

    def fetch(self, url: str) -> bytes:
        """Download with the project's settings (robots.txt, user agent) through Scrapy."""
        bodies: list[bytes] = []

        class PageSpider(Spider):
            name = "extract-page"
            custom_settings = {"ITEM_PIPELINES": {}, "BAITHAK_RUN_REPORT": False}  # no database needed

            async def start(self):
                yield Request(url, callback=lambda response: bodies.append(response.body), dont_filter=True)

        self.crawler_process.crawl(PageSpider)
        self.crawler_process.start()
        if not bodies:
            raise UsageError(f"could not fetch {url} (see the log above)")
        return bodies[0]
