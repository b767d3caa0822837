"""Keeps the embedded PostgreSQL up for other clients (`scrapy db up` / `scrapy db down`).

`python -m pipelines.keeper` holds one handle on the embedded server until it
gets SIGTERM; the server stops when the last handle is released (the keeper,
a crawl, a dbshell …). Its pid is in `<BAITHAK_HOME>/keeper.pid`.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from pipelines import db


def pid_file() -> Path:
    return db.home() / "keeper.pid"


def running() -> int | None:
    """The keeper's pid when one is running."""
    try:
        pid = int(pid_file().read_text())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    return pid


def start(timeout: float = 60) -> int:
    """Start a keeper (unless one runs); return its pid once the server is up."""
    pid = running()
    if pid:
        return pid
    db.home().mkdir(parents=True, exist_ok=True)
    ready = db.home() / "keeper.ready"
    ready.unlink(missing_ok=True)
    log = open(db.home() / "keeper.log", "ab")
    proc = subprocess.Popen([sys.executable, "-m", "pipelines.keeper"], stdin=subprocess.DEVNULL, stdout=log,
                            stderr=log, start_new_session=True, cwd=db.ROOT)
    deadline = time.monotonic() + timeout
    while not ready.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            raise db.DatabaseUnavailable(f"the embedded server did not start (see {db.home() / 'keeper.log'})")
        time.sleep(0.1)
    return proc.pid


def stop(timeout: float = 60) -> bool:
    """Stop the keeper; return whether one was running."""
    pid = running()
    if not pid:
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except OSError:
            break
        time.sleep(0.1)
    pid_file().unlink(missing_ok=True)
    return True


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGINT, lambda *_: sys.exit(0))
    db.embedded_url()  # takes a handle; released at exit (atexit)
    pid_file().write_text(str(os.getpid()))
    (db.home() / "keeper.ready").write_text("")
    while True:
        signal.pause()


if __name__ == "__main__":
    main()
