-- Summary tables kept up to date incrementally (issue 8, analyst queries at 100,000 articles).
--
-- co_attendance_counts and person_activity were materialized views refreshed whole after each
-- crawl: 56 s for 2.7 M pairs at 10,000 articles, growing with the square of the roster. They
-- become tables that `summaries_update()` (pipelines.catalog.refresh_summaries, run at the end of
-- each crawl and re-extraction and by `scrapy db refresh`) brings up to date by looking only at
-- the meetings that changed since it last ran:
--   * statement triggers on participations and meetings append the ids of the meetings whose
--     participants, date, organisation or state changed to `summary_changes` (a log, no index,
--     no lock: writers never wait on each other or on the refresh);
--   * `summary_meeting_people` holds who attended each meeting as the summaries count it; the
--     pairs a changed meeting gained are added to co_attendance_counts, the pairs it lost are
--     counted again from scratch; the people of a changed meeting get their person_activity and
--     person_post_spans rows computed again;
--   * when more than a fifth of the meetings changed (a first crawl, a re-extraction of
--     everything) everything is rebuilt in one pass instead (`summaries_rebuild()`).
-- source_counts (per source: articles, meetings, skips) is recomputed whole each time (one pass
-- over articles, meeting_reports and skipped_pages: well under a second at 100,000 articles).
-- The views co_attendance and source_health read the summaries (as of the last refresh);
-- person_posts reads person_post_spans for the people with no pending change and computes the
-- others live, so it is always current.

-- Pending changes and what the summaries counted -------------------------------------------

CREATE TABLE summary_changes (meeting_id bigint NOT NULL);

CREATE TABLE summary_meeting_people (
    meeting_id    bigint NOT NULL,
    person_id     bigint NOT NULL,
    meeting_date  date,
    PRIMARY KEY (meeting_id, person_id)
);
CREATE INDEX summary_meeting_people_person_idx ON summary_meeting_people (person_id, meeting_id);

CREATE FUNCTION summary_log_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO summary_changes (meeting_id) SELECT DISTINCT meeting_id FROM new_rows;
    RETURN NULL;
END $$;

CREATE FUNCTION summary_log_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO summary_changes (meeting_id) SELECT DISTINCT meeting_id FROM old_rows;
    RETURN NULL;
END $$;

CREATE FUNCTION summary_log_both() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO summary_changes (meeting_id)
    SELECT meeting_id FROM old_rows UNION SELECT meeting_id FROM new_rows;
    RETURN NULL;
END $$;

CREATE FUNCTION summary_log_meetings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN  -- only what the summaries show: a meeting's date, organisation, state and district
    INSERT INTO summary_changes (meeting_id)
    SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
     WHERE (n.meeting_date, n.organisation, n.state, n.district_code)
           IS DISTINCT FROM (o.meeting_date, o.organisation, o.state, o.district_code);
    RETURN NULL;
END $$;

CREATE FUNCTION summary_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE summary_changes, summary_meeting_people, co_attendance_counts, person_activity, person_post_spans;
    RETURN NULL;
END $$;

-- Summary tables ---------------------------------------------------------------------------

DROP MATERIALIZED VIEW co_attendance_counts;
CREATE TABLE co_attendance_counts (
    person_a   bigint NOT NULL,
    person_b   bigint NOT NULL,
    meetings   bigint NOT NULL,
    first_met  date,
    last_met   date
);

DROP MATERIALIZED VIEW person_activity;
CREATE TABLE person_activity (
    person_id      bigint PRIMARY KEY,
    meetings       bigint NOT NULL,
    chaired        bigint NOT NULL,
    first_seen     date,
    last_seen      date,
    organisations  text[],
    states         text[]
);
CREATE INDEX person_activity_meetings_idx ON person_activity (meetings DESC);

-- person_posts without the names (people, places): one row per person and post
CREATE TABLE person_post_spans (
    person_id      bigint NOT NULL,
    post           text NOT NULL,
    level          text,
    organisation   text,
    wing           text,
    jurisdiction   text,
    district_code  integer,
    state          text,
    first_seen     date,
    last_seen      date,
    meetings       bigint NOT NULL,
    article_ids    bigint[] NOT NULL,
    designations   text[]
);
CREATE INDEX person_post_spans_person_idx ON person_post_spans (person_id);
CREATE INDEX person_post_spans_post_idx ON person_post_spans (post, level, state, first_seen);
CREATE INDEX person_post_spans_district_idx ON person_post_spans (district_code, post);

