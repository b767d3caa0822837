-- Facts model 2: evidence stored once (sentences), one spelling for offsets (start_offset,
-- end_offset), articles with several URLs, meetings reported by several articles, people
-- resolved across articles (aliases, identity context, external id), provenance (crawl run and
-- extractor version) on articles, meeting reports and participations, indexes on foreign keys.

-- Sentences: each evidence sentence of an article once.
CREATE TABLE sentences (
    id            bigserial PRIMARY KEY,
    article_id    bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    start_offset  integer NOT NULL,
    end_offset    integer NOT NULL,
    text          text NOT NULL,
    UNIQUE (article_id, start_offset, end_offset)
);

INSERT INTO sentences (article_id, start_offset, end_offset, text)
SELECT DISTINCT ON (article_id, s, e) article_id, s, e, t FROM (
    SELECT m.article_id, m.evidence_start s, m.evidence_end e, m.evidence_sentence t
      FROM meetings m WHERE m.evidence_sentence IS NOT NULL AND m.evidence_start IS NOT NULL
    UNION ALL
    SELECT m.article_id, p.evidence_start, p.evidence_end, p.evidence_sentence
      FROM participations p JOIN meetings m ON m.id = p.meeting_id
     WHERE p.evidence_sentence IS NOT NULL AND p.evidence_start IS NOT NULL
    UNION ALL
    SELECT m.article_id, ev.start_offset, ev.end_offset, ev.sentence
      FROM evidence ev JOIN meetings m ON m.id = ev.meeting_id) x
ORDER BY article_id, s, e;

-- Provenance.
ALTER TABLE articles ADD COLUMN crawl_run_id bigint REFERENCES crawl_runs (id) ON DELETE SET NULL;
CREATE INDEX articles_source_idx ON articles (source_id);
CREATE INDEX articles_crawl_run_idx ON articles (crawl_run_id);
CREATE INDEX articles_content_hash_idx ON articles (content_hash);

