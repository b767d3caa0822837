"""The extractor: plain functions over cleaned text (placeholder until the extractor lands)."""
from __future__ import annotations

from .model import Context, Extraction

EXTRACTOR_VERSION = "0.0.0"


def extract(text: str, context: Context | None = None) -> Extraction:
    """Meetings reported in `text`; `context` gives url and publication date."""
    return Extraction(meetings=[], extractor_version=EXTRACTOR_VERSION)
