-- Role codes of new participations checked once per INSERT statement, not once per row: a batch
-- of thousands of participations (COPY in pipelines/batch.py) costs one set-based look-up, not a
-- trigger call per row. An UPDATE of roles is still checked row by row (transition tables cannot be
-- used with a column list); meetings' wings keep their row trigger (a few rows per article).
CREATE FUNCTION check_new_participation_roles() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE bad text;
BEGIN
    SELECT r INTO bad FROM new_rows n, unnest(n.roles) r
     WHERE NOT EXISTS (SELECT 1 FROM roles WHERE code = r) LIMIT 1;
    IF bad IS NOT NULL THEN
        RAISE foreign_key_violation USING MESSAGE = format('unknown role code %L (table roles)', bad);
    END IF;
    RETURN NULL;
END $$;

DROP TRIGGER participations_roles_check ON participations;
CREATE TRIGGER participations_roles_check_insert AFTER INSERT ON participations
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION check_new_participation_roles();
CREATE TRIGGER participations_roles_check BEFORE UPDATE OF roles ON participations
    FOR EACH ROW EXECUTE FUNCTION check_code_arrays();
