"""The database: migrations, and one clear error when the server is unreachable."""
import subprocess
import sys

import psycopg
import pytest

from pipelines import db
from tests.conftest import ROOT


def test_migrations_are_recorded_and_applied_once(database_url):
    with psycopg.connect(database_url) as conn:
        assert db.migrate(conn) == []
        versions = [r[0] for r in conn.execute("SELECT version FROM schema_migrations ORDER BY version")]
    assert versions == [p.stem for p in db.migrations()]


def test_unreachable_database_is_one_clear_error():
    with pytest.raises(db.DatabaseUnavailable, match="cannot connect to PostgreSQL at host=127.0.0.1 port=1"):
        db.connect("postgresql://nobody@127.0.0.1:1/none")


def test_migrate_command_reports_unreachable_database_without_traceback():
    env = {"DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-m", "scrapy", "migrate"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "error: cannot connect to PostgreSQL" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
