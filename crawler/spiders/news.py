"""The one spider: discovers articles of every source in the sources file.

Discovery uses Scrapy's own machinery: SitemapSpider's sitemap and sitemap
index parsing (gzip, robots.txt `Sitemap:` lines, `sitemap_filter` for
lastmod), feed entries read with Scrapy selectors, listing pages through a
LinkExtractor with pagination to a configured depth. Every article page
becomes an ArticleItem; every page that cannot be one (HTTP error, too
large, binary, off-pattern) becomes a SkippedItem with its reason.
"""
from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.spiders import SitemapSpider
from scrapy.utils.sitemap import sitemap_urls_from_robots
from twisted.python.failure import Failure

from crawler.guard import PrivateAddress, Refused
from crawler.items import ArticleItem, SkippedItem
from crawler.known import known_urls
from crawler.sources import Source, load_sources


HTTP_KEPT = ("ETag", "Last-Modified", "Content-Type")  # stored with the raw page


class NewsSpider(SitemapSpider):
    name = "news"
    guarded = True  # crawler/guard.py: only the sources' origins, no private addresses unless allowed

    @classmethod
    def update_settings(cls, settings) -> None:
        super().update_settings(settings)
        slots = dict(settings.getdict("DOWNLOAD_SLOTS"))
        for source in load_sources(settings.get("BAITHAK_SOURCES") or None):
            slot = {k: v for k, v in (("delay", source.download_delay),
                                      ("concurrency", source.concurrency)) if v is not None}
            for domain in source.domains if slot else ():
                slots.setdefault(domain, slot)
        settings.set("DOWNLOAD_SLOTS", slots, priority="spider")

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        # Before spider_opened, when OffsiteMiddleware reads allowed_domains.
        path = crawler.settings.get("BAITHAK_SOURCES") or None
        spider.sources = {s.name: s for s in load_sources(path, spider.only)}
        spider.allowed_domains = sorted({d for s in spider.sources.values() for d in s.domains})
        return spider

    def __init__(self, source: str | None = None, refetch: str = "", *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.only = source  # one name, or several separated by commas
        self.refetch = refetch.lower() in {"1", "true", "yes"}
        self.sources: dict[str, Source] = {}
        self.known: dict[str, datetime] = {}

    async def start(self) -> AsyncIterator[Any]:
        if self.settings.getbool("BAITHAK_INCREMENTAL") and not self.refetch:
            self.known = known_urls(self.logger)
        callbacks = {"robots": self.parse_robots, "sitemap": self.parse_sitemap,
                     "feed": self.parse_feed, "listing": self.parse_listing}
        for source in self.sources.values():
            for entry in source.discovery:
                yield Request(entry.url, callback=callbacks[entry.type], errback=self.discovery_failed,
                              meta={"source": source.name, "pages_left": entry.pages - 1,
                                    **self.discovery_meta(entry.type)})

    # Discovery -------------------------------------------------------------

    def parse_robots(self, response: Response) -> Iterable[Request]:
        for url in sitemap_urls_from_robots(response.body, base_url=response.url):
            yield self.follow_discovery(response, url, self.parse_sitemap)

    def parse_sitemap(self, response: Response) -> Iterable[Request]:
        """Scrapy's sitemap parsing; its requests re-routed to this source."""
        for request in self._parse_sitemap(response):
            if request.callback == self._parse_sitemap:
                yield self.follow_discovery(response, request.url, self.parse_sitemap)
            else:
                yield from self.article_request(response, request.url)

    def sitemap_filter(self, entries: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
        """Incremental crawls: a stored URL is fetched again only when its lastmod is newer."""
        for entry in entries:
            seen = self.known.get(entry.get("loc", ""))
            lastmod = parse_lastmod(entry.get("lastmod"))
            if seen is None or (lastmod is not None and lastmod > seen):
                self.known.pop(entry.get("loc", ""), None)
                yield entry
            else:
                self.crawler.stats.inc_value("baithak/unchanged_skipped")

    def parse_feed(self, response: Response) -> Iterable[Request]:
        links = response.xpath("//item/link/text() | //*[local-name()='entry']/*[local-name()='link']/@href")
        for link in links.getall():
            yield from self.article_request(response, link.strip())

    def parse_listing(self, response: Response) -> Iterable[Request]:
        source = self.source_of(response)
        if not isinstance(response, TextResponse):
            return
        # No allow_domains here: LinkExtractor compares it with host:port; OffsiteMiddleware keeps the crawl on them.
        articles = LinkExtractor(allow=source.article_pattern.pattern if source.article_pattern else ())
        for link in articles.extract_links(response):
            yield from self.article_request(response, link.url)
        pages_left = response.meta.get("pages_left", 0)
        if pages_left > 0 and source.pagination_pattern is not None:
            pagination = LinkExtractor(allow=source.pagination_pattern.pattern)
            for link in pagination.extract_links(response):
                yield Request(link.url, callback=self.parse_listing, errback=self.discovery_failed,
                              meta={"source": source.name, "pages_left": pages_left - 1})

    def follow_discovery(self, response: Response, url: str, callback) -> Request:
        return Request(url, callback=callback, errback=self.discovery_failed,
                       meta={"source": response.meta.get("source"), **self.discovery_meta("sitemap")})

    def discovery_meta(self, kind: str) -> dict[str, int]:
        """Sitemaps, robots.txt and feeds may be as large as the sitemap protocol allows (50 MB); articles keep DOWNLOAD_MAXSIZE."""
        if kind == "listing":
            return {}
        return {"download_maxsize": self.settings.getint("BAITHAK_SITEMAP_MAXSIZE")}

    def article_request(self, response: Response, url: str) -> Iterable[Request]:
        source = self.source_of(response)
        if not source.is_article(url):
            return
        if url in self.known:
            self.crawler.stats.inc_value("baithak/unchanged_skipped")
            return
        yield Request(url, callback=self.parse_article, errback=self.article_failed,
                      meta={"source": source.name})

    def source_of(self, response: Response) -> Source:
        return self.sources[response.meta["source"]]

    def source_for_url(self, url: str) -> str | None:
        """The source an article URL belongs to, for pages fetched outside discovery (`scrapy parse`)."""
        host = urlsplit(url).hostname or ""
        for source in self.sources.values():
            if any(host == d or host.endswith("." + d) for d in source.domains) and source.is_article(url):
                return source.name
        return None

    # Articles --------------------------------------------------------------

    def parse_article(self, response: Response) -> Iterable[ArticleItem | SkippedItem]:
        source = response.meta.get("source") or self.source_for_url(response.url)
        if not is_html(response):
            kind = (response.headers.get("Content-Type") or b"no content type").decode("latin-1")
            yield SkippedItem(response.url, source, "binary", kind)
            return
        yield ArticleItem(url=response.url, source=source, body=response.body,
                          fetched_at=datetime.now(timezone.utc), status=response.status,
                          http={k: response.headers.get(k).decode("latin-1") for k in HTTP_KEPT
                                if response.headers.get(k)})

    def article_failed(self, failure: Failure) -> Iterable[SkippedItem]:
        request = failure.request
        linked = (request.meta.get("redirect_urls") or [request.url])[0]  # the URL the crawl will meet again
        yield SkippedItem(linked, request.meta.get("source"), *failure_reason(failure))

    def discovery_failed(self, failure: Failure) -> Iterable[SkippedItem]:
        reason, detail = failure_reason(failure)
        self.crawler.stats.inc_value(f"baithak/discovery_failed/{reason}")
        self.logger.warning("discovery page %s failed: %s %s", failure.request.url, reason, detail)
        if reason in GUARD_REASONS:  # a refused discovery link is a skipped page like a refused article
            yield SkippedItem(failure.request.url, failure.request.meta.get("source"), reason, detail)


def is_html(response: Response) -> bool:
    """By the Content-Type the server sent; Scrapy's response class also trusts the URL's suffix."""
    kind = (response.headers.get("Content-Type") or b"").lower()
    if kind:
        return b"html" in kind or b"xml" in kind or b"text/plain" in kind
    return isinstance(response, TextResponse) and b"\x00" not in response.body[:1024]


GUARD_REASONS = {"offsite", "private_address", "offsite_redirect"}


def failure_reason(failure: Failure) -> tuple[str, str]:
    """A short reason code and a detail for a failed request."""
    response = getattr(failure.value, "response", None)
    if response is not None:
        return f"http_{response.status}", ""
    message = str(failure.value)
    if failure.check(Refused):
        return failure.value.reason, failure.value.detail[:200]
    if failure.check(PrivateAddress):
        return "private_address", message.removeprefix("DNS lookup failed: ")[:200]
    if "max redirections" in message:
        return "redirect_loop", message[:200]
    if "larger than" in message or "max size" in message.lower() or "DOWNLOAD_MAXSIZE" in message:
        return "too_large", message[:200]
    name = failure.type.__name__.lower()
    if "timeout" in name or "timedout" in name:
        return "timeout", message[:200]
    if name == "downloadcancellederror" and not message:  # the download handler cancels only over DOWNLOAD_MAXSIZE
        return "too_large", "cancelled over the download size limit"
    return name, message[:200]


def parse_lastmod(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