CREATE TABLE source_counts (
    source_id          integer PRIMARY KEY REFERENCES sources (id) ON DELETE CASCADE,
    last_fetched       timestamptz,
    last_crawl         timestamptz,
    articles           bigint NOT NULL,
    meetings           bigint NOT NULL,
    skipped            bigint NOT NULL,
    skipped_by_reason  jsonb NOT NULL,
    counted_at         timestamptz NOT NULL DEFAULT now()
);

CREATE TRIGGER participations_summary_insert AFTER INSERT ON participations
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION summary_log_new();
CREATE TRIGGER participations_summary_update AFTER UPDATE ON participations
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION summary_log_both();
CREATE TRIGGER participations_summary_delete AFTER DELETE ON participations
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION summary_log_old();
CREATE TRIGGER participations_summary_truncate AFTER TRUNCATE ON participations
    FOR EACH STATEMENT EXECUTE FUNCTION summary_truncated();
CREATE TRIGGER meetings_summary_update AFTER UPDATE ON meetings
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION summary_log_meetings();

-- Computing them ---------------------------------------------------------------------------

CREATE FUNCTION summaries_count_sources() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM source_counts;
    INSERT INTO source_counts (source_id, last_fetched, last_crawl, articles, meetings, skipped, skipped_by_reason)
    SELECT s.id, a.last_fetched,
           (SELECT max(cr.finished_at) FROM crawl_runs cr WHERE cr.id = ANY (a.runs)),
           coalesce(a.n, 0), coalesce(m.n, 0), coalesce(k.n, 0), coalesce(k.reasons, '{}'::jsonb)
      FROM sources s
      LEFT JOIN (SELECT source_id, max(fetched_at) AS last_fetched, count(*) AS n,
                        array_agg(DISTINCT crawl_run_id) FILTER (WHERE crawl_run_id IS NOT NULL) AS runs
                   FROM articles GROUP BY source_id) a ON a.source_id = s.id
      LEFT JOIN (SELECT a.source_id, count(DISTINCT mr.meeting_id) AS n
                   FROM meeting_reports mr JOIN articles a ON a.id = mr.article_id GROUP BY a.source_id) m
             ON m.source_id = s.id
      LEFT JOIN (SELECT source_id, sum(n)::bigint AS n, jsonb_object_agg(reason, n) AS reasons
                   FROM (SELECT source_id, reason, count(*) AS n FROM skipped_pages GROUP BY 1, 2) r
                  GROUP BY source_id) k ON k.source_id = s.id;
END $$;

-- person_activity and person_post_spans of the people in `summary_people` (a temporary table)
CREATE FUNCTION summaries_count_people() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM person_activity pa USING summary_people x WHERE pa.person_id = x.person_id;
    INSERT INTO person_activity
    SELECT p.person_id, count(DISTINCT p.meeting_id),
           count(DISTINCT p.meeting_id) FILTER (WHERE p.roles && ARRAY['chair', 'leader']),
           min(m.meeting_date), max(m.meeting_date),
           array_agg(DISTINCT m.organisation) FILTER (WHERE m.organisation IS NOT NULL),
           array_agg(DISTINCT m.state) FILTER (WHERE m.state IS NOT NULL)
      FROM participations p JOIN meetings m ON m.id = p.meeting_id
     WHERE p.person_id IN (SELECT person_id FROM summary_people)
     GROUP BY p.person_id;
    DELETE FROM person_post_spans ps USING summary_people x WHERE ps.person_id = x.person_id;
    INSERT INTO person_post_spans
    SELECT p.person_id, p.post, p.level, m.organisation, p.wing, p.jurisdiction, m.district_code, m.state,
           min(m.meeting_date), max(m.meeting_date), count(DISTINCT m.id), array_agg(DISTINCT p.article_id),
           array_agg(DISTINCT p.designation) FILTER (WHERE p.designation IS NOT NULL)
      FROM participations p JOIN meetings m ON m.id = p.meeting_id
     WHERE p.post IS NOT NULL AND p.person_id IN (SELECT person_id FROM summary_people)
     GROUP BY p.person_id, p.post, p.level, m.organisation, p.wing, p.jurisdiction, m.district_code, m.state;
