"""What the spider yields: an article page to process, or a page it could not use."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from pipelines.clean import Cleaned
from pipelines.extract.model import Extraction
from pipelines.language import Language


@dataclass
class ArticleItem:
    url: str
    source: str | None
    body: bytes | None = field(repr=False)  # the raw page; None once stored, so exported items carry no bytes
    fetched_at: datetime
    status: int | None = None
    http: dict[str, str] = field(default_factory=dict)  # ETag, Last-Modified, Content-Type as received
    redirected_from: list[str] = field(default_factory=list)  # URLs that redirected to this one
    # Filled in by the pipelines, in order.
    cleaned: Cleaned | None = field(default=None, repr=False)
    language: Language | None = None
    extraction: Extraction | None = field(default=None, repr=False)


@dataclass
class SkippedItem:
    """A page fetched (or tried) but not an article: 404, too large, binary …"""

    url: str
    source: str | None
    reason: str
    detail: str = ""
