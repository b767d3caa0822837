-- Indexes for the analyst queries that scanned whole tables (benchmarks/queries.py, issue 8).
--
-- Full-text search on the article text, with the 'simple' configuration (PostgreSQL has no
-- Hindi stemmer; 'simple' keeps every Devanagari word as written). The index serves queries
-- written with the same expression:
--   WHERE to_tsvector('simple', text) @@ websearch_to_tsquery('simple', 'किसान सम्मेलन')
CREATE INDEX articles_text_fts_idx ON articles USING gin (to_tsvector('simple', text));

-- Name substrings (name ILIKE '%कुशवाहा%', romanised ILIKE '%kushwaha%'): trigram GIN indexes
-- from pg_trgm, a contrib extension shipped with PostgreSQL (and with the embedded server) that a
-- database owner may create. Where it is not installed or may not be created (some managed
-- servers), the migration goes on without these indexes and such searches scan `people`.
DO $$
DECLARE
    ext_schema text;
BEGIN
    BEGIN
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
    EXCEPTION WHEN OTHERS THEN
        RAISE NOTICE 'pg_trgm not available (%): name searches with ILIKE will scan the table', SQLERRM;
    END;
    SELECT n.nspname INTO ext_schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
     WHERE e.extname = 'pg_trgm';
    IF ext_schema IS NOT NULL THEN
        EXECUTE format('CREATE INDEX people_name_trgm_idx ON people USING gin (name %I.gin_trgm_ops)', ext_schema);
        EXECUTE format('CREATE INDEX people_romanised_trgm_idx ON people USING gin (romanised %I.gin_trgm_ops)',
                       ext_schema);
        EXECUTE format('CREATE INDEX person_aliases_name_trgm_idx ON person_aliases USING gin (name %I.gin_trgm_ops)',
                       ext_schema);
    END IF;
END $$;