END $$;

-- Everything from scratch. Returns the number of co-attendance pairs.
CREATE FUNCTION summaries_rebuild() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    pairs bigint;
BEGIN
    SET LOCAL work_mem = '128MB';
    SET LOCAL maintenance_work_mem = '256MB';
    TRUNCATE summary_meeting_people, co_attendance_counts, person_activity, person_post_spans;
    DELETE FROM summary_changes;  -- first: what changes after this point stays logged
    DROP INDEX IF EXISTS co_attendance_counts_pair_idx, co_attendance_counts_b_idx, co_attendance_counts_meetings_idx;
    INSERT INTO summary_meeting_people
    SELECT DISTINCT p.meeting_id, p.person_id, m.meeting_date
      FROM participations p JOIN meetings m ON m.id = p.meeting_id;
    INSERT INTO co_attendance_counts
    SELECT a.person_id, b.person_id, count(*), min(a.meeting_date), max(a.meeting_date)
      FROM summary_meeting_people a
      JOIN summary_meeting_people b ON b.meeting_id = a.meeting_id AND b.person_id > a.person_id
     GROUP BY a.person_id, b.person_id;
    GET DIAGNOSTICS pairs = ROW_COUNT;
    CREATE UNIQUE INDEX co_attendance_counts_pair_idx ON co_attendance_counts (person_a, person_b);
    CREATE INDEX co_attendance_counts_b_idx ON co_attendance_counts (person_b);
    CREATE INDEX co_attendance_counts_meetings_idx ON co_attendance_counts (meetings DESC);
    DROP TABLE IF EXISTS pg_temp.summary_people;
    CREATE TEMP TABLE summary_people ON COMMIT DROP AS SELECT id AS person_id FROM people;
    PERFORM summaries_count_people();
    PERFORM summaries_count_sources();
    RETURN pairs;
END $$;

