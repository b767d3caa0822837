"""The one reader of the extractor's data files (`pipelines/extract/data/`).

Lexicons and patterns are TOML, word lists are text (one or more words a line, `#` starts a
comment), tables (the gazetteer) are tab-separated with `#` comment lines. Every stage, the
evaluator and the database catalogue read them through these functions, so a data file has
one format and one place it is read from.
"""
from __future__ import annotations

import csv
import tomllib
from pathlib import Path

DATA = Path(__file__).parent / "data"


def path(name: str) -> Path:
    return DATA / name


def toml(name: str) -> dict:
    return tomllib.loads((DATA / name).read_text(encoding="utf-8"))


def words(name: str, missing_ok: bool = False) -> list[str]:
    """The words of a word-list file; [] for an absent file when `missing_ok`."""
    file = DATA / name
    if missing_ok and not file.exists():
        return []
    lines = (line.split("#", 1)[0] for line in file.read_text(encoding="utf-8").splitlines())
    return [w for line in lines for w in line.split()]


def tsv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        rows = (line for line in f if not line.startswith("#"))
        return list(csv.DictReader(rows, delimiter="\t", quoting=csv.QUOTE_NONE))
