-- baithak_reader: a read-only login role for analysts (SELECT on every table and view, nothing
-- else). Roles are per server: an existing one is reused. A user that may not create roles
-- (a managed DATABASE_URL) skips this with a notice.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'baithak_reader') THEN
        CREATE ROLE baithak_reader LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
    END IF;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO baithak_reader', current_database());
    GRANT USAGE ON SCHEMA public TO baithak_reader;
    GRANT SELECT ON ALL TABLES IN SCHEMA public TO baithak_reader;
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO baithak_reader;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'baithak_reader not created: %', SQLERRM;
END $$;
