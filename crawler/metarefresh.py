"""Scrapy's meta-refresh redirects, without decoding every page to find none.

Scrapy's MetaRefreshMiddleware decodes the whole body of every HTML response (`response.text`,
with its encoding detection) to read a `<meta http-equiv="refresh">` in the first 4,096 characters;
the crawl itself reads article pages as bytes. A page whose first bytes do not even contain the
word "refresh" goes on untouched; any other page is Scrapy's, unchanged.
"""
from __future__ import annotations

import re

from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import Request, Response

REFRESH = re.compile(rb"refresh", re.IGNORECASE)
HEAD_BYTES = 4 * 4096  # Scrapy looks at 4,096 characters: at most four bytes each in UTF-8


class QuickMetaRefreshMiddleware(MetaRefreshMiddleware):
    def process_response(self, request: Request, response: Response) -> Request | Response:
        head = response.body[:HEAD_BYTES]
        if b"\x00" not in head[:1024] and not REFRESH.search(head):  # NULs: UTF-16/32, not ASCII-compatible
            return response
        return super().process_response(request, response)
