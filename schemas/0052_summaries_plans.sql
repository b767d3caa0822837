-- 0050's planner settings and co_attendance as finally written, for the databases that applied an
-- earlier draft of 0050 (it changed for a few hours after it was first committed). Every statement
-- here is idempotent: on a database that applied the final 0050 it changes nothing.
-- Why each one: see 0050.
ALTER TABLE people ALTER COLUMN name SET STATISTICS 1000;
ALTER TABLE people ALTER COLUMN romanised SET STATISTICS 1000;
ALTER TABLE person_aliases ALTER COLUMN name SET STATISTICS 1000;
ALTER TABLE co_attendance_counts SET (parallel_workers = 0);
ALTER TABLE person_activity SET (parallel_workers = 0);
ALTER TABLE co_attendance_counts ALTER COLUMN meetings SET (n_distinct = -0.5);
ALTER TABLE person_activity ALTER COLUMN meetings SET (n_distinct = -0.5);
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'jit left as the server sets it: %', SQLERRM;
END $$;
REVOKE EXECUTE ON FUNCTION summaries_update(double precision), summaries_rebuild(), summaries_count_people(),
    summaries_count_sources() FROM PUBLIC;

CREATE OR REPLACE VIEW co_attendance AS
SELECT c.person_a, (SELECT pe.name FROM people pe WHERE pe.id = c.person_a) AS name_a,
       c.person_b, (SELECT pe.name FROM people pe WHERE pe.id = c.person_b) AS name_b,
       c.meetings, c.first_met, c.last_met
  FROM co_attendance_counts c;
