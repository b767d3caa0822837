"""The extractor's version: a release name plus a hash of everything its output depends on.

Stored facts carry the version; an incremental crawl and `scrapy reextract` redo an article
whose version differs (compared by equality only). Hashing the data files and the Python
sources means a lexicon or code edit is a new version without anyone bumping RELEASE.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

RELEASE = "2.0.0-dev"
PACKAGE = Path(__file__).resolve().parent


def _inputs(package: Path) -> list[Path]:
    """Every file under data/ and every .py source of the package, sorted by relative path."""
    files = [p for p in (package / "data").rglob("*") if p.is_file()]
    files += [p for p in package.rglob("*.py") if "__pycache__" not in p.parts]
    return sorted(set(files), key=lambda p: p.relative_to(package).as_posix())


def content_hash(package: Path = PACKAGE, length: int = 8) -> str:
    """sha256 over (relative path, contents) of the inputs; CRLF read as LF so checkouts agree."""
    h = hashlib.sha256()
    for p in _inputs(package):
        body = p.read_bytes().replace(b"\r\n", b"\n")
        h.update(p.relative_to(package).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(body).digest())
    return h.hexdigest()[:length]


EXTRACTOR_VERSION = f"{RELEASE}+{content_hash()}"
