"""`scrapy evaluate DIR [--json] [--fail-under-targets] [--folds K]`: the extractor's figures against gold.

A thin wrapper of pipelines.evaluate (same options as `python -m pipelines.evaluate`).
Exit status 1 with --fail-under-targets when a figure is below its target or, with
--folds, a fold's figure is more than 0.05 from the whole set's; else 0.
"""
from __future__ import annotations

import argparse

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from pipelines import evaluate


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "DIR [--json] [--fail-under-targets] [--folds K]"

    def short_desc(self) -> str:
        return "Score the extractor against DIR/gold/*.json"

    def long_desc(self) -> str:
        return ("Run the extractor on every text of DIR/gold/*.json (gold format of ../shared/gold/README.md) "
                "and report participants, roles, posts, meeting fields and detection, in total and per article; "
                "with --folds K also on K folds of the set (gold ids sorted, alternating).")

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        evaluate.build_parser(parser)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one DIR")
        self.exitcode = evaluate.run(args[0], opts.json, opts.fail_under_targets, opts.folds)
