-- Codes as data: the vocabularies of the gold format, one table each. Their rows are loaded
-- (and kept up to date) from the extractor's data files by pipelines/catalog.py after every
-- migration run; here they are seeded with the codes already stored, so the foreign keys
-- below hold for a database that was at version 1.

-- What pipelines/catalog.py last loaded (a digest of its input files per part).
CREATE TABLE catalog_state (part text PRIMARY KEY, digest text NOT NULL, loaded_at timestamptz NOT NULL DEFAULT now());

CREATE TABLE organisations (code text PRIMARY KEY, label_hi text, label_en text, description text,
                            listed boolean NOT NULL DEFAULT false);
CREATE TABLE wings         (code text PRIMARY KEY, label_hi text, label_en text, description text,
                            listed boolean NOT NULL DEFAULT false);
CREATE TABLE levels        (code text PRIMARY KEY, label_hi text, label_en text, description text,
                            listed boolean NOT NULL DEFAULT false, rank smallint);
CREATE TABLE kinds         (code text PRIMARY KEY, label_hi text, label_en text, description text,
                            listed boolean NOT NULL DEFAULT false);
CREATE TABLE modes         (code text PRIMARY KEY, label_hi text, label_en text, description text,
                            listed boolean NOT NULL DEFAULT false);
CREATE TABLE posts         (code text PRIMARY KEY, label_hi text, label_en text, description text,
                            listed boolean NOT NULL DEFAULT false);
CREATE TABLE roles         (code text PRIMARY KEY, label_hi text, label_en text, description text,
                            listed boolean NOT NULL DEFAULT false);

INSERT INTO organisations (code) SELECT DISTINCT organisation FROM meetings WHERE organisation IS NOT NULL;
INSERT INTO wings (code) SELECT DISTINCT w FROM meetings, unnest(wings) w
                         UNION SELECT DISTINCT wing FROM participations WHERE wing IS NOT NULL;
INSERT INTO levels (code) SELECT DISTINCT level FROM meetings WHERE level IS NOT NULL
                          UNION SELECT DISTINCT level FROM participations WHERE level IS NOT NULL;
INSERT INTO kinds (code) SELECT DISTINCT kind FROM meetings WHERE kind IS NOT NULL;
INSERT INTO modes (code) SELECT DISTINCT mode FROM meetings WHERE mode IS NOT NULL;
INSERT INTO posts (code) SELECT DISTINCT post FROM participations WHERE post IS NOT NULL;
INSERT INTO roles (code) SELECT DISTINCT r FROM participations, unnest(roles) r;

ALTER TABLE meetings
    ADD CONSTRAINT meetings_organisation_fk FOREIGN KEY (organisation) REFERENCES organisations (code) ON UPDATE CASCADE,
    ADD CONSTRAINT meetings_level_fk FOREIGN KEY (level) REFERENCES levels (code) ON UPDATE CASCADE,
    ADD CONSTRAINT meetings_kind_fk FOREIGN KEY (kind) REFERENCES kinds (code) ON UPDATE CASCADE,
    ADD CONSTRAINT meetings_mode_fk FOREIGN KEY (mode) REFERENCES modes (code) ON UPDATE CASCADE;
ALTER TABLE participations
    ADD CONSTRAINT participations_post_fk FOREIGN KEY (post) REFERENCES posts (code) ON UPDATE CASCADE,
    ADD CONSTRAINT participations_level_fk FOREIGN KEY (level) REFERENCES levels (code) ON UPDATE CASCADE,
    ADD CONSTRAINT participations_wing_fk FOREIGN KEY (wing) REFERENCES wings (code) ON UPDATE CASCADE;

-- Array columns cannot carry a foreign key: a trigger checks each element.
CREATE FUNCTION check_code_arrays() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE bad text;
BEGIN
    IF TG_TABLE_NAME = 'meetings' THEN
        SELECT w INTO bad FROM unnest(NEW.wings) w WHERE NOT EXISTS (SELECT 1 FROM wings WHERE code = w) LIMIT 1;
        IF bad IS NOT NULL THEN
            RAISE foreign_key_violation USING MESSAGE = format('unknown wing code %L (table wings)', bad);
        END IF;
    ELSE
        SELECT r INTO bad FROM unnest(NEW.roles) r WHERE NOT EXISTS (SELECT 1 FROM roles WHERE code = r) LIMIT 1;
        IF bad IS NOT NULL THEN
            RAISE foreign_key_violation USING MESSAGE = format('unknown role code %L (table roles)', bad);
        END IF;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER meetings_wings_check BEFORE INSERT OR UPDATE OF wings ON meetings
    FOR EACH ROW EXECUTE FUNCTION check_code_arrays();
CREATE TRIGGER participations_roles_check BEFORE INSERT OR UPDATE OF roles ON participations
    FOR EACH ROW EXECUTE FUNCTION check_code_arrays();
