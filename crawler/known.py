"""URLs the database already holds, for incremental crawls."""
from __future__ import annotations

import logging
from datetime import datetime

from pipelines import db
from pipelines.extract import EXTRACTOR_VERSION


def known_urls(logger: logging.Logger | logging.LoggerAdapter) -> dict[str, datetime]:
    """URL → when it was last fetched, for stored articles and skipped pages; empty when unreachable.

    A page skipped for a transient reason (5xx, timeout, …) is left out once its `next_try_at`
    has passed, so a later crawl fetches it again (pipelines/retry.py); permanent skips stay known.

    Articles whose facts came from another extractor version are left out, so the next crawl
    fetches and extracts them again.
    """
    try:
        with db.connect() as conn:
            db.migrate(conn)
            rows = conn.execute("""SELECT url, fetched_at FROM articles WHERE extractor_version = %s
                                   UNION ALL SELECT u.url, a.fetched_at FROM article_urls u  -- redirect sources too
                                     JOIN articles a ON a.id = u.article_id WHERE a.extractor_version = %s
                                   UNION ALL SELECT url, seen_at FROM skipped_pages
                                   WHERE NOT transient OR next_try_at > now()""",
                                (EXTRACTOR_VERSION, EXTRACTOR_VERSION)).fetchall()
    except db.DatabaseUnavailable as exc:
        logger.warning("incremental crawl off: %s", exc)
        return {}
    return dict(rows)


def validators(logger: logging.Logger | logging.LoggerAdapter) -> dict[str, dict[str, str]]:
    """URL → conditional request headers (If-None-Match, If-Modified-Since) from the stored raw pages.

    A raw page is kept under the URL it was fetched from, after redirects; a URL that redirected to an
    article (article_urls) gets the validators of that article's latest raw page: Scrapy sends them on
    along the redirect, and the target answers 304 when unchanged.
    """
    try:
        with db.connect() as conn:
            rows = conn.execute("""
                SELECT url, etag, last_modified FROM raw_pages
                 WHERE etag IS NOT NULL OR last_modified IS NOT NULL
                UNION ALL
                (SELECT DISTINCT ON (u.url) u.url, r.etag, r.last_modified
                   FROM article_urls u JOIN raw_pages r ON r.article_id = u.article_id
                  WHERE (r.etag IS NOT NULL OR r.last_modified IS NOT NULL)
                    AND NOT EXISTS (SELECT FROM raw_pages own WHERE own.url = u.url)
                  ORDER BY u.url, r.fetched_at DESC)""").fetchall()
    except db.DatabaseUnavailable as exc:
        logger.warning("conditional requests off: %s", exc)
        return {}
    return {url: {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", modified)) if v}
            for url, etag, modified in rows}
