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
STARTUP_TIMEOUT = 120.0  # seconds for the workers to start and load what they need

# A report whose venue is a town the gazetteer knows only by its English name: the extractor builds
# its indexes of places on first use, and this takes them all.
WARM_TEXT = ("मंडी (हिमाचल प्रदेश), 5 मार्च। भाजपा मंडल जोगिंदरनगर की बैठक रविवार को जोगिंदरनगर स्थित विश्राम गृह में "
             "संपन्न हुई। बैठक की अध्यक्षता मंडल अध्यक्ष राम कुमार ने की, संचालन महामंत्री सुनीता देवी ने किया। मुख्य "
             "अतिथि पूर्व विधायक डॉ. अनिल शर्मा ने कहा कि आगामी लोकसभा चुनाव के लिए हर बूथ पर समिति बनाई जाएगी। "
             "जिलाध्यक्ष ने कार्यकर्ताओं से सदस्यता अभियान तेज करने का आह्वान किया। इस अवसर पर प्रदेश मंत्री विनोद ठाकुर, "
             "युवा मोर्चा के जिला अध्यक्ष, पार्षद मनोज यादव, सरपंच, महिला मोर्चा की कार्यकर्ता आदि उपस्थित रहे। "
             "अंत में कोषाध्यक्ष ने सभी का आभार व्यक्त किया। ")
# Pages that take every stage's first-call set-up (trafilatura's public-suffix list, justext's stoplists,
# htmldate's, the full language profiles): a Hindi report with its metadata, an English page, a near-empty one.
WARM_PAGES = tuple(
    (f'<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
     f'<link rel="canonical" href="https://news.example.in/{lang}/2024/03/05/baithak.html">'
     f'<meta name="author" content="{author}"><meta property="article:published_time" content="2024-03-05T10:00:00+05:30">'
     f'</head><body><nav><a href="/">Home</a></nav><article><h1>{title}</h1>'
     + "".join(f"<p>{text}</p>" for _ in range(4)) + "</article><footer>© 2024</footer></body></html>").encode()
    for lang, title, author, text in (
        ("hi", "भाजपा की जिला बैठक", "राम कुमार", WARM_TEXT),
        ("en", "District meeting", "Ram Kumar", "The district unit of the party met on Sunday at its office. " * 4))
) + (b"<html><body><div><p>\xe0\xa4\xac\xe0\xa5\x88\xe0\xa4\xa0\xe0\xa4\x95</p></div></body></html>",)  # too short: justext's turn


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


_warmed = False  # inherited by the workers the warmed fork server forks


def warm() -> int:
    """Load what the stages load once per process (language profiles, lexicons, gazetteer) and run
    them on three pages, so that no crawled page pays a library's first-call set-up (about 0.3 s)."""
    global _warmed
    load_profiles()
    for page in WARM_PAGES:
        for url in ("https://news.example.in/2024/03/05/baithak.html", "http://127.0.0.1:8765/news/"):  # a name, an IP
            process(page, url, 150, frozenset({"hi"}))
    extract_meetings(WARM_TEXT)
    _warmed = True
    return os.getpid()


def _worker_init() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the crawl's to handle: it closes the pool
    if not _warmed:  # forked from the warmed fork server: nothing left to do (spawn: the whole load)
        warm()


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


class Pool:
    """A process pool for `process`; `run` is awaited on the reactor thread (any Twisted reactor)."""

    def __init__(self, workers: int):
        self.workers = max(1, workers)
        self.lock = threading.Lock()  # the reactor thread and the pool's own thread may both restart it
        self.executor = self._start(ready_within=STARTUP_TIMEOUT)

    def _start(self, ready_within: float = 0.0) -> ProcessPoolExecutor:
        """A pool whose workers are started now, not on the first pages; with `ready_within`, waited
        for (the fork server's warm-up is part of the crawl's start, not of its first pages)."""
        try:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["pipelines.warmed"])
        except ValueError:  # no forkserver on this platform
            context = multiprocessing.get_context("spawn")
        executor = ProcessPoolExecutor(max_workers=self.workers, mp_context=context, initializer=_worker_init)
        started = [executor.submit(os.getpid) for _ in range(self.workers)]
        if ready_within:
            try:
                for future in started:
                    future.result(timeout=ready_within)
            except Exception as exc:  # noqa: BLE001 - pages then come back as worker_died, counted
                log.error("the worker processes did not start: %r", exc)
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
