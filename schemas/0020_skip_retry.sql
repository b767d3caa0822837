-- Issue 9: transient skips are retried with backoff, permanent ones are not.
-- transient: the page failed for a reason that may pass (5xx, timeout, connection error, cancelled
-- download, database error); attempts: consecutive transient failures; next_try_at: when a crawl
-- may fetch it again (NULL: permanent, fetched again only with -a refetch=1 or a newer lastmod).
ALTER TABLE skipped_pages
    ADD COLUMN transient   boolean NOT NULL DEFAULT false,
    ADD COLUMN attempts    integer NOT NULL DEFAULT 1,
    ADD COLUMN next_try_at timestamptz;

UPDATE skipped_pages SET transient = true, next_try_at = seen_at
 WHERE reason ~ '^http_(5\d\d|408|429)$' OR reason ~ '(error|timeout|cancelled)$';

CREATE INDEX skipped_pages_next_try ON skipped_pages (next_try_at) WHERE transient;
