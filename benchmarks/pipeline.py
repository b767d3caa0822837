"""Per-page cost of each stage, and crawl throughput with and without the pipelines.

    .venv/bin/python benchmarks/pipeline.py

Prints figures; asserts nothing. Stage timings run on the real publisher pages
in ../shared/data/html (when present) and on the fixture site's pages; the
crawl part serves the fixture site on 127.0.0.1 and runs two crawls in
subprocesses: a bare Scrapy spider that only fetches, and `scrapy crawl news`
with clean → language → extract → store into a scratch database. The ratio
of the two is measured in the same run.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines import db  # noqa: E402
from pipelines.clean import Unusable, clean  # noqa: E402
from pipelines.extract import extract  # noqa: E402
from pipelines.extract.model import Context  # noqa: E402
from pipelines.language import detect_language  # noqa: E402
from tests.site.server import serve  # noqa: E402

SHARED_HTML = ROOT.parent / "shared" / "data" / "html"


def ms(samples: list[float]) -> str:
    s = sorted(samples)
    p95 = s[min(len(s) - 1, int(round(0.95 * (len(s) - 1))))]
    return f"median {statistics.median(s):6.2f} ms   p95 {p95:6.2f} ms   (n={len(s)})"


def stage_timings(pages: list[bytes]) -> None:
    cleaned, times = [], {"clean": [], "language": [], "extract": []}
    for body in pages:
        t = time.perf_counter()
        try:
            c = clean(body)
        except Unusable:
            continue
        times["clean"].append((time.perf_counter() - t) * 1000)
        cleaned.append(c)
    warm = "पटना। भाजपा की बैठक संपन्न हुई और कार्यकर्ताओं ने भाग लिया। " * 3
    detect_language(warm)  # language profiles, lexicons and the gazetteer load once per process
    extract(warm)
    for c in cleaned:
        t = time.perf_counter()
        detect_language(c.text)
        times["language"].append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        extract(c.text, Context(published=c.published))
        times["extract"].append((time.perf_counter() - t) * 1000)
    for stage, samples in times.items():
        print(f"  {stage:9} {ms(samples)}")


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


def crawl(args: list[str], env: dict[str, str]) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "scrapy", *args, "-s", "AUTOTHROTTLE_ENABLED=False",
                    "-s", "LOG_LEVEL=WARNING"], cwd=ROOT, env=env, check=True)
    return time.perf_counter() - t


def main() -> None:
    if SHARED_HTML.exists():
        print(f"Stages on the real publisher pages in {SHARED_HTML}:")
        stage_timings([p.read_bytes() for p in sorted(SHARED_HTML.glob("*.html"))])
    with serve(ROOT / "tests" / "dev") as site:
        urls = [a.url for a in site.articles]
        print(f"Stages on the fixture site's {len(urls)} pages:")
        stage_timings(fetch_all(urls))
        name = f"baithak_bench_{os.getpid()}"
        env = {**os.environ, **site.environment(), "DATABASE_URL": db.create_database(name)}
        try:
            only = "source=fixture-portal,fixture-daily"
            bare = crawl(["runspider", "benchmarks/fetchonly_spider.py", "-a", only], env)
            full = crawl(["crawl", "news", "-a", only, "-a", "refetch=1"], env)
        finally:
            db.drop_database(name)
        n = len(urls)
        print(f"Crawl of the fixture site ({n} article URLs; discovery and process start included):")
        print(f"  bare spider (fetch only)        {bare:6.2f} s   {n / bare:7.1f} pages/s")
        print(f"  full pipeline with DB writes    {full:6.2f} s   {n / full:7.1f} pages/s")
        print(f"  ratio full / bare               {full / bare:6.2f}x the time")


if __name__ == "__main__":
    main()
