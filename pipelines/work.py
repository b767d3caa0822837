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

from pipelines.clean import Cleaned
from pipelines.clean import clean as clean_page
from pipelines.skip import Skip
from pipelines.extract import extract as extract_meetings
from pipelines.extract.model import Context, Extraction
from pipelines.language import Language, detect_language, load_profiles

log = logging.getLogger(__name__)

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
    except Skip as exc:
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


def context() -> multiprocessing.context.BaseContext:
    """Workers forked from the warmed fork server (`pipelines.warmed`), or spawned where there is none."""
    try:
        forkserver = multiprocessing.get_context("forkserver")
    except ValueError:  # no forkserver on this platform
        return multiprocessing.get_context("spawn")
    forkserver.set_forkserver_preload(["pipelines.warmed"])
    return forkserver


def start_fork_server() -> None:
    """Start the fork server now, so it loads and warms up while Scrapy starts (`scrapy crawl`)."""
    if context().get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


class Pool:
    """A process pool for `process`; `run` is awaited on the reactor thread (any Twisted reactor).

    The workers start in a thread of their own: the crawl does not wait for the fork server's
    warm-up (downloads begin meanwhile); pages handed over before the workers are up wait for them."""

    def __init__(self, workers: int):
        self.workers = max(1, workers)
        self.lock = threading.Lock()  # the reactor thread and the pool's own threads may all use or restart it
        self.executor: ProcessPoolExecutor | None = None
        self.waiting: list = []  # calls made before the workers were up
        self.starter = threading.Thread(target=self._start_first, name="baithak-pool-start", daemon=True)
        self.starter.start()

    def _start(self) -> ProcessPoolExecutor:
        executor = ProcessPoolExecutor(max_workers=self.workers, mp_context=context(), initializer=_worker_init)
        for _ in range(self.workers):  # every worker now, not on the first pages
            executor.submit(os.getpid)
        return executor

    def _start_first(self) -> None:
        try:
            executor = self._start()  # this thread waits while the fork server warms up
        except Exception:  # noqa: BLE001 - the calls waiting get the error
            log.exception("the worker processes could not be started")
            executor = None
        with self.lock:
            self.executor, waiting, self.waiting = executor, self.waiting, []
        for go in waiting:
            go()

    def submit(self, fn, *args) -> Future:
        if threading.current_thread() is not self.starter:
            self.starter.join()  # callers other than `call` (tests, benchmarks) wait for the workers
        executor = self.executor
        if executor is None:
            raise RuntimeError("the worker processes could not be started (see the log)")
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

        with self.lock:
            if self.executor is None and self.starter.is_alive():
                self.waiting.append(lambda: attempt(1))  # handed over once the workers are up
                return result
        attempt(1)
        return result

    async def run(self, fn, *args):
        from scrapy.utils.defer import maybe_deferred_to_future

        return await maybe_deferred_to_future(as_deferred(self.call(fn, *args)))

    def close(self) -> None:
        self.starter.join()
        if self.executor is not None:
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
