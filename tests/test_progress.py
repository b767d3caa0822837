"""Long commands show a progress bar on a terminal and plain lines otherwise (pipelines/progress.py)."""
from __future__ import annotations

import io
import subprocess
import sys

from pipelines.progress import progress
from tests.conftest import ROOT


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_plain_lines_when_not_a_terminal():
    out = io.StringIO()
    with progress("re-extracting", total=25, stream=out) as advance:
        for _ in range(25):
            advance()
    lines = out.getvalue().splitlines()
    assert lines[-1] == "re-extracting: 25/25"
    assert 2 <= len(lines) <= 11 and all(line.startswith("re-extracting: ") for line in lines)


def test_a_bar_on_a_terminal():
    out = Terminal()
    with progress("exporting csv", total=5, stream=out) as advance:
        for _ in range(5):
            advance()
    assert "exporting csv: 5/5" not in out.getvalue()  # rich drew (and cleared) a bar instead of lines


def test_scrapy_evaluate_reports_progress_on_stderr_and_keeps_stdout_clean():
    result = subprocess.run([sys.executable, "-m", "scrapy", "evaluate", "tests/holdout", "--json"], cwd=ROOT,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.lstrip().startswith("{")
    assert "evaluating tests/holdout: " in result.stderr