-- What changed since the last run, or everything when more than `full_above` of the meetings
-- changed. Returns 'rebuilt', or 'updated N meetings'.
CREATE FUNCTION summaries_update(full_above double precision DEFAULT 0.2) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    changed bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('baithak.summaries'));
    SET LOCAL work_mem = '64MB';
    DROP TABLE IF EXISTS pg_temp.summary_dirty, pg_temp.summary_old, pg_temp.summary_new, pg_temp.summary_lost,
        pg_temp.summary_gained, pg_temp.summary_people;
    -- first: the changes logged from here on are left for the next run
    CREATE TEMP TABLE summary_dirty ON COMMIT DROP AS
    WITH d AS (DELETE FROM summary_changes RETURNING meeting_id) SELECT DISTINCT meeting_id FROM d;
    SELECT count(*) INTO changed FROM summary_dirty;
    IF changed > full_above * (SELECT count(*) FROM meetings) THEN
        PERFORM summaries_rebuild();
        RETURN 'rebuilt';
    END IF;
    IF changed > 0 THEN
        CREATE TEMP TABLE summary_old ON COMMIT DROP AS
        SELECT s.* FROM summary_meeting_people s JOIN summary_dirty d USING (meeting_id);
        CREATE TEMP TABLE summary_new ON COMMIT DROP AS
        SELECT DISTINCT p.meeting_id, p.person_id, m.meeting_date
          FROM participations p JOIN summary_dirty d USING (meeting_id) JOIN meetings m ON m.id = p.meeting_id;
        DELETE FROM summary_meeting_people s USING summary_dirty d WHERE s.meeting_id = d.meeting_id;
        INSERT INTO summary_meeting_people SELECT * FROM summary_new;
        -- a pair's meetings: (meeting, person a, person b, date) before and after
        CREATE TEMP TABLE summary_lost ON COMMIT DROP AS
        (SELECT a.meeting_id, a.person_id AS pa, b.person_id AS pb, a.meeting_date
           FROM summary_old a JOIN summary_old b ON b.meeting_id = a.meeting_id AND b.person_id > a.person_id
         EXCEPT
         SELECT a.meeting_id, a.person_id, b.person_id, a.meeting_date
           FROM summary_new a JOIN summary_new b ON b.meeting_id = a.meeting_id AND b.person_id > a.person_id);
        CREATE TEMP TABLE summary_gained ON COMMIT DROP AS
        (SELECT a.meeting_id, a.person_id AS pa, b.person_id AS pb, a.meeting_date
           FROM summary_new a JOIN summary_new b ON b.meeting_id = a.meeting_id AND b.person_id > a.person_id
         EXCEPT
         SELECT a.meeting_id, a.person_id, b.person_id, a.meeting_date
           FROM summary_old a JOIN summary_old b ON b.meeting_id = a.meeting_id AND b.person_id > a.person_id);
        ANALYZE summary_lost;
        ANALYZE summary_gained;
        -- pairs that lost a meeting: counted again; pairs that only gained: added to
        DELETE FROM co_attendance_counts c USING (SELECT DISTINCT pa, pb FROM summary_lost) r
         WHERE c.person_a = r.pa AND c.person_b = r.pb;
        INSERT INTO co_attendance_counts
        SELECT r.pa, r.pb, count(*), min(a.meeting_date), max(a.meeting_date)
          FROM (SELECT DISTINCT pa, pb FROM summary_lost) r
          JOIN summary_meeting_people a ON a.person_id = r.pa
          JOIN summary_meeting_people b ON b.meeting_id = a.meeting_id AND b.person_id = r.pb
         GROUP BY r.pa, r.pb;
        INSERT INTO co_attendance_counts AS c
        SELECT g.pa, g.pb, count(*), min(g.meeting_date), max(g.meeting_date)
          FROM summary_gained g
         WHERE NOT EXISTS (SELECT 1 FROM summary_lost l WHERE l.pa = g.pa AND l.pb = g.pb)
         GROUP BY g.pa, g.pb
            ON CONFLICT (person_a, person_b) DO UPDATE
           SET meetings = c.meetings + EXCLUDED.meetings, first_met = least(c.first_met, EXCLUDED.first_met),
               last_met = greatest(c.last_met, EXCLUDED.last_met);
        CREATE TEMP TABLE summary_people ON COMMIT DROP AS
        SELECT person_id FROM summary_old UNION SELECT person_id FROM summary_new;
        ANALYZE summary_people;
        PERFORM summaries_count_people();
    END IF;
    PERFORM summaries_count_sources();
    RETURN format('updated %s meetings', changed);
END $$;

REVOKE EXECUTE ON FUNCTION summaries_update(double precision), summaries_rebuild(), summaries_count_people(),
    summaries_count_sources() FROM PUBLIC;

-- A database that held data before this migration: everything counted once.
SELECT summaries_rebuild();

-- The views keep their names and columns -------------------------------------------------

-- The names are looked up after ORDER BY … LIMIT (scalar subqueries are evaluated for the rows
-- returned only): the partners of the most active person (20,835 pairs at 100,000 articles) in
-- 66 ms instead of 146 ms with two joins over every pair. A person deleted since the last refresh
-- shows without a name until the next one.
CREATE OR REPLACE VIEW co_attendance AS
SELECT c.person_a, (SELECT pe.name FROM people pe WHERE pe.id = c.person_a) AS name_a,
       c.person_b, (SELECT pe.name FROM people pe WHERE pe.id = c.person_b) AS name_b,
       c.meetings, c.first_met, c.last_met
  FROM co_attendance_counts c;

CREATE OR REPLACE VIEW source_health AS
SELECT s.id AS source_id, s.name AS source, c.last_fetched, c.last_crawl,
       coalesce(c.articles, 0) AS articles, coalesce(c.meetings, 0) AS meetings,
       coalesce(c.skipped, 0) AS skipped, coalesce(c.skipped_by_reason, '{}'::jsonb) AS skipped_by_reason
  FROM sources s LEFT JOIN source_counts c ON c.source_id = s.id;

