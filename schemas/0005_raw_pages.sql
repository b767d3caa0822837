-- Raw pages: the fetched HTML, zlib-compressed, beside the article, so that cleaning and
-- extraction can run again without the network (scrapy reextract --clean). Kept for
-- BAITHAK_RAW_RETENTION_DAYS days (0: not kept); one row per fetched URL, the latest fetch.
CREATE TABLE raw_pages (
    url            text PRIMARY KEY,
    article_id     bigint REFERENCES articles (id) ON DELETE SET NULL,
    source_id      integer REFERENCES sources (id),
    crawl_run_id   bigint REFERENCES crawl_runs (id) ON DELETE SET NULL,
    fetched_at     timestamptz NOT NULL,
    status         smallint,
    etag           text,
    last_modified  text,
    content_type   text,
    content_hash   text NOT NULL,
    size           integer NOT NULL,
    body_zlib      bytea NOT NULL
);
CREATE INDEX raw_pages_article_idx ON raw_pages (article_id);
CREATE INDEX raw_pages_source_idx ON raw_pages (source_id);
CREATE INDEX raw_pages_crawl_run_idx ON raw_pages (crawl_run_id);
CREATE INDEX raw_pages_fetched_idx ON raw_pages (fetched_at);
