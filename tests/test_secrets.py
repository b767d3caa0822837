"""Issue 9: no error path prints a database password, however malformed the URL."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from pipelines import db
from tests.conftest import ROOT

SECRET = "S3cretPW-9x"
MALFORMED = [
    f"postgresql://alice:{SECRET}@127.0.0.1:notaport/db",          # bad port
    f"postgresql://alice:{SECRET}@[::1/db",                         # unclosed IPv6 bracket
    f"host=127.0.0.1 password={SECRET} user",                       # key/value without '='
    f"postgresql://alice:{SECRET}@127.0.0.1/db?sslmode=bogus",      # bad option value
    f"postgresql://alice:{SECRET}@127.0.0.1:1/db",                  # nothing listens
    f"postgresql://alice@127.0.0.1:1/db?password={SECRET}&x",       # password as a query parameter
    f"postgres ql://alice:{SECRET}@host/db",                        # not a URL at all
]
SOURCES = """
[[source]]
name = "nowhere"
base_url = "http://127.0.0.1:1/"
domains = ["127.0.0.1"]
allow_private = true
discovery = [{ type = "listing", url = "/" }]
"""


@pytest.mark.parametrize("url", MALFORMED)
def test_messages_never_hold_the_password(url):
    assert SECRET not in db.redact(url)
    with pytest.raises(db.DatabaseUnavailable) as caught:
        db.connect(url)
    assert SECRET not in str(caught.value) and caught.value.__cause__ is None and caught.value.__suppress_context__


@pytest.mark.parametrize("url", MALFORMED)
def test_commands_print_one_error_line_without_the_password(url, tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text(SOURCES, encoding="utf-8")
    env = {**os.environ, "DATABASE_URL": url, "BAITHAK_SOURCES": str(sources)}
    for command in (["summary"], ["migrate"], ["crawl", "news", "-s", "LOG_LEVEL=INFO"]):
        result = subprocess.run([sys.executable, "-m", "scrapy", *command], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=120)
        output = result.stdout + result.stderr
        assert SECRET not in output, (command, output[-2000:])
        assert "Traceback" not in output, (command, output[-2000:])
        if command[0] != "crawl":
            assert result.returncode == 1
            assert [line for line in output.splitlines() if line.strip()][-1].startswith("error: ")
        else:
            assert "database_unavailable" in output
