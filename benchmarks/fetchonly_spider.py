"""The news spider's discovery and fetching, with no item pipelines: the crawl benchmark's baseline."""
from crawler.spiders.news import NewsSpider


class FetchOnlySpider(NewsSpider):
    name = "fetchonly"
    custom_settings = {"ITEM_PIPELINES": {}, "BAITHAK_INCREMENTAL": False}

    def parse_article(self, response):
        self.crawler.stats.inc_value("fetchonly/articles")
        return ()
