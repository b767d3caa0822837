"""AutoThrottle per source: a source with `autothrottle = false` keeps the delay and concurrency it states.

Scrapy's AutoThrottle adapts a download slot's delay to the server's latency and never lets it fall
below DOWNLOAD_DELAY, which makes a source's `download_delay = 0` meaningless. This downloader
middleware marks every request to such a source's hosts — robots.txt included — with
`autothrottle_dont_adjust_delay`, so AutoThrottle leaves that slot alone; other sources keep it.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from crawler.sources import load_sources


class SourceThrottleMiddleware:
    def __init__(self, unthrottled: set[str]):
        self.unthrottled = unthrottled

    @classmethod
    def from_crawler(cls, crawler):
        try:
            sources = load_sources(crawler.settings.get("BAITHAK_SOURCES") or None)
        except ValueError:  # reported by the spider, in one line
            sources = []
        return cls({d for s in sources if not s.autothrottle for d in s.domains})

    def process_request(self, request, spider=None):
        host = (urlsplit(request.url).hostname or "").lower()
        if host in self.unthrottled or any(host.endswith("." + d) for d in self.unthrottled):
            request.meta.setdefault("autothrottle_dont_adjust_delay", True)
        return None
