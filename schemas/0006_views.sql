-- Views for analysts: codes with their labels, LGD codes with their names, evidence with its sentence.

CREATE VIEW meeting_facts AS
SELECT m.id AS meeting_id, m.meeting_date, m.duration_days,
       m.organisation, o.label_en AS organisation_en, o.label_hi AS organisation_hi,
       m.wings, w.labels AS wings_en, m.level, l.label_en AS level_en, m.kind, k.label_en AS kind_en, m.mode,
       m.place, m.place_kind, m.place_code, pl.name_en AS place_en, m.venue,
       m.district_code, d.name_hi AS district_hi, d.name_en AS district_en,
       m.state, m.state_code, s.name_hi AS state_hi,
       r.reports, r.article_ids, r.urls, r.sources, r.evidence_sentence,
       (SELECT count(DISTINCT p.person_id) FROM participations p WHERE p.meeting_id = m.id) AS people,
       m.extractor_version, m.crawl_run_id
  FROM meetings m
  LEFT JOIN organisations o ON o.code = m.organisation
  LEFT JOIN levels l ON l.code = m.level
  LEFT JOIN kinds k ON k.code = m.kind
  LEFT JOIN places pl ON pl.kind = m.place_kind AND pl.code = m.place_code
  LEFT JOIN places d ON d.kind = 'district' AND d.code = m.district_code
  LEFT JOIN places s ON s.kind = 'state' AND s.code = m.state_code
  LEFT JOIN LATERAL (SELECT array_agg(coalesce(wg.label_en, x.code) ORDER BY x.n) AS labels
                       FROM unnest(m.wings) WITH ORDINALITY x(code, n) LEFT JOIN wings wg ON wg.code = x.code) w ON true
  LEFT JOIN LATERAL (SELECT count(*) AS reports, array_agg(a.id ORDER BY a.id) AS article_ids,
                            array_agg(a.canonical_url ORDER BY a.id) AS urls,
                            array_agg(DISTINCT src.name) FILTER (WHERE src.name IS NOT NULL) AS sources,
                            (array_agg(se.text ORDER BY a.id))[1] AS evidence_sentence
                       FROM meeting_reports mr JOIN articles a ON a.id = mr.article_id
                       LEFT JOIN sources src ON src.id = a.source_id
                       LEFT JOIN sentences se ON se.id = mr.sentence_id
                      WHERE mr.meeting_id = m.id) r ON true;

CREATE VIEW participation_facts AS
SELECT p.id AS participation_id, p.person_id, pe.name AS person, pe.romanised, p.name AS printed_name,
       p.roles, p.designation, p.post, po.label_en AS post_en, p.level AS post_level, p.jurisdiction, p.wing,
       m.id AS meeting_id, m.meeting_date, m.organisation, m.wings AS meeting_wings, m.level AS meeting_level,
       m.kind, m.place, m.district_code, d.name_en AS district_en, m.state,
       p.article_id, a.canonical_url AS url, se.text AS evidence_sentence,
       se.start_offset AS evidence_start_offset, se.end_offset AS evidence_end_offset,
       p.extractor_version, p.crawl_run_id
  FROM participations p
  JOIN people pe ON pe.id = p.person_id
  JOIN meetings m ON m.id = p.meeting_id
  JOIN articles a ON a.id = p.article_id
  LEFT JOIN posts po ON po.code = p.post
  LEFT JOIN places d ON d.kind = 'district' AND d.code = m.district_code
  LEFT JOIN sentences se ON se.id = p.sentence_id;

CREATE VIEW person_posts AS
SELECT p.person_id, pe.name AS person, pe.romanised, p.post, p.level, m.organisation, p.wing,
       p.jurisdiction, m.district_code, d.name_en AS district_en, m.state,
       min(m.meeting_date) AS first_seen, max(m.meeting_date) AS last_seen,
       count(DISTINCT m.id) AS meetings, array_agg(DISTINCT p.article_id) AS article_ids,
       array_agg(DISTINCT p.designation) FILTER (WHERE p.designation IS NOT NULL) AS designations
  FROM participations p
  JOIN people pe ON pe.id = p.person_id
  JOIN meetings m ON m.id = p.meeting_id
  LEFT JOIN places d ON d.kind = 'district' AND d.code = m.district_code
 WHERE p.post IS NOT NULL
 GROUP BY p.person_id, pe.name, pe.romanised, p.post, p.level, m.organisation, p.wing, p.jurisdiction,
          m.district_code, d.name_en, m.state;

CREATE VIEW co_attendance AS
WITH pm AS (SELECT DISTINCT p.meeting_id, p.person_id FROM participations p)
SELECT a.person_id AS person_a, pa.name AS name_a, b.person_id AS person_b, pb.name AS name_b,
       count(*) AS meetings, min(m.meeting_date) AS first_met, max(m.meeting_date) AS last_met
  FROM pm a JOIN pm b ON b.meeting_id = a.meeting_id AND b.person_id > a.person_id
  JOIN meetings m ON m.id = a.meeting_id
  JOIN people pa ON pa.id = a.person_id
  JOIN people pb ON pb.id = b.person_id
 GROUP BY a.person_id, pa.name, b.person_id, pb.name;

CREATE VIEW source_health AS
SELECT s.id AS source_id, s.name AS source,
       (SELECT max(a.fetched_at) FROM articles a WHERE a.source_id = s.id) AS last_fetched,
       (SELECT max(cr.finished_at) FROM crawl_runs cr
         WHERE cr.id IN (SELECT a.crawl_run_id FROM articles a WHERE a.source_id = s.id)) AS last_crawl,
       (SELECT count(*) FROM articles a WHERE a.source_id = s.id) AS articles,
       (SELECT count(DISTINCT mr.meeting_id) FROM meeting_reports mr JOIN articles a ON a.id = mr.article_id
         WHERE a.source_id = s.id) AS meetings,
       (SELECT count(*) FROM skipped_pages sp WHERE sp.source_id = s.id) AS skipped,
       coalesce((SELECT jsonb_object_agg(reason, n) FROM (SELECT sp.reason, count(*) AS n FROM skipped_pages sp
                  WHERE sp.source_id = s.id GROUP BY sp.reason) r), '{}'::jsonb) AS skipped_by_reason
  FROM sources s;
