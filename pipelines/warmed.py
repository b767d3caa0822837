"""Imported by the worker pool's fork server (`pipelines.work.Pool`): the language profiles and the
extractor's lexicons are loaded here once, and every worker forked from this process has them."""
from pipelines.work import warm

warm()
