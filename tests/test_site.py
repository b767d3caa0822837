"""The fixture news site: real HTTP on 127.0.0.1, discoverable pages, and the bad pages it promises."""
from __future__ import annotations

import html
import json
import re
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

import pytest
from protego import Protego

from crawler.fixture.content import PAGES_DIR, load_pages
from crawler.fixture.server import ArticleRecord, Site, serve
from tests.test_gold_format import problems

DEV = Path(__file__).resolve().parents[1] / "crawler" / "fixture" / "reports"  # the dev set, served by default
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
PER_PAGE = 3  # small, so that every listing paginates

DEV_TEXTS = {
    "x001": ("कोरबा। कांग्रेस की ब्लॉक कमेटी की बैठक शुक्रवार को कांग्रेस भवन में हुई।\n"
             "बैठक में संगठन को मजबूत करने पर चर्चा की गई।\n", "2024-02-09",
             [{"place": "कोरबा", "state": "Chhattisgarh"}]),
    "x002": ("गया। जिले में इस साल धान की खरीद पिछले साल से अधिक हुई है।\n"
             "किसानों को भुगतान समय पर किया जा रहा है।\n", None, []),
    "x003": ("नागौर। किसान संगठन की पंचायत अगले रविवार को कृषि मंडी परिसर में होगी।\n", "2024-01-21", []),
}


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(url: str, method: str = "GET") -> tuple[int, dict, bytes]:
    try:
        with OPENER.open(urllib.request.Request(url, method=method), timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def text(url: str) -> str:
    status, _, body = fetch(url)
    assert status == 200, url
    return body.decode("utf-8")


def root(base_url: str) -> str:
    return urljoin(base_url, "/")


@pytest.fixture(scope="module")
def dev_dir(tmp_path_factory) -> Path:
    """A small stand-in for the dev set (crawler/fixture/reports): two meeting reports and a negative without date or title."""
    folder = tmp_path_factory.mktemp("dev")
    (folder / "gold").mkdir()
    (folder / "texts").mkdir()
    for article_id, (body, published, meetings) in DEV_TEXTS.items():
        (folder / "texts" / f"{article_id}.txt").write_text(body, encoding="utf-8")
        gold = {"id": article_id, "text_file": f"texts/{article_id}.txt", "url": None,
                "published": published, "meetings": meetings}
        if article_id != "x002":
            gold["title"] = f"शीर्षक {article_id}"
        (folder / "gold" / f"{article_id}.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def site(dev_dir) -> Site:
    with serve(dev_dir=dev_dir, port=0, per_page=PER_PAGE, large_bytes=6 * 1024 * 1024) as running:
        yield running


def record(site: Site, article_id: str) -> ArticleRecord:
    return next(r for r in site.articles if r.id == article_id)


def hrefs(page: str, base: str) -> set[str]:
    return {urljoin(base, html.unescape(h)) for h in re.findall(r'href="([^"#]+)"', page)}


# Start-up and the records -------------------------------------------------------


def test_serves_two_sources_on_free_ports_and_starts_fast(dev_dir):
    started = time.perf_counter()
    with serve(dev_dir=dev_dir, port=0) as running:
        elapsed = time.perf_counter() - started
        assert set(running.base_urls) == {"fixture-portal", "fixture-daily"}
        ports = {u.split(":")[2].split("/")[0] for u in running.base_urls.values()}
        assert len(ports) == 2
        assert running.base_urls["fixture-portal"].endswith("/portal/")
        assert running.base_urls["fixture-daily"].endswith("/daily/")
        assert text(running.base_urls["fixture-portal"])
    assert elapsed < 0.5


def test_every_dev_article_is_served_with_its_expectation(site):
    dev = {r.id: r for r in site.articles if r.id in DEV_TEXTS}
    assert set(dev) == set(DEV_TEXTS)
    assert dev["x001"].expect == "meeting" and dev["x002"].expect == "no_meeting"
    assert dev["x001"].gold.name == "x001.json"
    assert dev["x002"].title == "गया। जिले में इस साल धान की खरीद"  # first 8 words: no title in gold
    assert dev["x002"].published == "2024-03-14"  # fixed date: no publication date in gold
    page = text(dev["x001"].url)
    for line in DEV_TEXTS["x001"][0].splitlines():
        assert html.escape(line) in page
    assert "2024-02-09T" in page and "+05:30" in page


def test_the_real_dev_set_is_served_in_full():
    golds = sorted(p.stem for p in (DEV / "gold").glob("*.json"))
    if not golds:
        pytest.skip("crawler/fixture/reports/gold is empty")
    with serve(dev_dir=DEV, port=0) as running:
        served = {r.id for r in running.articles}
    assert set(golds) <= served


def test_site_pages_declare_known_outcomes():
    pages = load_pages()
    expects = {p.expect for p in pages}
    assert {"meeting", "no_meeting", "dropped:language", "dropped:binary", "dropped:too_large",
            "http:404", "http:301", "http:302"} <= expects
    for page in pages:
        if page.gold:
            assert problems(page.gold) == []
            gold = json.loads(page.gold.read_text(encoding="utf-8"))
            assert bool(gold["meetings"]) == (page.expect == "meeting")
            assert gold["published"] == page.published.date().isoformat()


# Discovery: robots, sitemaps, feed, listings -------------------------------------


def test_robots_names_the_sitemaps_and_disallows_private_paths(site):
    portal, daily = site.base_urls["fixture-portal"], site.base_urls["fixture-daily"]
    for base, sitemap, private in ((portal, "wp-sitemap.xml", "wp-admin/"), (daily, "sitemaps/news.xml", "search?q=x")):
        robots = Protego.parse(text(root(base) + "robots.txt"))
        assert list(robots.sitemaps) == [base + sitemap]
        assert not robots.can_fetch(base + private, "baithak")
        assert robots.can_fetch(base, "baithak")
    daily_robots = Protego.parse(text(root(daily) + "robots.txt"))
    assert site.disallowed and not any(daily_robots.can_fetch(u, "baithak") for u in site.disallowed)
    assert all(daily_robots.can_fetch(r.url, "baithak") for r in site.articles if r.source == "fixture-daily")


def portal_sitemap_urls(base: str) -> tuple[list[str], set[str]]:
    index = ET.fromstring(fetch(base + "wp-sitemap.xml")[2])
    sitemaps = [s.findtext(f"{SITEMAP_NS}loc") for s in index]
    urls = set()
    for sitemap in sitemaps:
        for entry in ET.fromstring(fetch(sitemap)[2]):
            assert entry.findtext(f"{SITEMAP_NS}lastmod")
            urls.add(entry.findtext(f"{SITEMAP_NS}loc"))
    return sitemaps, urls


def test_portal_sitemap_index_splits_posts_over_several_sitemaps(site):
    sitemaps, urls = portal_sitemap_urls(site.base_urls["fixture-portal"])
    assert sum("wp-sitemap-posts-post-" in s for s in sitemaps) >= 2
    assert record(site, "weather-heatwave").url in urls


def test_daily_news_sitemap_has_google_news_entries(site):
    tree = ET.fromstring(fetch(site.base_urls["fixture-daily"] + "sitemaps/news.xml")[2])
    news = "{http://www.google.com/schemas/sitemap-news/0.9}"
    entries = list(tree)
    assert entries
    for entry in entries:
        assert entry.find(f"{news}news/{news}publication/{news}language").text == "hi"
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+05:30", entry.findtext(f"{news}news/{news}publication_date"))


def test_feed_is_rss_with_the_newest_posts(site):
    status, headers, body = fetch(site.base_urls["fixture-portal"] + "feed/")
    assert status == 200 and headers["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(body).find("channel")
    items = channel.findall("item")
    assert 0 < len(items) <= 10
    assert all(i.findtext("link").startswith(site.base_urls["fixture-portal"]) for i in items)
    assert all(i.findtext("pubDate").endswith("+0000") for i in items)


def crawl_listings(start: str, pattern: str) -> set[str]:
    """All links of a listing and of its pages, following pagination."""
    seen, queue, links = set(), [start], set()
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        found = hrefs(text(url), url)
        links |= found
        queue += [u for u in found if re.search(pattern, u)]
    return links


def test_listings_paginate(site):
    portal, daily = site.base_urls["fixture-portal"], site.base_urls["fixture-daily"]
    assert 'class="next page-numbers"' in text(portal)
    assert fetch(portal + "page/2/")[0] == 200
    assert fetch(portal + "category/rajniti/page/2/")[0] == 200
    assert 'rel="next"' in text(daily + "local/")
    assert fetch(daily + "local/?page=2")[0] == 200


def test_sitemaps_feed_and_listings_reach_every_page(site):
    portal, daily = site.base_urls["fixture-portal"], site.base_urls["fixture-daily"]
    found = portal_sitemap_urls(portal)[1]
    found |= {i.findtext("link") for i in ET.fromstring(fetch(portal + "feed/")[2]).iter("item")}
    found |= {e.findtext(f"{SITEMAP_NS}loc") for e in ET.fromstring(fetch(daily + "sitemaps/news.xml")[2])}
    found |= crawl_listings(portal, r"/page/\d+/$")
    for section in ("local/", "national/"):
        found |= crawl_listings(daily + section, r"\?page=\d+$")
    targets = {r.redirect_to for r in site.articles if r.redirect_to}
    missing = [r.url for r in site.articles if r.url not in found and r.url not in targets]
    assert not missing
    assert set(site.disallowed) <= found


# Pages --------------------------------------------------------------------------


def test_article_pages_carry_text_and_metadata(site):
    for article_id in ("charset-latin1", "no-charset", "weather-heatwave", "crime-theft"):
        rec = record(site, article_id)
        page = text(rec.url)
        body = (PAGES_DIR / "texts" / f"{article_id}.txt").read_text(encoding="utf-8")
        for line in body.splitlines():
            assert html.escape(line) in page
        assert f'<link rel="canonical" href="{rec.url}">' in page
        assert f'<meta property="article:published_time" content="{rec.published}T' in page
        ld = [json.loads(m) for m in re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page)]
        articles = [n for d in ld for n in d.get("@graph", [d]) if n.get("@type") == "NewsArticle"]
        assert articles[0]["headline"] == rec.title and articles[0]["datePublished"].endswith("+05:30")


def test_theme_boilerplate_is_there(site):
    portal_page = text(record(site, "weather-heatwave").url)
    for piece in ("ब्रेकिंग न्यूज़", "ताज़ा खबरें", "यह भी पढ़ें", "More Stories", "Leave a Reply", "<script"):
        assert piece in portal_page
    daily_page = text(record(site, "crime-theft").url)
    for piece in ("ये भी पढ़ें", 'class="breadcrumb"', "प्रकाशित: 16 मार्च 2024", "Advertisement"):
        assert piece in daily_page


def test_charset_page_declares_latin1_but_is_utf8(site):
    status, headers, body = fetch(record(site, "charset-latin1").url)
    assert headers["Content-Type"] == "text/html; charset=iso-8859-1"
    assert b'content="text/html; charset=iso-8859-1"' in body
    assert "सीहोर" in body.decode("utf-8")


def test_no_charset_page_declares_nothing(site):
    status, headers, body = fetch(record(site, "no-charset").url)
    assert headers["Content-Type"] == "text/html"
    assert b"charset" not in body.lower()
    assert "बेगूसराय" in body.decode("utf-8")


def test_redirects_redirect(site):
    for article_id, status in (("old-slug", 301), ("old-story-url", 302)):
        rec = record(site, article_id)
        got, headers, _ = fetch(rec.url)
        assert got == status and headers["Location"] == rec.redirect_to
        assert fetch(rec.redirect_to)[0] == 200


def test_missing_pages_are_404(site):
    for article_id in ("missing-portal", "missing-daily"):
        status, _, body = fetch(record(site, article_id).url)
        assert status == 404 and "<html" in body.decode("utf-8")


def test_bad_pages(site):
    _, headers, _ = fetch(record(site, "large-fair").url, method="HEAD")
    assert int(headers["Content-Length"]) > 6 * 1024 * 1024
    _, headers, body = fetch(record(site, "press-note-pdf").url)
    assert headers["Content-Type"] == "application/pdf" and body.startswith(b"%PDF")
    _, headers, body = fetch(record(site, "photo-jpeg").url)
    assert headers["Content-Type"] == "image/jpeg" and body.startswith(b"\xff\xd8")
    malformed = text(record(site, "malformed-training").url)
    assert "</p>" not in malformed and not malformed.rstrip().endswith("</html>")


def test_requests_are_recorded(site):
    url = record(site, "weather-heatwave").url
    text(url)
    assert site.fetched(url)
    assert not any(site.fetched(u) for u in site.disallowed)
