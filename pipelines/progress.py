"""Progress of a long command: a rich progress bar on a terminal, plain lines otherwise (logs, cron, pipes).

    with progress("re-extracting", total=len(rows)) as advance:
        for row in rows:
            ...
            advance()

Written to stderr, so a command's output (JSON, tables) stays clean on stdout.
"""
from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

PLAIN_EVERY_S = 10.0  # plain lines: at most one per this many seconds, plus every tenth and the last


@contextmanager
def progress(description: str, total: int, stream: TextIO | None = None) -> Iterator[Callable[..., None]]:
    stream = stream or sys.stderr
    if stream.isatty():
        from rich.console import Console
        from rich.progress import Progress

        with Progress(console=Console(file=stream), transient=True) as bar:
            task = bar.add_task(description, total=total)
            yield lambda n=1: bar.advance(task, n)
        return
    done = 0
    step = max(1, -(-total // 10))  # every tenth, rounded up
    last = time.monotonic()

    def advance(n: int = 1) -> None:
        nonlocal done, last
        before, done = done, done + n
        now = time.monotonic()
        if done >= total or done // step > before // step or now - last >= PLAIN_EVERY_S:
            last = now
            print(f"{description}: {done}/{total}", file=stream, flush=True)

    yield advance
