"""Access for analysts: the read-only role's connection string.

On the embedded server every login needs a password (pipelines/embedded.py): the
read-only role `baithak_reader` (created by migration 0007) gets one, generated
once and kept beside the others in `BAITHAK_HOME/pgpass`, so libpq finds it and no
password appears in a URL. With DATABASE_URL the server's own authentication applies
(set a password with `ALTER ROLE baithak_reader PASSWORD '…'` where it needs one).
"""
from __future__ import annotations

import os
import secrets

import psycopg
from psycopg import sql

from pipelines import db

READER = "baithak_reader"


def reader_url(conn: psycopg.Connection, url: str) -> str:
    """The URL of `url`'s database for the read-only role (its password ensured on the embedded server)."""
    info = psycopg.conninfo.conninfo_to_dict(url)
    info.pop("password", None)
    info["user"] = READER
    passfile = info.get("passfile")
    if passfile and os.path.abspath(passfile) == os.path.abspath(db.home() / "pgpass"):  # the embedded server's
        lines = open(passfile, encoding="utf-8").read().splitlines()
        mine = [line for line in lines if line.startswith(f"*:*:*:{READER}:")]
        if mine:
            password = mine[0].split(":", 4)[4]
        else:
            password = secrets.token_urlsafe(24)
            with open(passfile, "a", encoding="utf-8") as f:
                f.write(f"*:*:*:{READER}:{password}\n")
        with psycopg.connect(db.admin_url(), autocommit=True) as admin:  # the embedded server's superuser
            if admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (READER,)).fetchone():
                admin.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(sql.Identifier(READER),
                                                                          sql.Literal(password)))
    return psycopg.conninfo.make_conninfo("", **info)


def current_url() -> str:
    return os.environ.get("DATABASE_URL") or db.database_url()
