-- Issue 10: runs are recorded and judged (crawler/runs.py).
-- sources: per-source counts of the run; flags: 'source:flag' for each flagged source;
-- duration_s: wall time; exit_code: what `scrapy crawl` exited with (0 ok, 1 failed, 3 flagged).
ALTER TABLE crawl_runs
    ADD COLUMN sources    jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN flags      text[] NOT NULL DEFAULT '{}',
    ADD COLUMN duration_s double precision,
    ADD COLUMN exit_code  integer;