-- Every URL an article was seen under (fetched URL, canonical URL, AMP, another port or query).
CREATE TABLE article_urls (
    url         text PRIMARY KEY,
    article_id  bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    first_seen  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX article_urls_article_idx ON article_urls (article_id);
INSERT INTO article_urls (url, article_id) SELECT canonical_url, id FROM articles ON CONFLICT DO NOTHING;
INSERT INTO article_urls (url, article_id) SELECT url, id FROM articles ON CONFLICT DO NOTHING;

-- Meetings: one row per meeting; meeting_reports says which articles report it.
CREATE TABLE meeting_reports (
    meeting_id         bigint NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    article_id         bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    ordinal            smallint NOT NULL,
    sentence_id        bigint REFERENCES sentences (id) ON DELETE SET NULL,
    crawl_run_id       bigint REFERENCES crawl_runs (id) ON DELETE SET NULL,
    extractor_version  text NOT NULL,
    PRIMARY KEY (article_id, ordinal)
);
CREATE INDEX meeting_reports_meeting_idx ON meeting_reports (meeting_id);
CREATE INDEX meeting_reports_sentence_idx ON meeting_reports (sentence_id);
CREATE INDEX meeting_reports_crawl_run_idx ON meeting_reports (crawl_run_id);
INSERT INTO meeting_reports (meeting_id, article_id, ordinal, sentence_id, extractor_version)
SELECT m.id, m.article_id, m.ordinal, s.id, a.extractor_version
  FROM meetings m JOIN articles a ON a.id = m.article_id
  LEFT JOIN sentences s ON s.article_id = m.article_id AND s.start_offset = m.evidence_start
                       AND s.end_offset = m.evidence_end;

ALTER TABLE meetings DROP CONSTRAINT meetings_article_id_ordinal_key;
ALTER TABLE meetings DROP CONSTRAINT meetings_article_id_fkey;
ALTER TABLE meetings ALTER COLUMN article_id DROP NOT NULL;
ALTER TABLE meetings ADD CONSTRAINT meetings_article_id_fkey FOREIGN KEY (article_id)
    REFERENCES articles (id) ON DELETE SET NULL;
ALTER TABLE meetings ALTER COLUMN ordinal DROP NOT NULL;
ALTER TABLE meetings ADD COLUMN crawl_run_id bigint REFERENCES crawl_runs (id) ON DELETE SET NULL;
ALTER TABLE meetings ADD COLUMN extractor_version text;
UPDATE meetings m SET extractor_version = a.extractor_version FROM articles a WHERE a.id = m.article_id;
ALTER TABLE meetings DROP COLUMN evidence_sentence, DROP COLUMN evidence_start, DROP COLUMN evidence_end;
CREATE INDEX meetings_article_idx ON meetings (article_id);
CREATE INDEX meetings_crawl_run_idx ON meetings (crawl_run_id);
CREATE INDEX meetings_state_idx ON meetings (state);
CREATE INDEX meetings_identity_idx ON meetings (meeting_date, organisation, level);
CREATE INDEX meetings_place_idx ON meetings (place_kind, place_code);

-- People: identity context, aliases, external ids.
ALTER TABLE people DROP CONSTRAINT people_name_key_key;
ALTER TABLE people ADD COLUMN romanised_key text;
ALTER TABLE people ADD COLUMN state text;
ALTER TABLE people ADD COLUMN district_code integer;
ALTER TABLE people ADD COLUMN organisation text REFERENCES organisations (code) ON UPDATE CASCADE;
ALTER TABLE people ADD COLUMN external_id text;
ALTER TABLE people ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
UPDATE people SET romanised_key = NULLIF(regexp_replace(lower(romanised), '[^a-z]', '', 'g'), '');
UPDATE people pe SET state = f.state, district_code = f.district_code, organisation = f.organisation
  FROM (SELECT DISTINCT ON (p.person_id) p.person_id, m.state, m.district_code, m.organisation
          FROM participations p JOIN meetings m ON m.id = p.meeting_id ORDER BY p.person_id, p.id) f
 WHERE f.person_id = pe.id;
CREATE INDEX people_name_key_idx ON people (name_key);
CREATE INDEX people_romanised_key_idx ON people (romanised_key);
CREATE UNIQUE INDEX people_external_id_idx ON people (external_id) WHERE external_id IS NOT NULL;
CREATE INDEX people_organisation_idx ON people (organisation);

CREATE TABLE person_aliases (
    person_id  bigint NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    name_key   text NOT NULL,
    name       text NOT NULL,
    PRIMARY KEY (person_id, name_key)
);
CREATE INDEX person_aliases_name_key_idx ON person_aliases (name_key);
INSERT INTO person_aliases (person_id, name_key, name) SELECT id, name_key, name FROM people;

-- Participations: one row per person, meeting and reporting article.
ALTER TABLE participations ADD COLUMN article_id bigint REFERENCES articles (id) ON DELETE CASCADE;
UPDATE participations p SET article_id = m.article_id FROM meetings m WHERE m.id = p.meeting_id;
ALTER TABLE participations ALTER COLUMN article_id SET NOT NULL;
ALTER TABLE participations ADD COLUMN sentence_id bigint REFERENCES sentences (id) ON DELETE SET NULL;
UPDATE participations p SET sentence_id = s.id FROM sentences s
 WHERE s.article_id = p.article_id AND s.start_offset = p.evidence_start AND s.end_offset = p.evidence_end;
ALTER TABLE participations ADD COLUMN crawl_run_id bigint REFERENCES crawl_runs (id) ON DELETE SET NULL;
ALTER TABLE participations ADD COLUMN extractor_version text;
UPDATE participations p SET extractor_version = a.extractor_version FROM articles a WHERE a.id = p.article_id;
ALTER TABLE participations DROP COLUMN evidence_sentence, DROP COLUMN evidence_start, DROP COLUMN evidence_end;
ALTER TABLE participations DROP CONSTRAINT participations_meeting_id_person_id_key;
ALTER TABLE participations ADD CONSTRAINT participations_meeting_person_article_key UNIQUE (meeting_id, person_id, article_id);
CREATE INDEX participations_article_idx ON participations (article_id);
CREATE INDEX participations_sentence_idx ON participations (sentence_id);
CREATE INDEX participations_crawl_run_idx ON participations (crawl_run_id);
CREATE INDEX participations_roles_idx ON participations USING gin (roles);
CREATE INDEX participations_post_idx ON participations (post, level);

-- Evidence: the fact and a reference to its sentence.
ALTER TABLE evidence ADD COLUMN sentence_id bigint REFERENCES sentences (id) ON DELETE CASCADE;
UPDATE evidence ev SET sentence_id = s.id FROM meetings m, sentences s
 WHERE m.id = ev.meeting_id AND s.article_id = m.article_id
   AND s.start_offset = ev.start_offset AND s.end_offset = ev.end_offset;
DELETE FROM evidence WHERE sentence_id IS NULL;
ALTER TABLE evidence ALTER COLUMN sentence_id SET NOT NULL;
ALTER TABLE evidence DROP COLUMN sentence, DROP COLUMN start_offset, DROP COLUMN end_offset;
CREATE INDEX evidence_participation_idx ON evidence (participation_id);
CREATE INDEX evidence_sentence_idx ON evidence (sentence_id);

CREATE INDEX statements_participation_idx ON statements (participation_id);
CREATE INDEX skipped_pages_source_idx ON skipped_pages (source_id);
CREATE INDEX skipped_pages_reason_idx ON skipped_pages (reason);
