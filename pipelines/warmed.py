"""Imported by the worker pool's fork server (`pipelines.work.Pool`): the language profiles and the
extractor's lexicons are loaded here once, and every worker forked from this process has them.

`gc.freeze()` moves what the warm-up built into the collector's permanent generation: a worker's
collections then never walk (and so never copy, page by page) the memory it shares with this process."""
import gc

from pipelines.work import warm

warm()
gc.freeze()
