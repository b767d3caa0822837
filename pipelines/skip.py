"""The one exception of the pipeline's stages: a page skipped for a countable reason.

`clean` raises it for a page with no article; the Scrapy pipelines (pipelines/stages.py) raise it
for a page in another language or one the extractor failed on, and hand it to Scrapy inside its
`DropItem`; StorePipeline counts every one by its `reason` and records it in `skipped_pages`.
It imports nothing from Scrapy, so the stages stay plain functions (worker processes never load Scrapy).
"""
from __future__ import annotations


class Skip(Exception):
    """A page that yields no article; `reason` is a short code for counting, `detail` says more."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
