-- Summary tables for aggregates over every participation (benchmarks/queries.py): materialized
-- views refreshed after each crawl and re-extraction (pipelines.catalog.refresh_summaries) and by
-- `scrapy db refresh`. Unique indexes allow REFRESH … CONCURRENTLY (readers are never blocked).
CREATE MATERIALIZED VIEW co_attendance_counts AS
WITH pm AS (SELECT DISTINCT p.meeting_id, p.person_id FROM participations p)
SELECT a.person_id AS person_a, b.person_id AS person_b, count(*) AS meetings,
       min(m.meeting_date) AS first_met, max(m.meeting_date) AS last_met
  FROM pm a JOIN pm b ON b.meeting_id = a.meeting_id AND b.person_id > a.person_id
  JOIN meetings m ON m.id = a.meeting_id
 GROUP BY a.person_id, b.person_id;
CREATE UNIQUE INDEX co_attendance_counts_pair_idx ON co_attendance_counts (person_a, person_b);
CREATE INDEX co_attendance_counts_b_idx ON co_attendance_counts (person_b);
CREATE INDEX co_attendance_counts_meetings_idx ON co_attendance_counts (meetings DESC);

CREATE MATERIALIZED VIEW person_activity AS
SELECT p.person_id, count(DISTINCT p.meeting_id) AS meetings,
       count(DISTINCT p.meeting_id) FILTER (WHERE p.roles && ARRAY['chair', 'leader']) AS chaired,
       min(m.meeting_date) AS first_seen, max(m.meeting_date) AS last_seen,
       array_agg(DISTINCT m.organisation) FILTER (WHERE m.organisation IS NOT NULL) AS organisations,
       array_agg(DISTINCT m.state) FILTER (WHERE m.state IS NOT NULL) AS states
  FROM participations p JOIN meetings m ON m.id = p.meeting_id
 GROUP BY p.person_id;
CREATE UNIQUE INDEX person_activity_person_idx ON person_activity (person_id);
CREATE INDEX person_activity_meetings_idx ON person_activity (meetings DESC);
