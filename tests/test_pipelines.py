"""The Scrapy item pipelines around a database that goes away and comes back (a real server)."""
from __future__ import annotations

from datetime import datetime, timezone

import psycopg
from scrapy.utils.test import get_crawler

from crawler.items import ArticleItem, SkippedItem
from crawler.spiders.news import NewsSpider
from pipelines.stages import CleanPipeline, ExtractPipeline, LanguagePipeline, StorePipeline

PAGE = ("<html><head><title>बैठक</title></head><body><article><p>रायगढ़। कांग्रेस की जिला बैठक रविवार को "
        "जिलाध्यक्ष रमेश यादव की अध्यक्षता में हुई। संचालन जिला महामंत्री सुनील साहू ने किया। इस अवसर पर "
        "अनिल वर्मा, सीमा पटेल और रफीक खान उपस्थित रहे।</p></article></body></html>").encode()


def article(url: str) -> ArticleItem:
    item = ArticleItem(url=url, source="test", body=PAGE, fetched_at=datetime.now(timezone.utc))
    for stage in (CleanPipeline(150), LanguagePipeline(["hi"]), ExtractPipeline()):
        item = stage.process_item(item)
    return item


def test_a_lost_connection_is_counted_and_the_next_write_reconnects(conn, database_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", database_url)
    crawler = get_crawler(NewsSpider)
    crawler.stats.open_spider()
    store = StorePipeline(crawler)
    store.conn = psycopg.connect(database_url, autocommit=True)
    conn.execute("SELECT pg_terminate_backend(%s)", (store.conn.info.backend_pid,))

    store.process_item(article("http://example.test/1"))  # the server dropped this connection
    assert crawler.stats.get_value("baithak/database_errors") == 1
    assert not crawler.stats.get_value("baithak/articles_stored")

    store.process_item(article("http://example.test/2"))
    store.process_item(SkippedItem("http://example.test/3", "test", "http_404"))
    assert crawler.stats.get_value("baithak/articles_stored") == 1
    assert conn.execute("SELECT url FROM articles").fetchall() == [("http://example.test/2",)]
    assert conn.execute("SELECT reason FROM skipped_pages").fetchall() == [("http_404",)]
    store.conn.close()