-- person_posts: the summary for the people with no pending change; the others (pending: in a
-- meeting changed since the last refresh) computed live, person by person
CREATE OR REPLACE VIEW person_posts AS
WITH pending AS (
    SELECT p.person_id FROM participations p WHERE p.meeting_id IN (SELECT meeting_id FROM summary_changes)
    UNION
    SELECT s.person_id FROM summary_meeting_people s WHERE s.meeting_id IN (SELECT meeting_id FROM summary_changes))
SELECT ps.person_id, pe.name AS person, pe.romanised, ps.post, ps.level, ps.organisation, ps.wing,
       ps.jurisdiction, ps.district_code, d.name_en AS district_en, ps.state,
       ps.first_seen, ps.last_seen, ps.meetings, ps.article_ids, ps.designations
  FROM person_post_spans ps
  JOIN people pe ON pe.id = ps.person_id
  LEFT JOIN places d ON d.kind = 'district' AND d.code = ps.district_code
 WHERE ps.person_id NOT IN (SELECT person_id FROM pending)
UNION ALL
SELECT x.person_id, pe.name, pe.romanised, l.post, l.level, l.organisation, l.wing,
       l.jurisdiction, l.district_code, d.name_en, l.state,
       l.first_seen, l.last_seen, l.meetings, l.article_ids, l.designations
  FROM pending x
  JOIN people pe ON pe.id = x.person_id
  CROSS JOIN LATERAL (
      SELECT p.post, p.level, m.organisation, p.wing, p.jurisdiction, m.district_code, m.state,
             min(m.meeting_date) AS first_seen, max(m.meeting_date) AS last_seen,
             count(DISTINCT m.id) AS meetings, array_agg(DISTINCT p.article_id) AS article_ids,
             array_agg(DISTINCT p.designation) FILTER (WHERE p.designation IS NOT NULL) AS designations
        FROM participations p JOIN meetings m ON m.id = p.meeting_id
       WHERE p.person_id = x.person_id AND p.post IS NOT NULL
       GROUP BY p.post, p.level, m.organisation, p.wing, p.jurisdiction, m.district_code, m.state) l
  LEFT JOIN places d ON d.kind = 'district' AND d.code = l.district_code;

-- Plans for the analyst queries -------------------------------------------------------------

-- Name searches (`name ILIKE '%कुशवाहा%'`, also through participation_facts.person): with the
-- default sample the planner took a surname for 5 times commoner than it is and walked every
-- meeting by date (118 ms at 10,000 articles) instead of the trigram index (14 ms).
ALTER TABLE people ALTER COLUMN name SET STATISTICS 1000;
ALTER TABLE people ALTER COLUMN romanised SET STATISTICS 1000;
ALTER TABLE person_aliases ALTER COLUMN name SET STATISTICS 1000;

-- "The top N" on a summary reads a few rows in index order; parallel workers only add their
-- start-up time.
ALTER TABLE co_attendance_counts SET (parallel_workers = 0);
ALTER TABLE person_activity SET (parallel_workers = 0);
-- "ORDER BY meetings DESC, name LIMIT 5" (README question 5): `meetings` has a handful of values,
-- nearly all pairs 1–6, so the planner expected to sort millions of ties before the first row and
-- sorted all 117 M pairs instead of reading the index (135 s at 100,000 articles, 3 ms after).
-- The top values are few and distinct; tell the planner the groups are small.
ALTER TABLE co_attendance_counts ALTER COLUMN meetings SET (n_distinct = -0.5);
ALTER TABLE person_activity ALTER COLUMN meetings SET (n_distinct = -0.5);

-- JIT compilation is for long scans; analyst queries here are index lookups whose estimated cost
-- (an ORDER BY … LIMIT over millions of pairs) passes jit_above_cost, and compiling took 55 of
-- README question 5's 65 ms. Off for this database (servers built without LLVM have no JIT anyway).
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'jit left as the server sets it: %', SQLERRM;
END $$;

DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'baithak_reader') THEN
        GRANT SELECT ON ALL TABLES IN SCHEMA public TO baithak_reader;
    END IF;
END $$;
