"""Scrapy settings: the one place for politeness defaults.

Every value can be overridden per run (`scrapy crawl news -s NAME=VALUE`);
per-source delay and concurrency come from the sources file.
"""
import os
from datetime import datetime, timezone

BOT_NAME = "baithak"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
COMMANDS_MODULE = "crawler.commands"

# Politeness.
USER_AGENT = "baithak/0.1 (research crawler for Hindi political news; +https://example.org/baithak)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0.5  # ±50% around the delay
AUTOTHROTTLE_ENABLED = True
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
                          "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
                          "crawler.guard.GuardedRedirectMiddleware": 600}
TWISTED_DNS_RESOLVER = "crawler.guard.GuardedResolver"
# 404s and other errors reach the spider's errback, which records them as skipped pages.
HTTPERROR_ALLOW_ALL = False

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
BAITHAK_RETRY_BACKOFF = 3600.0  # seconds before a transient skip (5xx, timeout …) is tried again; doubles per attempt

TELNETCONSOLE_ENABLED = False
LOG_FORMATTER = "crawler.logformatter.QuietDrops"

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
