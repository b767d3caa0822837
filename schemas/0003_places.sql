-- Places: the Local Government Directory gazetteer (pipelines/extract/data/gazetteer.tsv and
-- places_latin.tsv) as a table, loaded by pipelines/catalog.py, so every LGD code joins to names.
-- Codes of different kinds are separate number spaces: a place is (kind, code).

CREATE TABLE places (
    kind           text NOT NULL CHECK (kind IN ('state', 'division', 'district', 'subdistrict', 'block', 'town')),
    code           integer NOT NULL,
    name_hi        text,
    name_en        text NOT NULL,
    state_code     integer NOT NULL,
    district_code  integer,
    parent_kind    text,
    parent_code    integer,
    state_or_ut    text,
    PRIMARY KEY (kind, code)
);
CREATE INDEX places_parent_idx ON places (parent_kind, parent_code);
CREATE INDEX places_district_idx ON places (district_code);

CREATE TABLE place_names (
    kind     text NOT NULL,
    code     integer NOT NULL,
    name_hi  text NOT NULL,
    PRIMARY KEY (kind, code, name_hi),
    FOREIGN KEY (kind, code) REFERENCES places (kind, code) ON DELETE CASCADE
);
CREATE INDEX place_names_name_idx ON place_names (name_hi);
