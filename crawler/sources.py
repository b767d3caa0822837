"""Load and validate the sources file (`sources.toml`).

Each `[[source]]` names a site, the domains the crawl may visit, and how
articles are discovered. String values may use `${VAR}` from the
environment; a source whose variables are unset is skipped with a
warning, which is how the fixture site (`${FIXTURE_PORTAL}`,
`${FIXTURE_DAILY}`) lives in the same file as the real sites.
"""
from __future__ import annotations

import difflib
import logging
import os
import re
import string
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

log = logging.getLogger(__name__)

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "sources.toml"
DISCOVERY_TYPES = {"robots", "sitemap", "feed", "listing"}
# Every key a [[source]] and a discovery entry may have, with the TOML types it takes.
SOURCE_KEYS: dict[str, tuple[type, ...]] = {
    "name": (str,), "base_url": (str,), "domains": (list,), "discovery": (list,),
    "article_pattern": (str,), "pagination_pattern": (str,), "download_delay": (int, float),
    "concurrency": (int,), "allow_private": (bool,), "autothrottle": (bool,)}
DISCOVERY_KEYS: dict[str, tuple[type, ...]] = {"type": (str,), "url": (str,), "pages": (int,)}
TYPE_NAMES = {str: "a string", list: "an array", int: "an integer", float: "a number", bool: "true or false",
              dict: "a table"}


class SourcesError(ValueError):
    """The sources file is wrong; the message names the source and the key."""


@dataclass(frozen=True)
class Discovery:
    type: str  # robots | sitemap | feed | listing
    url: str
    pages: int = 1  # listing: how many pages to follow through pagination


@dataclass(frozen=True)
class Source:
    name: str
    base_url: str
    domains: tuple[str, ...]
    discovery: tuple[Discovery, ...]
    article_pattern: re.Pattern | None = None
    pagination_pattern: re.Pattern | None = None
    download_delay: float | None = None
    concurrency: int | None = None
    allow_private: bool = False  # may it reach private, loopback, link-local addresses (the fixture site)
    autothrottle: bool = True  # false: the source's own download_delay, not adapted to the server's latency
    extra: dict = field(default_factory=dict, compare=False)

    def is_article(self, url: str) -> bool:
        return self.article_pattern is None or bool(self.article_pattern.search(url))


_warned: set[tuple[str, str]] = set()  # each skipped source is reported once per process


def expand(value: str, where: str) -> str | None:
    expanded = string.Template(value).safe_substitute(os.environ)
    if "${" in expanded:
        if (where, value) not in _warned:
            _warned.add((where, value))
            log.warning("source %s skipped: %s needs an environment variable that is unset", where, value)
        return None
    return expanded


def check_keys(table: object, allowed: dict[str, tuple[type, ...]], where: str) -> dict:
    """`table` itself when it is a table whose keys are all known and of the right type."""
    if not isinstance(table, dict):
        raise SourcesError(f"{where}: must be a table, not {type_name(table)}")
    for key, value in table.items():
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(allowed)})"
            raise SourcesError(f"{where}: unknown key {key!r}{hint}")
        kinds = allowed[key]
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            wanted = " or ".join(TYPE_NAMES[k] for k in kinds)
            raise SourcesError(f"{where}: key {key!r} must be {wanted}, not {type_name(value)} ({value!r})")
    return table


def type_name(value: object) -> str:
    return TYPE_NAMES.get(type(value), type(value).__name__)


def check_values(raw: dict, where: str) -> None:
    """Values the types allow but a crawl cannot use."""
    for key in ("domains",):
        if not all(isinstance(d, str) and d for d in raw.get(key, [])):
            raise SourcesError(f"{where}: key {key!r} must be an array of host names")
    if raw.get("download_delay", 0) < 0:
        raise SourcesError(f"{where}: key 'download_delay' must be at least 0, not {raw['download_delay']!r}")
    if raw.get("concurrency", 1) < 1:
        raise SourcesError(f"{where}: key 'concurrency' must be at least 1, not {raw['concurrency']!r}")


def parse_source(raw: dict) -> Source | None:
    check_keys(raw, SOURCE_KEYS, f"source {raw.get('name', '?') if isinstance(raw, dict) else '?'}")
    name = raw.get("name")
    if not name:
        raise SourcesError("a [[source]] has no name")
    check_values(raw, f"source {name}")
    base = raw.get("base_url")
    if not base:
        raise SourcesError(f"source {name}: base_url is missing")
    base = expand(base, name)
    if base is None:
        return None
    entries = []
    for i, entry in enumerate(raw.get("discovery", []), start=1):
        check_keys(entry, DISCOVERY_KEYS, f"source {name}: discovery entry {i}")
        if entry.get("pages", 1) < 1:
            raise SourcesError(f"source {name}: discovery entry {i}: key 'pages' must be at least 1")
        kind = entry.get("type")
        if kind not in DISCOVERY_TYPES:
            raise SourcesError(f"source {name}: discovery type {kind!r} is not one of {sorted(DISCOVERY_TYPES)}")
        url = expand(entry.get("url", ""), name)
        if url is None:
            return None
        entries.append(Discovery(kind, urljoin(base, url), int(entry.get("pages", 1))))
    if not entries:
        raise SourcesError(f"source {name}: no discovery entries")
    domains = tuple(raw.get("domains") or ())
    if not domains:
        raise SourcesError(f"source {name}: domains is missing")
    return Source(name=name, base_url=base, domains=domains, discovery=tuple(entries),
                  article_pattern=compile_pattern(raw.get("article_pattern"), name),
                  pagination_pattern=compile_pattern(raw.get("pagination_pattern"), name),
                  download_delay=raw.get("download_delay"), concurrency=raw.get("concurrency"),
                  allow_private=bool(raw.get("allow_private", False)),
                  autothrottle=bool(raw.get("autothrottle", True)))


def compile_pattern(pattern: str | None, name: str) -> re.Pattern | None:
    if not pattern:
        return None
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise SourcesError(f"source {name}: bad pattern {pattern!r}: {exc}") from exc


def read_file(path: Path | str | None = None) -> tuple[Path, dict]:
    """The sources file parsed, every key known and of its type (nothing expanded yet)."""
    path = Path(path or os.environ.get("BAITHAK_SOURCES") or DEFAULT_PATH)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SourcesError(f"cannot read sources file {path}: {exc}") from None
    try:
        check_keys(raw, {"source": (list,)}, "the file")
        for table in raw.get("source", []):
            check_keys(table, SOURCE_KEYS, f"source {table.get('name', '?') if isinstance(table, dict) else '?'}")
    except SourcesError as exc:
        raise SourcesError(f"{path}: {exc}") from None
    return path, raw


def load_sources(path: Path | str | None = None, only: str | None = None) -> list[Source]:
    """The usable sources of the file; `only` selects some by name (comma-separated)."""
    path, raw = read_file(path)
    names = [s.get("name") for s in raw.get("source", [])]
    if len(names) != len(set(names)):
        raise SourcesError(f"{path}: source names must be unique")
    wanted = set(only.split(",")) if only else set(names)
    if missing := wanted - set(names):
        raise SourcesError(f"{path}: no source named {', '.join(sorted(missing))!r} (have: {', '.join(map(str, names))})")
    try:
        sources = [parse_source(s) for s in raw.get("source", []) if s.get("name") in wanted]
    except (SourcesError, TypeError, ValueError) as exc:  # one line naming the file, the source and the key
        raise SourcesError(f"{path}: {exc}") from None
    return [s for s in sources if s is not None]
