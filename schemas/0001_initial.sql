-- baithak schema, version 1. Documented column by column in schemas/README.md.

CREATE TABLE sources (
    id          serial PRIMARY KEY,
    name        text NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE articles (
    id                    bigserial PRIMARY KEY,
    source_id             integer REFERENCES sources(id),
    canonical_url         text NOT NULL UNIQUE,
    url                   text NOT NULL,
    title                 text,
    author                text,
    published             date,
    language              text NOT NULL,
    language_probability  real,
    text                  text NOT NULL,
    content_hash          text NOT NULL,
    extractor_version     text NOT NULL,
    fetched_at            timestamptz NOT NULL,
    stored_at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX articles_published_idx ON articles (published);
CREATE INDEX articles_url_idx ON articles (url);

CREATE TABLE meetings (
    id             bigserial PRIMARY KEY,
    article_id     bigint NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    ordinal        smallint NOT NULL,
    organisation   text,
    wings          text[] NOT NULL DEFAULT '{}',
    level          text,
    kind           text,
    mode           text,
    place          text,
    state          text,
    venue          text,
    meeting_date   date,
    duration_days  smallint,
    state_code     integer,
    district_code  integer,
    place_code     integer,
    place_kind     text,
    evidence_sentence text,
    evidence_start    integer,
    evidence_end      integer,
    UNIQUE (article_id, ordinal)
);
CREATE INDEX meetings_organisation_idx ON meetings (organisation);
CREATE INDEX meetings_date_idx ON meetings (meeting_date);
CREATE INDEX meetings_district_idx ON meetings (district_code);

CREATE TABLE people (
    id         bigserial PRIMARY KEY,
    name_key   text NOT NULL UNIQUE,
    name       text NOT NULL,
    romanised  text
);

CREATE TABLE participations (
    id             bigserial PRIMARY KEY,
    meeting_id     bigint NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    person_id      bigint NOT NULL REFERENCES people(id),
    name           text NOT NULL,
    aliases        text[] NOT NULL DEFAULT '{}',
    roles          text[] NOT NULL DEFAULT '{}',
    designation    text,
    post           text,
    level          text,
    jurisdiction   text,
    wing           text,
    evidence_sentence text,
    evidence_start    integer,
    evidence_end      integer,
    UNIQUE (meeting_id, person_id)
);
CREATE INDEX participations_person_idx ON participations (person_id);

CREATE TABLE statements (
    id                bigserial PRIMARY KEY,
    participation_id  bigint NOT NULL REFERENCES participations(id) ON DELETE CASCADE,
    text              text NOT NULL,
    start_offset      integer NOT NULL,
    end_offset        integer NOT NULL
);

CREATE TABLE evidence (
    id                bigserial PRIMARY KEY,
    meeting_id        bigint NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    participation_id  bigint REFERENCES participations(id) ON DELETE CASCADE,
    fact              text NOT NULL,
    sentence          text NOT NULL,
    start_offset      integer NOT NULL,
    end_offset        integer NOT NULL
);
CREATE INDEX evidence_meeting_idx ON evidence (meeting_id);

-- Pages the crawl fetched but did not keep, with the reason: nothing is lost silently.
CREATE TABLE skipped_pages (
    url         text PRIMARY KEY,
    source_id   integer REFERENCES sources(id),
    reason      text NOT NULL,
    detail      text,
    seen_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE crawl_runs (
    id           bigserial PRIMARY KEY,
    spider       text NOT NULL,
    started_at   timestamptz NOT NULL,
    finished_at  timestamptz,
    finish_reason text,
    stats        jsonb NOT NULL DEFAULT '{}'
);
