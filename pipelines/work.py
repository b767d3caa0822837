"""The CPU-bound stages of one page, clean → language → extract, and the process pool that runs them.

`process` is a plain function over a page's bytes: the crawl calls it in a worker process
(`Pool`, one per core by default, `BAITHAK_WORKERS`), tests and debugging in-process
(`BAITHAK_WORKERS=0`). Workers are forked from a server process that has already imported
trafilatura, langdetect and the extractor and loaded the language profiles and lexicons
(`pipelines.warmed`): a worker starts ready, and a pool started again after a worker died costs
no second load. Each page goes to a worker once, as bytes; plain dataclasses come back, so the
reactor thread never spends a page's CPU. A page whose worker died is counted as skipped
(`worker_died`) after one more try on a fresh pool, never lost.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import traceback
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from pipelines.clean import Cleaned, Unusable
from pipelines.clean import clean as clean_page
from pipelines.extract import extract as extract_meetings
from pipelines.extract.model import Context, Extraction
from pipelines.language import Language, detect_language, load_profiles

log = logging.getLogger(__name__)

WARM_TEXT = "पटना। भाजपा की जिला बैठक संपन्न हुई और कार्यकर्ताओं ने भाग लिया। इस अवसर पर राम कुमार उपस्थित रहे। " * 3


@dataclass
class Processed:
    """What the stages made of a page: its fields, or why it was not kept (`skip` = reason, detail)."""

    cleaned: Cleaned | None = None
    language: Language | None = None
    extraction: Extraction | None = None
    skip: tuple[str, str] | None = None
    error: str | None = None  # the extractor's traceback, for the crawl's log


def extract_page(cleaned: Cleaned, url: str) -> Extraction:
    return extract_meetings(cleaned.text, Context(url=cleaned.canonical_url or url, published=cleaned.published,
                                                  title=cleaned.title))


def process(body: bytes | None, url: str, min_chars: int, keep: frozenset[str] | set[str]) -> Processed:
    """clean → language → extract on one page's raw bytes; a page not kept comes back with `skip`."""
    try:
        cleaned = clean_page(body or b"", url, min_chars)
    except Unusable as exc:
        return Processed(skip=(exc.reason, exc.detail))
    language = detect_language(cleaned.text)
    if language.code not in keep:
        return Processed(language=language, skip=(f"language_{language.code}", f"p={language.probability}"))
    try:
        extraction = extract_page(cleaned, url)
    except Exception as exc:  # noqa: BLE001 - an extractor bug must not stop the crawl; the page is counted
        return Processed(cleaned, language, skip=("extract_error", repr(exc)[:200]), error=traceback.format_exc())
    return Processed(cleaned, language, extraction)


def warm() -> int:
    """Load what the stages load once per process (language profiles, lexicons, gazetteer)."""
    load_profiles()
    detect_language(WARM_TEXT)
    extract_meetings(WARM_TEXT)
    return os.getpid()


def _worker_init() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the crawl's to handle: it closes the pool
    warm()  # nothing left to load when forked from the warmed fork server (spawn: the whole load)


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


class Pool:
    """A process pool for `process`; `run` is awaited on the reactor thread (any Twisted reactor)."""

    def __init__(self, workers: int):
        self.workers = max(1, workers)
        self.lock = threading.Lock()  # the reactor thread and the pool's own thread may both restart it
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        try:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["pipelines.warmed"])
        except ValueError:  # no forkserver on this platform
            context = multiprocessing.get_context("spawn")
        executor = ProcessPoolExecutor(max_workers=self.workers, mp_context=context, initializer=_worker_init)
        for _ in range(self.workers):  # start every worker now, not on the first pages
            executor.submit(os.getpid)
        return executor

    def submit(self, fn, *args) -> Future:
        executor = self.executor
        try:
            return executor.submit(fn, *args)
        except BrokenProcessPool:  # a worker died (killed, out of memory): a fresh pool for the next pages
            with self.lock:
                if self.executor is executor:
                    log.error("a worker process died; starting a new process pool")
                    executor.shutdown(wait=False, cancel_futures=True)
                    self.executor = self._start()
            return self.executor.submit(fn, *args)

    def call(self, fn, *args, attempts: int = 2) -> Future:
        """`fn(*args)` (a stage function: it returns `Processed`) in a worker. A call whose worker died
        is tried again on a fresh pool; after `attempts` deaths it comes back as a page skipped for
        `worker_died` (a page that kills its worker, e.g. by running it out of memory), never lost."""
        result: Future = Future()

        def attempt(n: int) -> None:
            try:
                future = self.submit(fn, *args)
            except Exception as exc:  # noqa: BLE001 - the caller gets it
                result.set_exception(exc)
                return
            future.add_done_callback(lambda f: settle(f, n))

        def settle(f: Future, n: int) -> None:
            exc = CancelledError() if f.cancelled() else f.exception()
            if isinstance(exc, BrokenProcessPool):
                log.error("a worker process died while processing a page (attempt %d of %d)", n, attempts)
                if n < attempts:
                    attempt(n + 1)
                else:
                    result.set_result(Processed(skip=("worker_died", f"its worker process died {n} times")))
            elif exc is not None:
                result.set_exception(exc)
            else:
                result.set_result(f.result())

        attempt(1)
        return result

    async def run(self, fn, *args):
        from scrapy.utils.defer import maybe_deferred_to_future

        return await maybe_deferred_to_future(as_deferred(self.call(fn, *args)))

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


def as_deferred(future: Future):
    """A Deferred fired on the reactor thread when `future` (of another thread or process) is done."""
    from twisted.internet import reactor
    from twisted.internet.defer import Deferred

    d: Deferred = Deferred()

    def done(f: Future) -> None:
        exc = CancelledError() if f.cancelled() else f.exception()
        if exc is not None:
            reactor.callFromThread(d.errback, exc)
        else:
            reactor.callFromThread(d.callback, f.result())

    future.add_done_callback(done)
    return d
