"""Scrapy settings: the one place for politeness defaults."""
BOT_NAME = "baithak"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
COMMANDS_MODULE = "crawler.commands"
