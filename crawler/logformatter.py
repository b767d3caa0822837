"""Log drops as one line with their reason, never the page body."""
from scrapy import logformatter


class QuietDrops(logformatter.LogFormatter):
    def dropped(self, item, exception, response, spider):
        entry = super().dropped(item, exception, response, spider)
        entry["msg"] = "Skipped %(url)s: %(exception)s"
        entry["args"] = {"url": getattr(item, "url", "?"), "exception": exception}
        entry["level"] = logformatter.logging.INFO
        return entry
