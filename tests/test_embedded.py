"""Issue 9: the embedded server is closed — passwords only, kept in a mode-600 file; the crawler's role is no superuser."""
from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pytest

from tests.conftest import ROOT

PROBE = r"""
import json, stat, sys
from pathlib import Path
import psycopg
from pipelines import db, embedded
url = db.database_url()
info = psycopg.conninfo.conninfo_to_dict(url)
facts = {"url": url}
with db.connect(url) as conn:
    facts["user"], facts["super"] = conn.execute(
        "SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()
    db.migrate(conn)
    conn.execute("CREATE TABLE IF NOT EXISTS probe (x int)")  # the owner may write
    facts["owner_of_articles"] = conn.execute(
        "SELECT tableowner FROM pg_tables WHERE tablename = 'articles'").fetchone()[0]
facts["socket_dir"] = info["host"]
facts["socket_mode"] = stat.S_IMODE(Path(info["host"]).stat().st_mode)
facts["passfile_mode"] = stat.S_IMODE(Path(info["passfile"]).stat().st_mode)
facts["passfile_text_in_url"] = any(line.split(":")[-1] in url
                                    for line in Path(info["passfile"]).read_text().splitlines())
refused = {}
for user in ("postgres", "baithak"):
    try:
        psycopg.connect(host=info["host"], user=user, dbname="postgres", passfile="/nonexistent", connect_timeout=5).close()
        refused[user] = False
    except psycopg.OperationalError as exc:
        refused[user] = "password" in str(exc)
facts["refused_without_password"] = refused
print(json.dumps(facts))
"""


def probe(home) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["BAITHAK_HOME"] = str(home)
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("long_path", [False, True], ids=["short", "long"])
def test_embedded_server_needs_a_password_and_the_crawler_is_no_superuser(tmp_path, long_path):
    home = tmp_path / ("h" + "x" * 110 if long_path else "h")
    home.mkdir()
    facts = probe(home)
    assert facts["user"] == "baithak" and facts["super"] is False
    assert facts["owner_of_articles"] == "baithak"
    assert facts["refused_without_password"] == {"postgres": True, "baithak": True}
    assert facts["passfile_mode"] == 0o600 and not facts["passfile_text_in_url"]
    if long_path:  # the package moved the socket out of the data directory: closed all the same
        assert not facts["socket_dir"].startswith(str(home))
    assert facts["socket_mode"] & (stat.S_IRWXG | stat.S_IRWXO) == 0, oct(facts["socket_mode"])
    # A second process reuses the closed server and its passwords.
    assert probe(home)["refused_without_password"] == {"postgres": True, "baithak": True}
