"""Custom `scrapy` commands (COMMANDS_MODULE): demo, summary, migrate, extract, evaluate, reextract."""
