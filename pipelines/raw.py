"""Raw pages: the fetched HTML kept zlib-compressed in `raw_pages`, with its HTTP metadata.

`scrapy reextract --clean` cleans and extracts them again without the network.
Retention: `BAITHAK_RAW_RETENTION_DAYS` (default 90; 0 keeps none); `prune`
deletes older pages at the end of each crawl.
"""
from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass
from datetime import datetime

import psycopg
from zlib_ng import zlib_ng

DEFAULT_RETENTION_DAYS = 90
# zlib-ng at level 1 writes the zlib format (Python's zlib reads it) three times as fast as zlib at
# level 1: the pages of ../shared/data/html (170 KB on average) in 0.5 ms of CPU each against
# 1.4 ms, kept at 32 % of their size against 27 %. The crawl process compresses every page it keeps.
COMPRESS_LEVEL = 1


@dataclass
class RawPage:
    url: str
    body: bytes
    fetched_at: datetime
    source: str | None = None
    status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None


def keep(conn: psycopg.Connection, page: RawPage, article_id: int | None, crawl_run_id: int | None = None) -> None:
    """Store (or replace) the page fetched from `page.url`."""
    from pipelines.store import source_id

    with conn.transaction():
        sid = source_id(conn, page.source)
        conn.execute(
            """INSERT INTO raw_pages (url, article_id, source_id, crawl_run_id, fetched_at, status, etag, last_modified,
                                      content_type, content_hash, size, body_zlib)
               VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
               ON CONFLICT (url) DO UPDATE SET article_id = EXCLUDED.article_id, source_id = EXCLUDED.source_id,
                 crawl_run_id = EXCLUDED.crawl_run_id, fetched_at = EXCLUDED.fetched_at, status = EXCLUDED.status,
                 etag = EXCLUDED.etag, last_modified = EXCLUDED.last_modified, content_type = EXCLUDED.content_type,
                 content_hash = EXCLUDED.content_hash, size = EXCLUDED.size, body_zlib = EXCLUDED.body_zlib""",
            (page.url, article_id, sid, crawl_run_id, page.fetched_at, page.status, page.etag, page.last_modified,
             page.content_type, *pack(page.body)))


def pack(body: bytes) -> tuple[str, int, bytes]:
    """What `raw_pages` keeps of a body: its SHA-256 (hex), its size, the body zlib-compressed."""
    return hashlib.sha256(body).hexdigest(), len(body), zlib_ng.compress(body, COMPRESS_LEVEL)


def body(compressed: bytes) -> bytes:
    return zlib.decompress(compressed)


def prune(conn: psycopg.Connection, days: int) -> int:
    """Delete raw pages fetched more than `days` days ago (all of them when days <= 0); return how many."""
    if days <= 0:
        return conn.execute("DELETE FROM raw_pages").rowcount
    return conn.execute("DELETE FROM raw_pages WHERE fetched_at < now() - %s * interval '1 day'", (days,)).rowcount
