"""Moved: the fixture news site is `crawler/fixture` (part of the product: `scrapy demo` serves it).

This alias keeps `tests.site.*` imports of files not yet updated working; import `crawler.fixture.*`.
"""
import sys

from crawler.fixture import common, content, daily, hostile, portal, server

for _name, _module in {"common": common, "content": content, "daily": daily, "hostile": hostile,
                       "portal": portal, "server": server}.items():
    sys.modules[f"{__name__}.{_name}"] = _module
