"""The one spider: discovers articles of every source in the sources file.

Discovery uses Scrapy's own machinery: its public sitemap parser
(`scrapy.utils.sitemap`: sitemaps, sitemap indexes, gzip, robots.txt
`Sitemap:` lines) with `sitemap_filter` for lastmod, feed entries read with
Scrapy selectors (their dates too), listing pages through a LinkExtractor with
pagination to a configured depth that stops at known articles or `-a since`.
Several workers share a crawl through Redis, overlapping runs are kept apart
by advisory locks (crawler/distributed.py). Every article page
becomes an ArticleItem; every page that cannot be one (HTTP error, too
large, binary, off-pattern) becomes a SkippedItem with its reason.
"""
from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable
from datetime import date, datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots
from twisted.python.failure import Failure

from crawler.guard import PrivateAddress, Refused
from crawler.items import ArticleItem, SkippedItem
from crawler.known import known_urls, validators
from crawler.sources import Source, load_sources


HTTP_KEPT = ("ETag", "Last-Modified", "Content-Type")  # stored with the raw page


URL_DATE = re.compile(r"/(20\d{2})[/-](\d{1,2})[/-](\d{1,2})/")  # a date in an article URL (/2024/03/14/)


class NewsSpider(Spider):
    name = "news"
    guarded = True  # crawler/guard.py: only the sources' origins, no private addresses unless allowed

    @classmethod
    def update_settings(cls, settings) -> None:
        super().update_settings(settings)
        slots = dict(settings.getdict("DOWNLOAD_SLOTS"))
        default = settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN")
        for source in load_sources(settings.get("BAITHAK_SOURCES") or None):
            slot = {"concurrency": source.concurrency or default,
                    **({"delay": source.download_delay} if source.download_delay is not None else {})}
            for domain in source.domains:
                slots.setdefault(domain, slot)
        settings.set("DOWNLOAD_SLOTS", slots, priority="spider")
        # Scrapy's HTTP/1.1 pool keeps at most CONCURRENT_REQUESTS_PER_DOMAIN idle connections per host:
        # below a source's concurrency, every request past that many opened a new connection. Every
        # source host has a slot of its own above (the guard lets no other host in), so raising it to
        # the largest concurrency changes no source's politeness.
        most = max([default, *(s.get("concurrency", default) for s in slots.values())])
        settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", most, priority="spider")  # a -s value stays
        if settings.get("USER_AGENT") is None or settings.getpriority("BAITHAK_CONTACT_URL") > settings.getpriority("USER_AGENT"):
            settings.set("USER_AGENT", user_agent(settings.get("BAITHAK_CONTACT_URL")), priority="spider")

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        # Before spider_opened, when OffsiteMiddleware reads allowed_domains.
        path = crawler.settings.get("BAITHAK_SOURCES") or None
        spider.sources = {s.name: s for s in load_sources(path, spider.only)}
        spider.allowed_domains = sorted({d for s in spider.sources.values() for d in s.domains})
        if crawler.settings.getbool("BAITHAK_ANY_URL"):  # `scrapy parse --any-url`: one page outside the sources
            spider.allowed_domains, spider.guarded = [], False
        return spider

    def __init__(self, source: str | None = None, refetch: str = "", since: str = "", *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.only = source  # one name, or several separated by commas
        self.refetch = refetch.lower() in {"1", "true", "yes"}
        try:
            self.since = date.fromisoformat(since) if since else None
        except ValueError:
            raise ValueError(f"-a since={since}: not a date (YYYY-MM-DD)") from None
        self.sources: dict[str, Source] = {}
        self.known: dict[str, datetime] = {}
        self.validators: dict[str, dict[str, str]] = {}  # URL → conditional request headers
        self.unchanged: set[str] = set()  # stored URLs not requested again, each counted once
        self.locked: set[str] = set()  # sources another run is crawling (crawler/distributed.py)

    async def start(self) -> AsyncIterator[Any]:
        from crawler.distributed import Coordination  # Redis (several workers) or advisory locks (one)

        self.coordination = Coordination.for_spider(self)
        if not self.coordination.push_start_requests():
            return  # another worker of this crawl pushed them; this one takes its work from the queue
        if self.settings.getbool("BAITHAK_INCREMENTAL") and not self.refetch:
            self.known = known_urls(self.logger)
            self.validators = validators(self.logger)
        callbacks = {"robots": self.parse_robots, "sitemap": self.parse_sitemap,
                     "feed": self.parse_feed, "listing": self.parse_listing}
        for source in self.sources.values():
            if not self.coordination.claim(source.name):
                self.locked.add(source.name)
                continue
            for entry in source.discovery:
                yield Request(entry.url, callback=callbacks[entry.type], errback=self.discovery_failed,
                              meta={"source": source.name, "pages_left": entry.pages - 1,
                                    **self.discovery_meta(entry.type)})

    # Discovery -------------------------------------------------------------

    def parse_robots(self, response: Response) -> Iterable[Request]:
        for url in sitemap_urls_from_robots(response.body, base_url=response.url):
            yield self.follow_discovery(response, url, self.parse_sitemap)

    def parse_sitemap(self, response: Response) -> Iterable[Request]:
        """A sitemap index (its sitemaps followed) or a URL set (its articles requested), gzipped or not."""
        body = sitemap_body(response)
        if body is None:
            self.logger.warning("not a sitemap: %s", response.url)
            return
        sitemap = Sitemap(body)
        entries = list(self.sitemap_filter(sitemap)) if sitemap.type == "urlset" else list(sitemap)
        for entry in entries:
            loc = (entry.get("loc") or "").strip()
            if not loc:
                continue
            if sitemap.type == "sitemapindex":
                yield self.follow_discovery(response, loc, self.parse_sitemap)
            elif sitemap.type == "urlset":
                yield from self.article_request(response, loc, changed=entry.get("_changed", False))

    def sitemap_filter(self, entries: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
        """Incremental crawls: a stored URL is fetched again only when its lastmod is newer; `since` drops older ones."""
        for entry in entries:
            lastmod = parse_lastmod(entry.get("lastmod"))
            if self.since and lastmod is not None and lastmod.date() < self.since:
                continue
            seen = self.known.get(entry.get("loc", ""))
            if seen is not None and lastmod is not None and lastmod > seen:
                entry["_changed"] = True
            yield entry

    def parse_feed(self, response: Response) -> Iterable[Request]:
        """RSS items and Atom entries: their link, and their date (pubDate, updated, published)."""
        for node in response.xpath("//item | //*[local-name()='entry']"):
            link = (node.xpath("./link/text()").get() or node.xpath("./*[local-name()='link']/@href").get() or "").strip()
            stamp = parse_feed_date(node.xpath("./pubDate/text() | ./*[local-name()='updated']/text()"
                                               " | ./*[local-name()='published']/text()").get())
            if not link or (self.since and stamp is not None and stamp.date() < self.since):
                continue
            seen = self.known.get(link)
            yield from self.article_request(response, link, changed=seen is not None and stamp is not None and stamp > seen)

    def parse_listing(self, response: Response) -> Iterable[Request]:
        """Article links, then the next pages, unless every article on this page is known or older than `since`."""
        source = self.source_of(response)
        if not isinstance(response, TextResponse):
            return
        # No allow_domains here: LinkExtractor compares it with host:port; OffsiteMiddleware keeps the crawl on them.
        articles = LinkExtractor(allow=source.article_pattern.pattern if source.article_pattern else ())
        links = [link.url for link in articles.extract_links(response)]
        for url in links:
            if not self.older_than_since(url):
                yield from self.article_request(response, url)
        if links and all(url in self.known or self.older_than_since(url) for url in links):
            self.crawler.stats.inc_value("baithak/listing_stopped")
            return  # nothing new here: older pages hold older articles
        pages_left = response.meta.get("pages_left", 0)
        if pages_left > 0 and source.pagination_pattern is not None:
            pagination = LinkExtractor(allow=source.pagination_pattern.pattern)
            for link in pagination.extract_links(response):
                yield Request(link.url, callback=self.parse_listing, errback=self.discovery_failed,
                              meta={"source": source.name, "pages_left": pages_left - 1})

    def older_than_since(self, url: str) -> bool:
        found = url_date(url)
        return bool(self.since and found and found < self.since)

    def follow_discovery(self, response: Response, url: str, callback) -> Request:
        return Request(url, callback=callback, errback=self.discovery_failed,
                       meta={"source": response.meta.get("source"), **self.discovery_meta("sitemap")})

    def discovery_meta(self, kind: str) -> dict[str, int]:
        """Sitemaps, robots.txt and feeds may be as large as the sitemap protocol allows (50 MB); articles keep DOWNLOAD_MAXSIZE."""
        if kind == "listing":
            return {}
        return {"download_maxsize": self.settings.getint("BAITHAK_SITEMAP_MAXSIZE")}

    def article_request(self, response: Response, url: str, changed: bool = False) -> Iterable[Request]:
        """A request for an article URL; a stored one only when its sitemap or feed date says it changed,
        then conditional (If-None-Match / If-Modified-Since: a 304 is counted as not modified)."""
        source = self.source_of(response)
        if not source.is_article(url):
            return
        headers = {}
        if url in self.known:
            if not changed:
                if url not in self.unchanged:  # each URL once, however many discovery pages link it
                    self.unchanged.add(url)
                    self.crawler.stats.inc_value("baithak/unchanged_skipped")
                    self.crawler.stats.inc_value(f"baithak/source/{source.name}/unchanged")
                return
            headers = self.validators.get(url, {})
        yield Request(url, callback=self.parse_article, errback=self.article_failed, headers=headers,
                      meta={"source": source.name, **({"handle_httpstatus_list": [304]} if headers else {})})

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
        if response.status == 304:  # conditional request: the stored article is current
            self.crawler.stats.inc_value("baithak/not_modified")
            return
        if not is_html(response):
            kind = (response.headers.get("Content-Type") or b"no content type").decode("latin-1")
            yield SkippedItem(response.url, source, "binary", kind)
            return
        yield ArticleItem(url=response.url, source=source, body=response.body,
                          fetched_at=datetime.now(timezone.utc), status=response.status,
                          redirected_from=list(response.meta.get("redirect_urls", [])),  # known next crawl
                          http={k: response.headers.get(k).decode("latin-1") for k in HTTP_KEPT
                                if response.headers.get(k)})

    def article_failed(self, failure: Failure) -> Iterable[SkippedItem]:
        request = failure.request
        linked = (request.meta.get("redirect_urls") or [request.url])[0]  # the URL the crawl will meet again
        yield SkippedItem(linked, request.meta.get("source"), *failure_reason(failure))

    def discovery_failed(self, failure: Failure) -> Iterable[SkippedItem]:
        reason, detail = failure_reason(failure)
        self.crawler.stats.inc_value(f"baithak/discovery_failed/{reason}")
        if failure.request.meta.get("source"):
            self.crawler.stats.inc_value(f"baithak/source/{failure.request.meta['source']}/errors")
        self.logger.warning("discovery page %s failed: %s %s", failure.request.url, reason, detail)
        if reason in GUARD_REASONS:  # a refused discovery link is a skipped page like a refused article
            yield SkippedItem(failure.request.url, failure.request.meta.get("source"), reason, detail)


def user_agent(contact: str | None) -> str:
    return f"baithak/0.1 (research crawler for Hindi political news; +{contact or 'https://example.org/baithak'})"


def sitemap_body(response: Response) -> bytes | None:
    """The XML of a sitemap response, gunzipped when it is gzip (within the request's size limit)."""
    body = response.body
    if body[:2] == b"\x1f\x8b":
        try:
            body = gunzip(body, max_size=response.meta.get("download_maxsize", 50 * 1024 * 1024))
        except Exception:  # noqa: BLE001 - corrupt or over the limit: not a sitemap we can read
            return None
    return body if b"<" in body[:1024] else None


def url_date(url: str) -> date | None:
    match = URL_DATE.search(url)
    try:
        return date(*map(int, match.groups())) if match else None
    except ValueError:
        return None


def parse_feed_date(value: str | None) -> datetime | None:
    """RFC 822 (RSS pubDate) or ISO 8601 (Atom), with a timezone."""
    if not value:
        return None
    value = value.strip()
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return parse_lastmod(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


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
